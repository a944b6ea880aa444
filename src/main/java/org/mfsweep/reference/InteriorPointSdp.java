package org.mfsweep.reference;

import java.util.Arrays;
import org.mfsweep.linalg.LapackException;
import org.mfsweep.linalg.Netlib;
import org.netlib.util.intW;

/**
 * A primal–dual interior-point method for the standard-form semidefinite program
 * <pre>
 *   (P)  min ⟨C, Z⟩  s.t. 𝒜(Z) = b, Z ⪰ 0,        (D)  max ⟨b, y⟩  s.t. 𝒜*(y) + S = C, S ⪰ 0,
 * </pre>
 * Z, S, C symmetric N × N, 𝒜 an {@link SdpConstraints} of full row rank (the caller drops
 * dependent constraints). The cone and the cost are here, the operator outside, so the same code
 * solves min tr X (C = I) and the lifted nuclear norm (C = I/2).
 * <p>
 * <b>Direction.</b> Nesterov–Todd, in the scaled space of Todd, Toh and Tütüncü (<i>On the
 * Nesterov–Todd direction in semidefinite programming</i>, SIAM J. Optim. 1998): with Cholesky
 * factors Z = L Lᵀ, S = R Rᵀ and the SVD Rᵀ L = U D Vᵀ, G = L V D^{−1/2} gives W = G Gᵀ, the NT
 * scaling point (W S W = Z), and G⁻¹ZG⁻ᵀ = GᵀSG = D = diag(λ). In that space the linearised
 * complementarity is λ∘(ΔẐ + ΔŜ) = R_c with A∘B = (AB + BA)/2, solved entrywise:
 * (ΔẐ + ΔŜ)_jk = 2(R_c)_jk/(λ_j + λ_k). Eliminating ΔẐ, ΔŜ leaves the Schur system
 * M Δy = r_p − 𝒜(G(R̂_c − R̂_d)Gᵀ) with M_ij = ⟨𝒜ᵢ, W𝒜ⱼW⟩ (formed by the operator, factored by
 * dpotrf), r_p = b − 𝒜(Z), R_d = C − S − 𝒜*(y), R̂_d = GᵀR_dG; then ΔŜ = R̂_d − Gᵀ𝒜*(Δy)G,
 * ΔẐ = R̂_c − ΔŜ, ΔZ = GΔẐGᵀ, ΔS = R_d − 𝒜*(Δy).
 * <p>
 * <b>Mehrotra predictor–corrector.</b> The predictor takes R_c = −λ∘λ; its step lengths give
 * μ_aff and σ = (μ_aff/μ)³; the corrector takes R_c = σμI − λ∘λ − ΔẐ_aff∘ΔŜ_aff with the same
 * factor of M. Step lengths to the boundary come from the smallest eigenvalue of
 * D^{−1/2}ΔD^{−1/2} and are damped by γ = 0.9 + 0.09·min(α_P, α_D), separately for primal and
 * dual. The start is Z = ξI, S = ηI, y = 0 with ξ, η scaled to b, 𝒜 and C as in SDPT3.
 * <p>
 * <b>Stopping.</b> The caller's {@link Certifier} is asked after every iteration: CONVERGED when
 * its largest residual is at most the tolerance, MAX_ITERATIONS when the budget runs out, STALLED
 * when a Cholesky factor fails or the steps become negligible; in the last two cases the iterate
 * with the smallest certificate is returned. One instance per thread; the loop allocates nothing.
 * <p>
 * <b>Where it stops short.</b> When (P) has no interior point, (D) need not attain its optimum:
 * y grows without bound along the path, the complementarity residual falls like √μ instead of μ,
 * and Z's Cholesky factor fails near μ ≈ 1e-14 with residuals of 1e-6–3e-5. On completion this
 * happens when the observed entries contain a fully observed principal block, which is singular
 * for a truth of lower rank. Of 32 instances near the threshold (n = 30…50, seeds 1–4), the 23
 * without a fully observed 3 × 3 block all certified; of the 9 with one, 4 stalled (‖y‖ 1e4–2e5)
 * and 5 certified with a large ‖y‖. {@link FacialReduction} restores an interior by solving on the
 * face; it certifies faces exposed by such blocks, not yet those that also need cycles.
 * Iterative refinement of the Schur solve did not help there (it turned 28 certified of 32
 * completion instances into 26), so there is none. Where the dual is attained but ‖y‖ is large,
 * the same Cholesky failure can come just short of the tolerance: {@link MinNuclearNormIpm} then
 * compresses Z to the kernel of the slack (its Javadoc).
 */
