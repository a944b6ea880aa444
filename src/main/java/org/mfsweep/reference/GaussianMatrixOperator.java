package org.mfsweep.reference;

import java.util.Random;
import org.mfsweep.linalg.Netlib;

/** Dense Aᵢ ∈ R^{r×c} with i.i.d. N(0, 1/m) entries: matrix sensing of a non-symmetric X. */
public final class GaussianMatrixOperator implements MatrixOperator {
  private final int rows;
  private final int cols;
  private final int m;
  /** (r·c) × m column-major, column i = vec Aᵢ. */
  private final double[] a;

  /** @param a (rows·cols) × m column-major, column i = vec Aᵢ (kept, not copied) */
  public GaussianMatrixOperator(int rows, int cols, int m, double[] a) {
    if (rows < 1 || cols < 1 || m < 1 || a.length != (long) rows * cols * m) {
      throw new IllegalArgumentException("expected " + m + " matrices of " + rows + " × " + cols + ", got "
          + a.length + " doubles");
    }
    Checks.finiteMatrix(rows * cols, a);
    this.rows = rows;
    this.cols = cols;
    this.m = m;
    this.a = a;
  }

  public static GaussianMatrixOperator random(int rows, int cols, int m, Random rng) {
    double[] a = new double[Math.multiplyExact(Math.multiplyExact(rows, cols), m)];
    double scale = 1 / Math.sqrt(m);
    for (int t = 0; t < a.length; t++) {
      a[t] = scale * rng.nextGaussian();
    }
    return new GaussianMatrixOperator(rows, cols, m, a);
  }

  @Override public int rows() {
    return rows;
  }

  @Override public int cols() {
    return cols;
  }

  @Override public int m() {
    return m;
  }

  @Override public void apply(double[] x, double[] out) {
    Netlib.blas.dgemv("T", rows * cols, m, 1.0, a, rows * cols, x, 1, 0.0, out, 1);
  }

  @Override public void adjoint(double[] r, double[] out) {
    Netlib.blas.dgemv("N", rows * cols, m, 1.0, a, rows * cols, r, 1, 0.0, out, 1);
  }
}
