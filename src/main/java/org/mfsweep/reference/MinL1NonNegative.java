package org.mfsweep.reference;

import java.util.Arrays;
import org.mfsweep.linalg.LapackException;
import org.mfsweep.linalg.Netlib;
import org.mfsweep.problem.MeasurementOperator;
import org.netlib.util.intW;

/**
 * The minimum ℓ1 non-negative vector that fits the measurements, the limit gradient descent on
 * x = u∘u reaches as α → 0 in the commuting (diagonal) case (Gunasekar et al. 2017): the LP
 * <pre>
 *   (P)  min Σⱼ xⱼ   s.t. A x = y, x ≥ 0,        (D)  max ⟨y, ν⟩   s.t. Aᵀν ≤ 1,
 * </pre>
 * with A the m × n matrix whose row i is the diagonal of Aᵢ.
 * <p>
 * <b>Algorithm.</b> Mehrotra's predictor–corrector primal–dual interior-point method (Nocedal and
 * Wright, <i>Numerical Optimization</i>, 2nd ed., algorithm 14.3, with their starting point),
 * each step solving the normal equations A D Aᵀ Δν = r, D = X S⁻¹, by Cholesky (dsyrk, dpotrf,
 * dpotrs). It gives the primal and the dual together (commons-math3's SimplexSolver gives no dual,
 * and its 1e-6 pivoting tolerance sits at the accuracy asked for) and converges in tens of
 * iterations at any size. Rows of A that are linearly dependent on others (e.g. m &gt; n) are
 * dropped first, chosen by QR with column pivoting of Aᵀ; their ν is 0 and the certificate still
 * checks all m. The iterates stay interior, so xⱼ that are zero at the optimum come out tiny and
 * positive, not exactly zero.
 * <p>
 * When the independent rows number n, A x = y has one solution, which is computed directly (LU,
 * dgetrf) with ν solving Aᵀν = 1.
 * <p>
 * Stopping: CONVERGED when the {@link Certificate} holds at the tolerance; MAX_ITERATIONS when
 * the budget runs out; STALLED when the normal equations can no longer be factored or the step
 * is no longer finite, or when A x = y alone fixes x and x fails the certificate (e.g. it has a
 * negative entry: the LP is infeasible). One instance per thread; it owns every workspace and its
 * iteration loop allocates nothing.
 */
public final class MinL1NonNegative {
  /** Tolerance 1e-9 on every certificate residual, at most 200 iterations. */
  public static final Settings DEFAULT_SETTINGS = new Settings(1e-9, 200);

  /** Pivots of Aᵀ's QR with |R_kk| ≤ this·|R_00| count as dependent rows. */
  static final double RANK_TOLERANCE = 1e-10;
  /** Fraction of the step to the boundary of the orthant that is taken. */
  static final double STEP_FRACTION = 0.995;
  /** First diagonal shift of the normal equations, relative to their largest diagonal entry. */
  static final double REGULARIZATION = 1e-15;
  /** Largest shift tried before the solve reports STALLED. */
  static final double MAX_REGULARIZATION = 1e-5;

  private final int m;
  private final int n;
  /** The full m × n matrix, for the certificate. */
  private final double[] a;
  private final int[] selected;
  private final int r;
  /** The selected rows, r × n. */
  private final double[] ar;

  private final double[] normal;
  private final double[] scaled;
  private final double[] x;
  private final double[] s;
  private final double[] nuR;
  private final double[] nu;
  private final double[] dx;
  private final double[] ds;
  private final double[] dnu;
  private final double[] rb;
  private final double[] rc;
  private final double[] d;
  private final double[] t;
  private final double[] rhs;
  private final double[] b;
  private final double[] ax;
  private final double[] atnu;
  /** LU factors of the r × n selected rows when r = n (then A x = y has one solution), else null. */
  private final double[] lu;
  private final int[] pivots;
  private final intW info = new intW(0);