final class InteriorPointSdp {
  /** σ = (μ_aff/μ)^this (Mehrotra's heuristic). */
  static final double CENTERING_POWER = 3;
  /** Step damping γ = GAMMA_BASE + GAMMA_SLOPE·min(α_P, α_D). */
  static final double GAMMA_BASE = 0.9;
  static final double GAMMA_SLOPE = 0.09;
  /** Steps shorter than this on both sides, this many times in a row, mean the method stalled. */
  static final double TINY_STEP = 1e-8;
  static final int TINY_STEPS_ALLOWED = 3;
  /** Shifts tried, relative to max M_ii, when M's Cholesky factorisation fails (rounding). */
  static final double[] SCHUR_SHIFTS = {0, 1e-14, 1e-12, 1e-10};

  /** Residuals of a primal–dual pair: out gets any number of residuals, the solver uses their maximum. */
  interface Certifier {
    void certify(double[] z, double[] y, double[] out);
  }

  /** An iterate and how the solve ended. z, s are N × N, y length m; all new arrays. */
  record Result(double[] z, double[] y, double[] s, Status status, int iterations, double seconds, double[] residuals) {}

  private final SdpConstraints op;
  private final int n;
  private final int m;
  private final double[] c;
  private final double cNorm;
  /** ‖𝒜ᵢ‖_F, from the diagonal of the Gram matrix M(I). */
  private final double[] rowNorms;

  private final double[] z;
  private final double[] s;
  private final double[] y;
  private final double[] rd;
  private final double[] rdHat;
  private final double[] lz;
  private final double[] ls;
  private final double[] t;
  private final double[] u;
  private final double[] vt;
  private final double[] g;
  private final double[] w;
  private final double[] lambda;
  private final double[] rc;
  private final double[] dzHat;
  private final double[] dsHat;
  private final double[] dzAff;
  private final double[] dsAff;
  private final double[] dz;
  private final double[] ds;
  private final double[] tmp;
  private final double[] tmp2;
  private final double[] eig;
  private final double[] rp;
  private final double[] dy;
  private final double[] am;
  private final double[] schur;
  private final double[] factor;
  private final double[] svdWork;
  private final double[] eigWork;
  private final int[] eigIwork;
  private final intW info = new intW(0);

  /** @param c the cost, symmetric N × N (copied) */
  InteriorPointSdp(SdpConstraints op, double[] c) {
    this.op = op;
    this.n = op.size();
    this.m = op.m();
    int nn = n * n;
    if (c.length != nn) {
      throw new IllegalArgumentException("cost has " + c.length + " entries, expected " + n + " × " + n);
    }
    this.c = c.clone();
    this.cNorm = Netlib.blas.dnrm2(nn, c, 1);
    this.z = new double[nn];
    this.s = new double[nn];
    this.y = new double[m];
    this.rd = new double[nn];
    this.rdHat = new double[nn];
    this.lz = new double[nn];
    this.ls = new double[nn];
    this.t = new double[nn];
    this.u = new double[nn];
    this.vt = new double[nn];
    this.g = new double[nn];
    this.w = new double[nn];
    this.lambda = new double[n];
    this.rc = new double[nn];
    this.dzHat = new double[nn];
    this.dsHat = new double[nn];
    this.dzAff = new double[nn];
    this.dsAff = new double[nn];
    this.dz = new double[nn];
    this.ds = new double[nn];
    this.tmp = new double[nn];
    this.tmp2 = new double[nn];
    this.eig = new double[n];
    this.rp = new double[m];
    this.dy = new double[m];
    this.am = new double[m];
    this.schur = new double[Math.multiplyExact(m, m)];
    this.factor = new double[m * m];

    identity(w);
    op.schur(w, w, factor); // the Gram matrix (⟨𝒜ᵢ, 𝒜ₖ⟩): row norms, and full rank or not
    this.rowNorms = new double[m];
    for (int i = 0; i < m; i++) {
      rowNorms[i] = Math.sqrt(factor[i + i * m]);
    }
    Netlib.lapack.dpotrf("U", m, factor, m, info);
    if (info.val != 0) {
      throw new RankDeficientException("the Gram matrix (⟨𝒜ᵢ, 𝒜ₖ⟩) of " + m + " constraints on " + n + " × " + n
          + " is not positive definite (dpotrf info " + info.val + "): drop dependent constraints first");
    }
    double[] query = new double[1];
    Netlib.lapack.dgesvd("A", "A", n, n, t, n, lambda, u, n, vt, n, query, -1, info);
    this.svdWork = new double[Math.max(1, (int) query[0])];
    int[] iquery = new int[1];
    Netlib.lapack.dsyevd("N", "U", n, t, n, eig, query, -1, iquery, -1, info);
    this.eigWork = new double[Math.max(1, (int) query[0])];
    this.eigIwork = new int[Math.max(1, iquery[0])];
  }

