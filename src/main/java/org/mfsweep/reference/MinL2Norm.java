package org.mfsweep.reference;

import org.mfsweep.linalg.LapackException;
import org.mfsweep.linalg.Netlib;
import org.netlib.util.doubleW;
import org.netlib.util.intW;

/**
 * The minimum ℓ2 norm solution of an underdetermined system, the limit of gradient descent on
 * least squares started from 0: for a dense m × n matrix A of full row rank (m ≤ n),
 * <pre>  x = A⁺y = Aᵀ(AAᵀ)⁻¹y.</pre>
 * <b>Algorithm.</b> Householder QR of Aᵀ = QR (dgeqrf), factored once per instance; then
 * x = Q R⁻ᵀ y (dtrtrs, dormqr) and the witness w = R⁻¹R⁻ᵀy = (AAᵀ)⁻¹y, so that x = Aᵀw. QR
 * rather than Cholesky of AAᵀ: its error grows with cond(A), not cond(A)². The certificate
 * ({@link L2Certificate}) is computed from A itself, not from the factors.
 */
public final class MinL2Norm {
  /** Refuse A whose estimated condition number exceeds this: the solution would carry no digits. */
  static final double CONDITION_LIMIT = 1e12;

  private final int m;
  private final int n;
  private final double[] a;
  private final double[] qr;
  private final double[] tau;
  private final double[] work;
  private final double factorSeconds;
  private final intW info = new intW(0);

  /**
   * @param a m × n column-major, m ≤ n (copied)
   * @throws RankDeficientException if A is numerically rank deficient (cond(A) &gt; 1e12)
   */
  public MinL2Norm(int m, int n, double[] a) {
    long start = System.nanoTime();
    if (m < 1 || m > n || a.length != (long) m * n) {
      throw new IllegalArgumentException("need 1 ≤ m ≤ n and an m × n matrix, got m = " + m + ", n = " + n
          + ", length " + a.length);
    }
    Checks.finiteMatrix(m, a);
    this.m = m;
    this.n = n;
    this.a = a.clone();
    this.qr = new double[a.length];
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < m; i++) {
        qr[j + i * n] = a[i + j * m];
      }
    }
    this.tau = new double[m];
    double[] query = new double[1];
    Netlib.lapack.dgeqrf(n, m, qr, n, tau, query, -1, info);
    int lwork = Math.max(3 * m, (int) query[0]);
    Netlib.lapack.dormqr("L", "N", n, 1, m, qr, n, tau, new double[n], n, query, -1, info);
    this.work = new double[Math.max(lwork, (int) query[0])];
    Netlib.lapack.dgeqrf(n, m, qr, n, tau, work, work.length, info);
    if (info.val != 0) {
      throw new LapackException("dgeqrf", info.val, n + " × " + m);
    }
    // R is the Cholesky factor of AAᵀ up to signs: its condition estimate is cond(AAᵀ) = cond(A)²
    double[] gram = new double[m * m];
    Netlib.blas.dsyrk("U", "N", m, n, 1.0, a, m, 0.0, gram, m);
    double gramNorm = 0;
    for (int k = 0; k < m; k++) {
      double column = 0;
      for (int i = 0; i < m; i++) {
        column += Math.abs(i <= k ? gram[i + k * m] : gram[k + i * m]);
      }
      gramNorm = Math.max(gramNorm, column);
    }
    doubleW rcond = new doubleW(0);
    Netlib.lapack.dpocon("U", m, qr, n, gramNorm, rcond, new double[3 * m], new int[m], info);
    if (info.val != 0) {
      throw new LapackException("dpocon", info.val, m + " × " + m);
    }
    if (!(rcond.val * CONDITION_LIMIT * CONDITION_LIMIT >= 1)) {
      throw new RankDeficientException("A (" + m + " × " + n + ") does not have full row rank: estimated cond(A) = "
          + (rcond.val > 0 ? String.format("%.3g", 1 / Math.sqrt(rcond.val)) : "∞") + " > " + CONDITION_LIMIT);
    }
    this.factorSeconds = (System.nanoTime() - start) * 1e-9;
  }

  /** Wall time of the constructor (QR factorisation and condition estimate). */
  public double factorSeconds() {
    return factorSeconds;
  }

  /**
   * x = A⁺y and its witness w. y is not modified; the solution's arrays are new.
   *
   * @throws IllegalArgumentException if y has the wrong length or a non-finite entry
   */
  public L2Solution solve(double[] y) {
    Checks.measurements(m, y);
    long start = System.nanoTime();
    double[] x = new double[n];
    System.arraycopy(y, 0, x, 0, m);
    Netlib.lapack.dtrtrs("U", "T", "N", m, 1, qr, n, x, n, info); // z = R⁻ᵀy in x[0, m)
    if (info.val != 0) {
      throw new LapackException("dtrtrs", info.val, "Rᵀ, " + m + " × " + m);
    }
    double[] w = new double[m];
    System.arraycopy(x, 0, w, 0, m);
    Netlib.lapack.dtrtrs("U", "N", "N", m, 1, qr, n, w, m, info); // w = R⁻¹z
    if (info.val != 0) {
      throw new LapackException("dtrtrs", info.val, "R, " + m + " × " + m);
    }
    Netlib.lapack.dormqr("L", "N", n, 1, m, qr, n, tau, x, n, work, work.length, info); // x = Q (z; 0)
    if (info.val != 0) {
      throw new LapackException("dormqr", info.val, n + " × " + m);
    }
    double seconds = (System.nanoTime() - start) * 1e-9;
    return new L2Solution(x, w, seconds, certificate(y, x, w));
  }

  /** The residuals of (x, w) for measurements y, computed from A. Nothing passed in is modified. */
  public L2Certificate certificate(double[] y, double[] x, double[] w) {
    if (y.length != m || x.length != n || w.length != m) {
      throw new IllegalArgumentException("expected y and w of " + m + " and x of " + n + ", got lengths " + y.length
          + ", " + w.length + " and " + x.length);
    }
    double[] residual = y.clone();
    Netlib.blas.dgemv("N", m, n, 1.0, a, m, x, 1, -1.0, residual, 1);
    double[] fromRows = x.clone();
    Netlib.blas.dgemv("T", m, n, -1.0, a, m, w, 1, 1.0, fromRows, 1);
    double relativeResidual = Certificate.relative(Netlib.blas.dnrm2(m, residual, 1), Netlib.blas.dnrm2(m, y, 1));
    double distance = Certificate.relative(Netlib.blas.dnrm2(n, fromRows, 1), Netlib.blas.dnrm2(n, x, 1));
    return new L2Certificate(relativeResidual, distance);
  }
}
