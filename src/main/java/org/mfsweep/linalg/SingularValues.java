package org.mfsweep.linalg;

import org.netlib.util.intW;

/**
 * Singular values of general rows × cols matrices by LAPACK dgesdd (values only). Owns its
 * workspace: one instance per thread, reused across calls.
 */
public final class SingularValues {
  private final int rows;
  private final int cols;
  private final double[] a;
  private final double[] s;
  private final double[] work;
  private final int[] iwork;
  private final double[] none = new double[1];
  private final intW info = new intW(0);

  public SingularValues(int rows, int cols) {
    if (rows < 1 || cols < 1) {
      throw new IllegalArgumentException("need rows, cols ≥ 1, got " + rows + " × " + cols);
    }
    this.rows = rows;
    this.cols = cols;
    this.a = new double[rows * cols];
    this.s = new double[Math.min(rows, cols)];
    this.iwork = new int[8 * Math.min(rows, cols)];
    double[] query = new double[1];
    Netlib.lapack.dgesdd("N", rows, cols, a, rows, s, none, 1, none, 1, query, -1, iwork, info);
    check();
    this.work = new double[Math.max(1, (int) query[0])];
  }

  /**
   * The min(rows, cols) singular values of x (rows × cols column-major), largest first. x is not
   * modified; the returned array is owned by this object and overwritten by the next call.
   */
  public double[] of(double[] x) {
    System.arraycopy(x, 0, a, 0, rows * cols);
    Netlib.lapack.dgesdd("N", rows, cols, a, rows, s, none, 1, none, 1, work, work.length, iwork, info);
    check();
    return s;
  }

  private void check() {
    if (info.val != 0) {
      throw new LapackException("dgesdd", info.val, rows + " × " + cols);
    }
  }
}