  Result solve(double[] b, Settings settings, Certifier certifier, int residualCount) {
    if (b.length != m) {
      throw new IllegalArgumentException("expected " + m + " right-hand sides, got " + b.length);
    }
    long start = System.nanoTime();
    double tolerance = settings.tolerance();
    double[] residuals = new double[residualCount];
    double[] best = new double[residualCount];
    double bestMax = Double.POSITIVE_INFINITY;
    double[] bestZ = new double[n * n];
    double[] bestS = new double[n * n];
    double[] bestY = new double[m];

    double xi = Math.max(10, Math.sqrt(n));
    double eta = Math.max(Math.max(10, Math.sqrt(n)), cNorm);
    for (int i = 0; i < m; i++) {
      xi = Math.max(xi, n * (1 + Math.abs(b[i])) / (1 + rowNorms[i]));
      eta = Math.max(eta, rowNorms[i]);
    }
    identity(z);
    Netlib.blas.dscal(n * n, xi, z, 1);
    identity(s);
    Netlib.blas.dscal(n * n, eta, s, 1);
    Arrays.fill(y, 0.0);

    Status status;
    int iteration = 0;
    int tinySteps = 0;
    while (true) {
      certifier.certify(z, y, residuals);
      double worst = Checks.max(residuals);
      if (worst < bestMax || Double.isNaN(bestMax)) {
        bestMax = worst;
        System.arraycopy(residuals, 0, best, 0, residualCount);
        System.arraycopy(z, 0, bestZ, 0, z.length);
        System.arraycopy(s, 0, bestS, 0, s.length);
        System.arraycopy(y, 0, bestY, 0, m);
      }
      if (worst <= tolerance) {
        status = Status.CONVERGED;
        break;
      }
      if (iteration == settings.maxIterations()) {
        status = Status.MAX_ITERATIONS;
        break;
      }
      if (!step(b)) {
        status = Status.STALLED;
        break;
      }
      iteration++;
      tinySteps = lastPrimalStep < TINY_STEP && lastDualStep < TINY_STEP ? tinySteps + 1 : 0;
      if (tinySteps >= TINY_STEPS_ALLOWED) {
        status = Status.STALLED;
        break;
      }
    }
    double seconds = (System.nanoTime() - start) * 1e-9;
    if (status == Status.CONVERGED) {
      return new Result(z.clone(), y.clone(), s.clone(), status, iteration, seconds, residuals);
    }
    return new Result(bestZ, bestY, bestS, status, iteration, seconds, best);
  }

  private double lastPrimalStep;
  private double lastDualStep;

