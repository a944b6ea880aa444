package org.mfsweep.optim;

import org.mfsweep.linalg.Netlib;
import org.mfsweep.linalg.SymmetricEigen;
import org.netlib.util.intW;

/**
 * The solves of {@link Rodas5} for the flow field of a dense operator with fewer measurements than
 * unknowns (m &lt; n·d: sensing at large width), without the (n·d)² Jacobian. From
 * {@link FlowField#gaussNewton} the Jacobian is
 * <pre>  J = −(2/m)·Gᵀ·G − (1/m)·(I_d ⊗ M),   G = [vec(Aᵢ·U)ᵀ]ᵢ (m × n·d),   M = A*(r) = Q·Λ·Qᵀ,</pre>
 * so in the basis I_d ⊗ Q, with G̃ = G·(I_d ⊗ Q), W = fac·I − J is a diagonal plus a rank-m term:
 * <pre>  W̃ = D + (2/m)·G̃ᵀ·G̃,   D = diag(δ_p) (δ_p = fac + λ_p/m for every column of U),
 *   W̃⁻¹ = D⁻¹ − D⁻¹·G̃ᵀ·C⁻¹·G̃·D⁻¹,   C = (m/2)·I_m + G̃·D⁻¹·G̃ᵀ   (Sherman–Morrison–Woodbury).</pre>
 * A Jacobian costs 4m·n²·d flops (G and G̃) and an n × n eigendecomposition; a factorization
 * m²·n·d (C by dsyrk) and m³/3 (its Cholesky); a solve 4m·n·d + 4n²·d. The dense LU would cost
 * (n·d)³/3: at n = 50, m = 300, d = 50, 5·10⁹ flops against 2·10⁸.
 *
 * <p>C is symmetric positive definite when every δ_p &gt; 0; {@link #factor} asks δ_p ≥ fac/4
 * (so D⁻¹ is at most 4/fac and the update does not cancel), and refuses otherwise: Rodas5 then
 * retries the step with a smaller h, which raises fac. That happens only where A*(r) has an
 * eigenvalue below −(3/4)·m·fac, i.e. where the step would span more than 2.6 e-foldings of the
 * flow's unstable directions at the saddle near U = 0.
 */
final class LowRankJacobian implements Rodas5.Jacobian {
  /** δ_p ≥ this fraction of fac, or the factorization is refused. */
  static final double MIN_DIAGONAL = 0.25;

  private final FlowField field;
  private final int n;
  private final int d;
  private final int m;
  private final int dim;
  private final SymmetricEigen eigen;
  private final double[] g;
  private final double[] gt;
  private final double[] scaled;
  private final double[] a;
  private final double[] q;
  private final double[] lambda;
  private final double[] delta;
  private final double[] c;
  private final double[] z;
  private final double[] w;
  private final double[] back;
  private final intW info = new intW(0);

  LowRankJacobian(FlowField field) {
    if (!field.stacks()) {
      throw new IllegalArgumentException("the low-rank solves need a dense operator's stacked Aᵢ");
    }
    this.field = field;
    this.n = field.n();
    this.d = field.width();
    this.m = field.m();
    this.dim = n * d;
    this.eigen = new SymmetricEigen(n, true);
    this.g = new double[m * dim];
    this.gt = new double[m * dim];
    this.scaled = new double[m * dim];
    this.a = new double[n * n];
    this.q = new double[n * n];
    this.lambda = new double[n];
    this.delta = new double[n];
    this.c = new double[m * m];
    this.z = new double[dim];
    this.w = new double[m];
    this.back = new double[dim];
  }

  /** Whether these solves apply to the flow of this field: a dense operator and m &lt; n·d. */
  static boolean applies(FlowField field) {
    return field.stacks() && field.m() < field.n() * field.width();
  }

  @Override public void at(double[] y) {
    field.gaussNewton(y, g, a);
    System.arraycopy(eigen.decompose(a, q), 0, lambda, 0, n);
    // G̃ = G·(I_d ⊗ Q): the m × n block of each column of U times Q
    for (int k = 0; k < d; k++) {
      Netlib.blas.dgemm("N", "N", m, n, n, 1.0, g, k * m * n, m, q, 0, n, 0.0, gt, k * m * n, m);
    }
  }

  @Override public boolean factor(double fac) {
    for (int p = 0; p < n; p++) {
      delta[p] = fac + lambda[p] / m;
      if (!(delta[p] >= MIN_DIAGONAL * fac) || !Double.isFinite(delta[p])) {
        return false;
      }
    }
    // scaled = G̃·D^(−1/2), C = (m/2)·I + scaled·scaledᵀ
    for (int k = 0; k < d; k++) {
      for (int p = 0; p < n; p++) {
        double s = 1.0 / Math.sqrt(delta[p]);
        int col = (p + k * n) * m;
        for (int i = 0; i < m; i++) {
          scaled[col + i] = gt[col + i] * s;
        }
      }
    }
    Netlib.blas.dsyrk("U", "N", m, dim, 1.0, scaled, m, 0.0, c, m);
    for (int i = 0; i < m; i++) {
      c[i + i * m] += 0.5 * m;
    }
    Netlib.lapack.dpotrf("U", m, c, m, info);
    if (info.val != 0) {
      return false;
    }
    for (int i = 0; i < m; i++) {
      if (!Double.isFinite(c[i + i * m])) {
        return false;
      }
    }
    return true;
  }

  @Override public void solve(double[] b) {
    // z = D⁻¹·(I ⊗ Qᵀ)·b
    Netlib.blas.dgemm("T", "N", n, d, n, 1.0, q, n, b, n, 0.0, z, n);
    for (int k = 0; k < d; k++) {
      for (int p = 0; p < n; p++) {
        z[p + k * n] /= delta[p];
      }
    }
    // w = C⁻¹·G̃·z, z ← z − D⁻¹·G̃ᵀ·w
    Netlib.blas.dgemv("N", m, dim, 1.0, gt, m, z, 1, 0.0, w, 1);
    Netlib.lapack.dpotrs("U", m, 1, c, m, w, m, info);
    Netlib.blas.dgemv("T", m, dim, 1.0, gt, m, w, 1, 0.0, back, 1);
    for (int k = 0; k < d; k++) {
      for (int p = 0; p < n; p++) {
        z[p + k * n] -= back[p + k * n] / delta[p];
      }
    }
    Netlib.blas.dgemm("N", "N", n, d, n, 1.0, q, n, z, n, 0.0, b, n);
  }
}
