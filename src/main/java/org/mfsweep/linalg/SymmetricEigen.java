package org.mfsweep.linalg;

import org.netlib.util.intW;

/**
 * Eigenvalues, and where asked eigenvectors, of symmetric n × n matrices by LAPACK dsyevd. Owns its
 * workspace: one instance per thread, reused across calls.
 */
public final class SymmetricEigen {
  private final int n;
  private final double[] a;
  private final double[] w;
  private final double[] work;
  private final int[] iwork;
  private final intW info = new intW(0);

  private final boolean vectors;

  /** Eigenvalues only. */
  public SymmetricEigen(int n) {
    this(n, false);
  }

  /** With vectors, {@link #decompose} is available too (a larger workspace). */
  public SymmetricEigen(int n, boolean vectors) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be ≥ 1, got " + n);
    }
    this.n = n;
    this.vectors = vectors;
    this.a = new double[n * n];
    this.w = new double[n];
    double[] workQuery = new double[1];
    int[] iworkQuery = new int[1];
    Netlib.lapack.dsyevd(vectors ? "V" : "N", "U", n, a, n, w, workQuery, -1, iworkQuery, -1, info);
    check();
    this.work = new double[Math.max(1, (int) workQuery[0])];
    this.iwork = new int[Math.max(1, iworkQuery[0])];
  }

  /**
   * Eigenvalues of the symmetric matrix whose upper triangle is in x (n × n column-major), in
   * ascending order. x is not modified; the returned array is owned by this object and
   * overwritten by the next call.
   */
  public double[] eigenvalues(double[] x) {
    System.arraycopy(x, 0, a, 0, n * n);
    Netlib.lapack.dsyevd("N", "U", n, a, n, w, work, work.length, iwork, iwork.length, info);
    check();
    return w;
  }

  /**
   * x = Q·diag(λ)·Qᵀ: returns λ ascending (owned by this object, overwritten by the next call) and
   * writes the orthonormal eigenvectors, column j for λ_j, to q (n × n column-major). Only the upper
   * triangle of x is read; x is not modified (q may be x).
   *
   * @throws IllegalStateException when this instance was made without vectors
   */
  public double[] decompose(double[] x, double[] q) {
    if (!vectors) {
      throw new IllegalStateException("this SymmetricEigen was made for eigenvalues only");
    }
    System.arraycopy(x, 0, q, 0, n * n);
    Netlib.lapack.dsyevd("V", "U", n, q, n, w, work, work.length, iwork, iwork.length, info);
    check();
    return w;
  }

  private void check() {
    if (info.val != 0) {
      throw new LapackException("dsyevd", info.val, "n = " + n);
    }
  }
}