  /** One predictor–corrector iteration; false if a factorisation failed (nothing changed then). */
  private boolean step(double[] b) {
    int nn = n * n;
    op.apply(z, am);
    for (int i = 0; i < m; i++) {
      rp[i] = b[i] - am[i];
    }
    op.adjoint(y, rd);
    for (int k = 0; k < nn; k++) {
      rd[k] = c[k] - s[k] - rd[k];
    }
    double mu = dot(z, s) / n;

    if (!scaling()) {
      return false;
    }
    op.schur(w, g, schur);
    if (!factorSchur()) {
      return false;
    }
    congruenceT(rd, rdHat); // R̂_d = GᵀR_dG

    // predictor: R̂_c = λ⁻¹∘(−λ∘λ) = −λ on the diagonal
    Arrays.fill(rc, 0.0);
    for (int j = 0; j < n; j++) {
      rc[j + j * n] = -lambda[j];
    }
    direction();
    double alphaP = boundary(dzHat);
    double alphaD = boundary(dsHat);
    double ap = Math.min(1, alphaP);
    double ad = Math.min(1, alphaD);
    // ⟨Z, S⟩ is invariant under the scaling: μ_aff from the scaled iterates D + αΔ
    double muAff = 0;
    for (int k = 0; k < n; k++) {
      for (int j = 0; j < n; j++) {
        int q = j + k * n;
        double zj = (j == k ? lambda[j] : 0) + ap * dzHat[q];
        double sj = (j == k ? lambda[j] : 0) + ad * dsHat[q];
        muAff += zj * sj;
      }
    }
    muAff /= n;
    double sigma = mu > 0 ? Math.min(1, Math.pow(Math.max(0, muAff) / mu, CENTERING_POWER)) : 0;
    System.arraycopy(dzHat, 0, dzAff, 0, nn);
    System.arraycopy(dsHat, 0, dsAff, 0, nn);

    // corrector: R_c = σμI − λ∘λ − ΔẐ_aff∘ΔŜ_aff, then R̂_c = L_λ⁻¹(R_c)
    Netlib.blas.dgemm("N", "N", n, n, n, 1.0, dzAff, n, dsAff, n, 0.0, tmp, n);
    for (int k = 0; k < n; k++) {
      for (int j = 0; j < n; j++) {
        double r = -0.5 * (tmp[j + k * n] + tmp[k + j * n]);
        if (j == k) {
          r += sigma * mu - lambda[j] * lambda[j];
        }
        rc[j + k * n] = 2 * r / (lambda[j] + lambda[k]);
      }
    }
    direction();
    alphaP = boundary(dzHat);
    alphaD = boundary(dsHat);
    double gamma = GAMMA_BASE + GAMMA_SLOPE * Math.min(Math.min(1, alphaP), Math.min(1, alphaD));
    ap = Math.min(1, gamma * alphaP);
    ad = Math.min(1, gamma * alphaD);
    lastPrimalStep = ap;
    lastDualStep = ad;
    Netlib.blas.daxpy(nn, ap, dz, 1, z, 1);
    Netlib.blas.daxpy(nn, ad, ds, 1, s, 1);
    Netlib.blas.daxpy(m, ad, dy, 1, y, 1);
    symmetrize(z);
    symmetrize(s);
    return true;
  }

  /** G, W and λ of the NT scaling at (Z, S); false if Z or S is not numerically positive definite. */
  private boolean scaling() {
    int nn = n * n;
    System.arraycopy(z, 0, lz, 0, nn);
    Netlib.lapack.dpotrf("L", n, lz, n, info);
    if (info.val != 0) {
      return false;
    }
    System.arraycopy(s, 0, ls, 0, nn);
    Netlib.lapack.dpotrf("L", n, ls, n, info);
    if (info.val != 0) {
      return false;
    }
    lowerOnly(lz);
    lowerOnly(ls);
    System.arraycopy(lz, 0, t, 0, nn);
    Netlib.blas.dtrmm("L", "L", "T", "N", n, n, 1.0, ls, n, t, n); // T = RᵀL
    Netlib.lapack.dgesvd("A", "A", n, n, t, n, lambda, u, n, vt, n, svdWork, svdWork.length, info);
    if (info.val != 0) {
      throw new LapackException("dgesvd", info.val, "NT scaling, N = " + n);
    }
    for (int j = 0; j < n; j++) {
      if (!(lambda[j] > 0)) {
        return false;
      }
    }
    for (int k = 0; k < n; k++) { // g ← V D^{-1/2}, then L·g
      double scale = 1 / Math.sqrt(lambda[k]);
      for (int j = 0; j < n; j++) {
        g[j + k * n] = vt[k + j * n] * scale;
      }
    }
    Netlib.blas.dtrmm("L", "L", "N", "N", n, n, 1.0, lz, n, g, n);
    Netlib.blas.dsyrk("U", "N", n, n, 1.0, g, n, 0.0, w, n);
    symmetrizeFromUpper(w);
    return true;
  }

