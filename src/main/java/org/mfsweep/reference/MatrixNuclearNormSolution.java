package org.mfsweep.reference;

/**
 * A solve of min ‖X‖_* s.t. A(X) = y over X ∈ R^{r×c} by {@link LiftedNuclearNorm}.
 *
 * @param x the primal X, rows × cols column-major
 * @param nu the dual ν ∈ Rᵐ, ‖A*(ν)‖_op ≤ 1 at a solution (0 on dropped dependent measurements)
 * @param norm ‖X‖_*, the sum of X's singular values
 * @param status CONVERGED when the certificate holds at the requested tolerance
 * @param iterations interior-point iterations
 * @param seconds wall time of the solve (set-up excluded)
 * @param certificate the residuals of (x, nu), see {@link LiftedNuclearNorm}
 */
public record MatrixNuclearNormSolution(double[] x, double[] nu, double norm, Status status, int iterations,
                                        double seconds, Certificate certificate) {}