  /**
   * @param a m × n column-major (copied: later changes to the array do not reach the solver)
   */
  public MinL1NonNegative(int m, int n, double[] a) {
    if (m < 1 || n < 1 || a.length != (long) m * n) {
      throw new IllegalArgumentException("need m, n ≥ 1 and an m × n matrix, got m = " + m + ", n = " + n
          + ", length " + a.length);
    }
    Checks.finiteMatrix(m, a);
    this.m = m;
    this.n = n;
    this.a = a.clone();
    double[] transposed = new double[a.length];
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < m; i++) {
        transposed[j + i * n] = a[i + j * m];
      }
    }
    this.selected = IndependentColumns.select(n, m, transposed, RANK_TOLERANCE);
    this.r = selected.length;
    if (r == 0) {
      throw new IllegalArgumentException("A is zero (" + m + " × " + n + "): there is nothing to fit");
    }
    this.ar = new double[r * n];
    for (int j = 0; j < n; j++) {
      for (int k = 0; k < r; k++) {
        ar[k + j * r] = a[selected[k] + j * m];
      }
    }
    this.normal = new double[r * r];
    this.scaled = new double[r * n];
    this.x = new double[n];
    this.s = new double[n];
    this.nuR = new double[r];
    this.nu = new double[m];
    this.dx = new double[n];
    this.ds = new double[n];
    this.dnu = new double[r];
    this.rb = new double[r];
    this.rc = new double[n];
    this.d = new double[n];
    this.t = new double[n];
    this.rhs = new double[r];
    this.b = new double[r];
    this.ax = new double[m];
    this.atnu = new double[n];
    if (r == n) {
      this.lu = ar.clone();
      this.pivots = new int[n];
      Netlib.lapack.dgetrf(n, n, lu, n, pivots, info);
      if (info.val != 0) {
        throw new LapackException("dgetrf", info.val, n + " × " + n + " independent rows of A");
      }
    } else {
      this.lu = null;
      this.pivots = null;
    }
  }

  /**
   * The LP of a diagonal measurement operator: row i of A is the diagonal of Aᵢ = A*(eᵢ).
   *
   * @throws IllegalArgumentException if some Aᵢ has a non-zero off-diagonal entry
   */
  public static MinL1NonNegative ofDiagonal(MeasurementOperator op) {
    int n = op.n();
    int m = op.m();
    double[] a = new double[Math.multiplyExact(m, n)];
    double[] e = new double[m];
    double[] ai = new double[Math.multiplyExact(n, n)];
    MeasurementOperator.Evaluator evaluator = op.evaluator();
    for (int i = 0; i < m; i++) {
      e[i] = 1;
      evaluator.adjoint(e, ai);
      e[i] = 0;
      for (int k = 0; k < n; k++) {
        for (int j = 0; j < n; j++) {
          if (j != k && ai[j + k * n] != 0) {
            throw new IllegalArgumentException("A_" + i + " is not diagonal: entry (" + j + ", " + k + ") = "
                + ai[j + k * n]);
          }
        }
        a[i + k * m] = ai[k + k * n];
      }
    }
    return new MinL1NonNegative(m, n, a);
  }

  /** Number of rows of A the solver uses (m unless some are linearly dependent). */
  public int independentRows() {
    return r;
  }

  /**
   * Solves (P) and (D) for y. y is not modified; the solution's arrays are new.
   *
   * @throws IllegalArgumentException if y has the wrong length or a non-finite entry
   */
  public L1Solution solve(double[] y, Settings settings) {
    Checks.measurements(m, y);
    long start = System.nanoTime();
    for (int k = 0; k < r; k++) {
      b[k] = y[selected[k]];
    }
    double[] certificate = new double[5];
    Status status;
    if (Netlib.blas.dnrm2(m, y, 1) == 0) { // x = 0, ν = 0 is optimal, and an interior method only nears it
      Arrays.fill(x, 0.0);
      Arrays.fill(nu, 0.0);
      status = null;
    } else if (r == n) { // A x = y fixes x: no interior to follow, solve it
      System.arraycopy(b, 0, x, 0, n);
      Netlib.lapack.dgetrs("N", n, 1, lu, n, pivots, x, n, info);
      Arrays.fill(nuR, 1.0);
      Netlib.lapack.dgetrs("T", n, 1, lu, n, pivots, nuR, n, info); // Aᵀν = 1: every xⱼ may be positive
      scatterDual();
      certify(y, x, nu, certificate);
      status = Checks.max(certificate) <= settings.tolerance() ? Status.CONVERGED : Status.STALLED;
    } else {
      status = start(y) ? null : Status.STALLED;
    }
    int iteration = 0;
    while (status == null) {
      certify(y, x, nu, certificate);
      if (Checks.max(certificate) <= settings.tolerance()) {
        status = Status.CONVERGED;
      } else if (iteration == settings.maxIterations()) {
        status = Status.MAX_ITERATIONS;
      } else if (!step()) {
        status = Status.STALLED;
      } else {
        iteration++;
      }
    }
    if (status == Status.STALLED && r < n) {
      certify(y, x, nu, certificate);
    }
    double sum = 0;
    for (int j = 0; j < n; j++) {
      sum += x[j];
    }
    return new L1Solution(x.clone(), nu.clone(), sum, status, iteration, (System.nanoTime() - start) * 1e-9,
        new Certificate(certificate[0], certificate[1], certificate[2], certificate[3], certificate[4]));
  }

  /**
   * The KKT residuals of (x, ν) for (P) and (D) with measurements y. Nothing passed in is
   * modified; the instance's workspaces are, so do not call this while a solve runs.
   */
  public Certificate certificate(double[] y, double[] x, double[] nu) {
    Checks.measurements(m, y);
    if (x.length != n || nu.length != m) {
      throw new IllegalArgumentException("expected x of " + n + " and ν of " + m + ", got lengths " + x.length
          + " and " + nu.length);
    }
    double[] c = new double[5];
    certify(y, x, nu, c);
    return new Certificate(c[0], c[1], c[2], c[3], c[4]);
  }

  private void certify(double[] y, double[] xx, double[] nuu, double[] out) {
    Netlib.blas.dgemv("N", m, n, 1.0, a, m, xx, 1, 0.0, ax, 1);
    double residual2 = 0;
    for (int i = 0; i < m; i++) {
      residual2 += (ax[i] - y[i]) * (ax[i] - y[i]);
    }
    out[0] = Certificate.relative(Math.sqrt(residual2), Netlib.blas.dnrm2(m, y, 1));
    double xNorm = Netlib.blas.dnrm2(n, xx, 1);
    double minX = Double.POSITIVE_INFINITY;
    double sum = 0;
    for (int j = 0; j < n; j++) {
      minX = Math.min(minX, xx[j]);
      sum += xx[j];
    }
    out[1] = Certificate.relative(Math.max(0, -minX), xNorm);
    Netlib.blas.dgemv("T", m, n, 1.0, a, m, nuu, 1, 0.0, atnu, 1);
    double maxDual = Double.NEGATIVE_INFINITY;
    double slack2 = 0;
    for (int j = 0; j < n; j++) {
      maxDual = Math.max(maxDual, atnu[j]);
      double c = xx[j] * (1 - atnu[j]);
      slack2 += c * c;
    }
    out[2] = Math.max(0, maxDual - 1);
    out[3] = Certificate.relative(Math.sqrt(slack2), xNorm);
    double dual = 0;
    for (int i = 0; i < m; i++) {
      dual += y[i] * nuu[i];
    }
    out[4] = Certificate.relative(Math.abs(sum - dual), sum);
  }

  /** Mehrotra's starting point; false if A Aᵀ cannot be factored. */
  private boolean start(double[] y) {
    Arrays.fill(nu, 0.0);
    Arrays.fill(d, 1.0);
    if (!factor()) {
      return false;
    }
    // x̃ = Aᵀ(AAᵀ)⁻¹b: least-norm fit
    System.arraycopy(b, 0, rhs, 0, r);
    solveNormal(rhs);
    Netlib.blas.dgemv("T", r, n, 1.0, ar, r, rhs, 1, 0.0, x, 1);
    // ν̃ = (AAᵀ)⁻¹A·1, s̃ = 1 − Aᵀν̃: least-norm dual slack
    Arrays.fill(t, 1.0);
    Netlib.blas.dgemv("N", r, n, 1.0, ar, r, t, 1, 0.0, nuR, 1);
    solveNormal(nuR);
    Netlib.blas.dgemv("T", r, n, -1.0, ar, r, nuR, 1, 0.0, s, 1);
    double minX = Double.POSITIVE_INFINITY;
    double minS = Double.POSITIVE_INFINITY;
    for (int j = 0; j < n; j++) {
      s[j] += 1;
      minX = Math.min(minX, x[j]);
      minS = Math.min(minS, s[j]);
    }
    double shiftX = Math.max(-1.5 * minX, 0);
    double shiftS = Math.max(-1.5 * minS, 0);
    double xs = 0;
    double sumX = 0;
    double sumS = 0;
    for (int j = 0; j < n; j++) {
      x[j] += shiftX;
      s[j] += shiftS;
      xs += x[j] * s[j];
      sumX += x[j];
      sumS += s[j];
    }
    double moveX = sumS > 0 ? 0.5 * xs / sumS : 0;
    double moveS = sumX > 0 ? 0.5 * xs / sumX : 0;
    boolean interior = true;
    for (int j = 0; j < n; j++) {
      x[j] += moveX;
      s[j] += moveS;
      interior &= x[j] > 0 && s[j] > 0;
    }
    if (!interior) { // degenerate data (e.g. y = 0): any interior point will do
      Arrays.fill(x, 1.0);
      Arrays.fill(s, 1.0);
      Arrays.fill(nuR, 0.0);
    }
    scatterDual();
    return true;
  }

  /** One predictor–corrector step; false if the normal equations cannot be factored. */
  private boolean step() {
    // rb = A x − b, rc = Aᵀν + s − 1, μ = xᵀs / n
    System.arraycopy(b, 0, rb, 0, r);
    Netlib.blas.dgemv("N", r, n, 1.0, ar, r, x, 1, -1.0, rb, 1);
    System.arraycopy(s, 0, rc, 0, n);
    Netlib.blas.dgemv("T", r, n, 1.0, ar, r, nuR, 1, 1.0, rc, 1);
    double mu = 0;
    for (int j = 0; j < n; j++) {
      rc[j] -= 1;
      mu += x[j] * s[j];
      d[j] = x[j] / s[j];
    }
    mu /= n;
    if (!factor()) {
      return false;
    }
    // predictor: complementarity target 0
    for (int j = 0; j < n; j++) {
      t[j] = x[j] * s[j];
    }
    direction();
    if (!finite()) {
      return false;
    }
    double alphaP = Math.min(1, boundary(x, dx));
    double alphaD = Math.min(1, boundary(s, ds));
    double muAffine = 0;
    for (int j = 0; j < n; j++) {
      muAffine += (x[j] + alphaP * dx[j]) * (s[j] + alphaD * ds[j]);
    }
    muAffine /= n;
    double sigma = Math.pow(muAffine / mu, 3);
    // corrector: target σμ, with the predictor's second-order term
    for (int j = 0; j < n; j++) {
      t[j] = x[j] * s[j] + dx[j] * ds[j] - sigma * mu;
    }
    direction();
    if (!finite()) {
      return false;
    }
    alphaP = Math.min(1, STEP_FRACTION * boundary(x, dx));
    alphaD = Math.min(1, STEP_FRACTION * boundary(s, ds));
    for (int j = 0; j < n; j++) {
      x[j] += alphaP * dx[j];
      s[j] += alphaD * ds[j];
    }
    for (int k = 0; k < r; k++) {
      nuR[k] += alphaD * dnu[k];
    }
    scatterDual();
    return true;
  }

  /**
   * Solves A Δx = −rb, AᵀΔν + Δs = −rc, S Δx + X Δs = −t through the normal equations:
   * A D Aᵀ Δν = −rb + A(S⁻¹t − D rc), Δs = −rc − AᵀΔν, Δx = −S⁻¹t − D Δs.
   */
  private void direction() {
    for (int j = 0; j < n; j++) {
      dx[j] = t[j] / s[j] - d[j] * rc[j];
    }
    for (int k = 0; k < r; k++) {
      rhs[k] = -rb[k];
    }
    Netlib.blas.dgemv("N", r, n, 1.0, ar, r, dx, 1, 1.0, rhs, 1);
    solveNormal(rhs);
    System.arraycopy(rhs, 0, dnu, 0, r);
    for (int j = 0; j < n; j++) {
      ds[j] = -rc[j];
    }
    Netlib.blas.dgemv("T", r, n, -1.0, ar, r, dnu, 1, 1.0, ds, 1);
    for (int j = 0; j < n; j++) {
      dx[j] = -t[j] / s[j] - d[j] * ds[j];
    }
  }

  /** The step is finite (it is not once x and s underflow). */
  private boolean finite() {
    double sum = 0;
    for (int j = 0; j < n; j++) {
      sum += dx[j] + ds[j];
    }
    for (int k = 0; k < r; k++) {
      sum += dnu[k];
    }
    return Double.isFinite(sum);
  }

  /**
   * normal ← Cholesky factor of A D Aᵀ + δI, δ = 0 if that factors, else the smallest of
   * REGULARIZATION·max diag·100ᵏ (k = 0, 1, 2, …, up to MAX_REGULARIZATION) that does. Near the
   * optimum of a degenerate LP (fewer than m non-zeros, as in the diagonal problems) A D Aᵀ is
   * singular to working precision; the shift perturbs only the step, and the residuals are
   * recomputed from the iterates, so the certificate is unaffected. False if no shift works.
   */
  private boolean factor() {
    for (int j = 0; j < n; j++) {
      double root = Math.sqrt(d[j]);
      for (int k = 0; k < r; k++) {
        scaled[k + j * r] = ar[k + j * r] * root;
      }
    }
    double shift = 0;
    while (true) {
      Netlib.blas.dsyrk("U", "N", r, n, 1.0, scaled, r, 0.0, normal, r);
      double largest = 0;
      for (int k = 0; k < r; k++) {
        largest = Math.max(largest, normal[k + k * r]);
      }
      for (int k = 0; k < r; k++) {
        normal[k + k * r] += shift * largest;
      }
      Netlib.lapack.dpotrf("U", r, normal, r, info);
      if (info.val == 0) {
        return true;
      }
      shift = shift == 0 ? REGULARIZATION : shift * 100;
      if (shift > MAX_REGULARIZATION) {
        return false;
      }
    }
  }

  private void solveNormal(double[] v) {
    Netlib.lapack.dpotrs("U", r, 1, normal, r, v, r, info);
  }

  /** The largest α with v + α·dv ≥ 0: the minimum over dvⱼ &lt; 0 of −vⱼ/dvⱼ, or +∞. */
  private double boundary(double[] v, double[] dv) {
    double alpha = Double.POSITIVE_INFINITY;
    for (int j = 0; j < n; j++) {
      if (dv[j] < 0) {
        alpha = Math.min(alpha, -v[j] / dv[j]);
      }
    }
    return alpha;
  }

  private void scatterDual() {
    Arrays.fill(nu, 0.0);
    for (int k = 0; k < r; k++) {
      nu[selected[k]] = nuR[k];
    }
  }
}