  /** Cholesky of M into factor, with the smallest shift of {@link #SCHUR_SHIFTS} that succeeds. */
  private boolean factorSchur() {
    double scale = 0;
    for (int i = 0; i < m; i++) {
      scale = Math.max(scale, schur[i + i * m]);
    }
    for (double shift : SCHUR_SHIFTS) {
      System.arraycopy(schur, 0, factor, 0, m * m);
      for (int i = 0; i < m; i++) {
        factor[i + i * m] += shift * scale;
      }
      Netlib.lapack.dpotrf("U", m, factor, m, info);
      if (info.val == 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * Solves for Δy, ΔẐ, ΔŜ (scaled) and ΔZ, ΔS from R̂_c in rc, with R̂_d, R_d, r_p, G and M's
   * factor current.
   */
  private void direction() {
    int nn = n * n;
    for (int k = 0; k < nn; k++) {
      tmp2[k] = rc[k] - rdHat[k];
    }
    congruence(tmp2, dz); // G(R̂_c − R̂_d)Gᵀ
    op.apply(dz, am);
    for (int i = 0; i < m; i++) {
      dy[i] = rp[i] - am[i];
    }
    Netlib.lapack.dpotrs("U", m, 1, factor, m, dy, m, info);
    if (info.val != 0) {
      throw new LapackException("dpotrs", info.val, "Schur complement " + m + " × " + m);
    }
    op.adjoint(dy, tmp2);
    for (int k = 0; k < nn; k++) {
      ds[k] = rd[k] - tmp2[k];
    }
    congruenceT(tmp2, dsHat);
    for (int k = 0; k < nn; k++) {
      dsHat[k] = rdHat[k] - dsHat[k];
      dzHat[k] = rc[k] - dsHat[k];
    }
    symmetrize(dzHat);
    symmetrize(dsHat);
    congruence(dzHat, dz);
    symmetrize(dz);
    symmetrize(ds);
  }

  /** The largest α with D + αΔ ⪰ 0 (infinite if Δ ⪰ 0): −1/λ_min(D^{−1/2}ΔD^{−1/2}). */
  private double boundary(double[] delta) {
    for (int k = 0; k < n; k++) {
      for (int j = 0; j <= k; j++) {
        tmp[j + k * n] = delta[j + k * n] / Math.sqrt(lambda[j] * lambda[k]);
      }
    }
    Netlib.lapack.dsyevd("N", "U", n, tmp, n, eig, eigWork, eigWork.length, eigIwork, eigIwork.length, info);
    if (info.val != 0) {
      throw new LapackException("dsyevd", info.val, "step length, N = " + n);
    }
    return eig[0] < 0 ? -1 / eig[0] : Double.POSITIVE_INFINITY;
  }

  /** out ← G a Gᵀ. */
  private void congruence(double[] a, double[] out) {
    Netlib.blas.dgemm("N", "N", n, n, n, 1.0, g, n, a, n, 0.0, tmp, n);
    Netlib.blas.dgemm("N", "T", n, n, n, 1.0, tmp, n, g, n, 0.0, out, n);
  }

  /** out ← Gᵀ a G. */
  private void congruenceT(double[] a, double[] out) {
    Netlib.blas.dgemm("T", "N", n, n, n, 1.0, g, n, a, n, 0.0, tmp, n);
    Netlib.blas.dgemm("N", "N", n, n, n, 1.0, tmp, n, g, n, 0.0, out, n);
  }

  private void identity(double[] a) {
    Arrays.fill(a, 0.0);
    for (int j = 0; j < n; j++) {
      a[j + j * n] = 1;
    }
  }

  /** a ← (a + aᵀ)/2. */
  private void symmetrize(double[] a) {
    org.mfsweep.linalg.Packed.average(n, a);
  }

  private void symmetrizeFromUpper(double[] a) {
    for (int k = 0; k < n; k++) {
      for (int j = 0; j < k; j++) {
        a[k + j * n] = a[j + k * n];
      }
    }
  }

  /** Zeroes the strict upper triangle dpotrf("L") leaves untouched. */
  private void lowerOnly(double[] a) {
    for (int k = 0; k < n; k++) {
      for (int j = 0; j < k; j++) {
        a[j + k * n] = 0;
      }
    }
  }

  private static double dot(double[] a, double[] b) {
    double r = 0;
    for (int k = 0; k < a.length; k++) {
      r += a[k] * b[k];
    }
    return r;
  }
}
