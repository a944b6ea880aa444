package org.mfsweep.problem;

import java.util.Random;
import org.mfsweep.linalg.Netlib;

/** Dense Aᵢ ∈ R^{r×c}, stored as the columns of one matrix: matrix sensing of a non-symmetric X. */
public final class GaussianMatrixOperator implements MatrixOperator {
  private final int rows;
  private final int cols;
  private final int m;
  /** (r·c) × m column-major, column i = vec Aᵢ. */
  private final double[] a;

  /** @param a (rows·cols) × m column-major, column i = vec Aᵢ (kept, not copied) */
  public GaussianMatrixOperator(int rows, int cols, int m, double[] a) {
    if (rows < 1 || cols < 1 || m < 0 || a.length != (long) rows * cols * m) {
      throw new IllegalArgumentException("expected " + m + " matrices of " + rows + " × " + cols + ", got "
          + a.length + " doubles");
    }
    for (double v : a) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("a measurement matrix holds " + v);
      }
    }
    this.rows = rows;
    this.cols = cols;
    this.m = m;
    this.a = a;
  }

  /** A test set with no measurements. */
  public static GaussianMatrixOperator empty(int rows, int cols) {
    return new GaussianMatrixOperator(rows, cols, 0, new double[0]);
  }

  /** Aᵢ with i.i.d. N(0, 1/m) entries. */
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
    if (m == 0) {
      return;
    }
    Netlib.blas.dgemv("T", rows * cols, m, 1.0, a, rows * cols, x, 1, 0.0, out, 1);
  }

  @Override public void adjoint(double[] r, double[] out) {
    if (m == 0) {
      java.util.Arrays.fill(out, 0, rows * cols, 0.0);
      return;
    }
    Netlib.blas.dgemv("N", rows * cols, m, 1.0, a, rows * cols, r, 1, 0.0, out, 1);
  }

  /** The measurement matrices, (rows·cols) × m column-major; not a copy. */
  public double[] matrices() {
    return a;
  }

  @Override public void apply(double[] x, int[] idx, int from, int b, double[] out) {
    int e = rows * cols;
    for (int t = 0; t < b; t++) {
      out[t] = Netlib.blas.ddot(e, a, idx[from + t] * e, 1, x, 0, 1);
    }
  }

  @Override public void adjoint(double[] r, int[] idx, int from, int b, double[] out) {
    int e = rows * cols;
    java.util.Arrays.fill(out, 0, e, 0.0);
    for (int t = 0; t < b; t++) {
      Netlib.blas.daxpy(e, r[t], a, idx[from + t] * e, 1, out, 0, 1);
    }
  }
}
