package org.mfsweep.linalg;

import org.netlib.util.intW;

/** Orthonormal bases from Householder QR (LAPACK dgeqrf + dorgqr). */
public final class Orthonormal {
  private Orthonormal() {}

  /**
   * Replaces the rows × cols matrix a (column-major, rows ≥ cols) by the Q of its thin QR
   * factorisation, with column signs chosen so that R has a non-negative diagonal. For a Gaussian
   * a this gives Haar-distributed orthonormal columns.
   */
  public static void columns(int rows, int cols, double[] a) {
    if (rows < cols || a.length < rows * cols) {
      throw new IllegalArgumentException("need rows ≥ cols and a of rows·cols, got " + rows + " × " + cols
          + ", length " + a.length);
    }
    double[] tau = new double[cols];
    intW info = new intW(0);
    double[] query = new double[1];
    Netlib.lapack.dgeqrf(rows, cols, a, rows, tau, query, -1, info);
    double[] work = new double[Math.max(cols, (int) query[0])];
    Netlib.lapack.dgeqrf(rows, cols, a, rows, tau, work, work.length, info);
    if (info.val != 0) {
      throw new LapackException("dgeqrf", info.val, rows + " × " + cols);
    }
    double[] signs = new double[cols];
    for (int j = 0; j < cols; j++) {
      signs[j] = a[j + j * rows] < 0 ? -1 : 1;
    }
    Netlib.lapack.dorgqr(rows, cols, cols, a, rows, tau, query, -1, info);
    if (work.length < (int) query[0]) {
      work = new double[(int) query[0]];
    }
    Netlib.lapack.dorgqr(rows, cols, cols, a, rows, tau, work, work.length, info);
    if (info.val != 0) {
      throw new LapackException("dorgqr", info.val, rows + " × " + cols);
    }
    for (int j = 0; j < cols; j++) {
      if (signs[j] < 0) {
        Netlib.blas.dscal(rows, -1, a, j * rows, 1);
      }
    }
  }
}
