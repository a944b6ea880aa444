package org.mfsweep.reference;

/**
 * Residuals of a minimum ℓ2 norm solution x with witness w: A x = y and x = Aᵀw together prove
 * that x is the solution of least norm (every other solution differs from x by a vector of
 * null(A), orthogonal to the row space that holds x). A relative residual whose reference
 * quantity is zero is reported absolute.
 *
 * @param residual ‖A x − y‖ / ‖y‖
 * @param rowSpaceDistance ‖x − Aᵀw‖ / ‖x‖, an upper bound on the relative distance of x from
 *     the row space of A
 */
public record L2Certificate(double residual, double rowSpaceDistance) {
  public double max() {
    return Double.isNaN(residual + rowSpaceDistance) ? Double.NaN : Math.max(residual, rowSpaceDistance);
  }

  public boolean holds(double tolerance) {
    return max() <= tolerance;
  }
}
