package org.mfsweep.reference;

import java.util.Arrays;
import org.mfsweep.linalg.LapackException;
import org.mfsweep.problem.MatrixOperator;
import org.mfsweep.linalg.Netlib;
import org.netlib.util.intW;

/**
 * The minimum nuclear norm fit of a non-symmetric X ∈ R^{r×c}, min ‖X‖_* s.t. A(X) = y, by its
 * semidefinite lift (Fazel 2002) solved with {@link InteriorPointSdp}:
 * <pre>
 *   min (tr W₁ + tr W₂)/2  s.t. Z = [[W₁, X], [Xᵀ, W₂]] ⪰ 0, ⟨Aᵢ, X⟩ = yᵢ,
 * </pre>
 * N = r + c, C = I/2 and 𝒜ᵢ = [[0, Aᵢ], [Aᵢᵀ, 0]]/2, so ⟨𝒜ᵢ, Z⟩ = ⟨Aᵢ, X⟩. Its dual is
 * max ⟨y, ν⟩ s.t. ‖A*(ν)‖_op ≤ 1. Entry operators become {@link EntryConstraints} at (a, r + b)
 * (Schur complement from entries of W, repeats dropped); others {@link DenseConstraints}
 * (independent measurements chosen by pivoted QR of the Gram matrix, as for the symmetric problem).
 * <p>
 * <b>Certificate</b> of a pair (X, ν), computed from X and ν alone so anyone can check it: with
 * X = UΣVᵀ (thin SVD), B = A*(ν) and the optimal lift Z = [[UΣUᵀ, X], [Xᵀ, VΣVᵀ]] whose dual slack
 * is S = [[I, −B], [−Bᵀ, I]] (2(C − 𝒜*(ν))):
 * primal ‖A(X) − y‖/‖y‖; cone 0 (X is unconstrained and that lift is PSD by construction);
 * dual infeasibility max(0, ‖B‖_op − 1); complementarity ‖SZ‖_F/‖Z‖_F
 * = √(2‖(U − BV)Σ‖²_F + 2‖(V − BᵀU)Σ‖²_F) / (2‖σ‖₂); gap |‖X‖_* − ⟨y, ν⟩| / ‖X‖_*.
 * Primal, dual and gap alone already bound the suboptimality: every feasible X′ has
 * ‖X′‖_* ≥ ⟨B, X′⟩/‖B‖_op = ⟨y, ν⟩/‖B‖_op.
 */
public final class LiftedNuclearNorm {
  /** Tolerance 1e-6 on every certificate residual, at most 100 iterations. */
  public static final Settings DEFAULT_SETTINGS = MinNuclearNormIpm.DEFAULT_SETTINGS;

  private final MatrixOperator op;
  private final int rows;
  private final int cols;
  private final int m;
  private final int[] selected;
  private final InteriorPointSdp solver;
  private final double setupSeconds;
  private final double[] x;
  private final double[] nu;
  private final double[] b;
  private final double[] ax;
  private final double[] bMatrix;
  private final double[] a;
  private final double[] sigma;
  private final double[] u;
  private final double[] vt;
  private final double[] bv;
  private final double[] btu;
  private final double[] svdWork;
  private final intW info = new intW(0);

  public LiftedNuclearNorm(MatrixOperator op) {
    long start = System.nanoTime();
    this.op = op;
    this.rows = op.rows();
    this.cols = op.cols();
    this.m = op.m();
    if (rows < 1 || cols < 1 || m < 1) {
      throw new IllegalArgumentException("need rows, cols, m ≥ 1, got " + rows + " × " + cols + ", m = " + m);
    }
    int size = rows + cols;
    SdpConstraints all;
    int[] keep;
    int[] entries = op.entries();
    if (entries != null) {
      int[] r = new int[m];
      int[] c = new int[m];
      for (int i = 0; i < m; i++) {
        r[i] = entries[i] % rows;
        c[i] = rows + entries[i] / rows;
      }
      EntryConstraints e = new EntryConstraints(size, r, c);
      all = e;
      keep = e.distinct();
    } else {
      double[] block = new double[rows * cols];
      all = DenseConstraints.of(size, m, (coefficients, out) -> {
        op.adjoint(coefficients, block);
        Arrays.fill(out, 0.0);
        for (int k = 0; k < cols; k++) {
          for (int j = 0; j < rows; j++) {
            double v = 0.5 * block[j + k * rows];
            out[j + (rows + k) * size] = v;
            out[rows + k + j * size] = v;
          }
        }
      });
      keep = MinNuclearNormIpm.independent(all);
    }
    if (keep.length == 0) {
      throw new IllegalArgumentException("every Aᵢ is zero (" + rows + " × " + cols + ", m = " + m + ")");
    }
    this.selected = keep;
    double[] cost = new double[size * size];
    for (int j = 0; j < size; j++) {
      cost[j + j * size] = 0.5;
    }
    this.solver = new InteriorPointSdp(keep.length == m ? all : all.restrict(keep), cost);
    int k = Math.min(rows, cols);
    this.x = new double[rows * cols];
    this.nu = new double[m];
    this.b = new double[keep.length];
    this.ax = new double[m];
    this.bMatrix = new double[rows * cols];
    this.a = new double[rows * cols];
    this.sigma = new double[k];
    this.u = new double[rows * k];
    this.vt = new double[k * cols];
    this.bv = new double[rows * k];
    this.btu = new double[cols * k];
    double[] query = new double[1];
    Netlib.lapack.dgesvd("S", "S", rows, cols, a, rows, sigma, u, rows, vt, k, query, -1, info);
    this.svdWork = new double[Math.max(1, (int) query[0])];
    this.setupSeconds = (System.nanoTime() - start) * 1e-9;
  }

  public double setupSeconds() {
    return setupSeconds;
  }

  /**
   * Solves for y (not modified); the solution's arrays are new.
   *
   * @throws IllegalArgumentException if y has the wrong length or a non-finite entry
   */
  public MatrixNuclearNormSolution solve(double[] y, Settings settings) {
    Checks.measurements(m, y);
    for (int t = 0; t < selected.length; t++) {
      b[t] = y[selected[t]];
    }
    int size = rows + cols;
    double[] c = new double[5];
    InteriorPointSdp.Result r = solver.solve(b, settings, (z, dual, out) -> {
      block(z, size);
      expand(dual);
      certify(y, x, nu, out);
    }, 5);
    block(r.z(), size);
    expand(r.y());
    certify(y, x, nu, c);
    return new MatrixNuclearNormSolution(x.clone(), nu.clone(), nuclearNorm(x), r.status(), r.iterations(),
        r.seconds(), new Certificate(c[0], c[1], c[2], c[3], c[4]));
  }

  /** The certificate of (X, ν) described above. Nothing passed in is modified. */
  public Certificate certificate(double[] y, double[] x, double[] nu) {
    Checks.measurements(m, y);
    if (x.length != rows * cols || nu.length != m) {
      throw new IllegalArgumentException("expected X of " + rows + " × " + cols + " and ν of " + m + ", got lengths "
          + x.length + " and " + nu.length);
    }
    double[] c = new double[5];
    certify(y, x, nu, c);
    return new Certificate(c[0], c[1], c[2], c[3], c[4]);
  }

  /** ‖X‖_*, X rows × cols. */
  public double nuclearNorm(double[] x) {
    svd(x);
    double s = 0;
    for (double v : sigma) {
      s += v;
    }
    return s;
  }

  private void certify(double[] y, double[] x, double[] nu, double[] out) {
    op.apply(x, ax);
    double r2 = 0;
    for (int i = 0; i < m; i++) {
      r2 += (ax[i] - y[i]) * (ax[i] - y[i]);
    }
    out[0] = Certificate.relative(Math.sqrt(r2), Netlib.blas.dnrm2(m, y, 1));
    out[1] = 0;
    op.adjoint(nu, bMatrix);
    System.arraycopy(bMatrix, 0, a, 0, a.length);
    Netlib.lapack.dgesvd("N", "N", rows, cols, a, rows, sigma, u, rows, vt, sigma.length, svdWork, svdWork.length, info);
    if (info.val != 0) {
      throw new LapackException("dgesvd", info.val, rows + " × " + cols);
    }
    out[2] = Math.max(0, sigma[0] - 1);
    svd(x);
    int k = sigma.length;
    double norm = 0;
    double sum2 = 0;
    for (double v : sigma) {
      norm += v;
      sum2 += v * v;
    }
    // BV (rows × k) and BᵀU (cols × k), V = vtᵀ
    Netlib.blas.dgemm("N", "T", rows, k, cols, 1.0, bMatrix, rows, vt, k, 0.0, bv, rows);
    Netlib.blas.dgemm("T", "N", cols, k, rows, 1.0, bMatrix, rows, u, rows, 0.0, btu, cols);
    double e2 = 0;
    for (int q = 0; q < k; q++) {
      double s2 = sigma[q] * sigma[q];
      for (int j = 0; j < rows; j++) {
        double d = u[j + q * rows] - bv[j + q * rows];
        e2 += 2 * d * d * s2;
      }
      for (int j = 0; j < cols; j++) {
        double d = vt[q + j * k] - btu[j + q * cols];
        e2 += 2 * d * d * s2;
      }
    }
    out[3] = Certificate.relative(Math.sqrt(e2), 2 * Math.sqrt(sum2));
    double dual = 0;
    for (int i = 0; i < m; i++) {
      dual += y[i] * nu[i];
    }
    out[4] = Certificate.relative(Math.abs(norm - dual), norm);
  }

  /** sigma, u, vt ← the thin SVD of x. */
  private void svd(double[] x) {
    System.arraycopy(x, 0, a, 0, a.length);
    Netlib.lapack.dgesvd("S", "S", rows, cols, a, rows, sigma, u, rows, vt, sigma.length, svdWork, svdWork.length,
        info);
    if (info.val != 0) {
      throw new LapackException("dgesvd", info.val, rows + " × " + cols);
    }
  }

  /** x ← the off-diagonal block Z[0:r, r:r+c]. */
  private void block(double[] z, int size) {
    for (int k = 0; k < cols; k++) {
      for (int j = 0; j < rows; j++) {
        x[j + k * rows] = z[j + (rows + k) * size];
      }
    }
  }

  private void expand(double[] dual) {
    Arrays.fill(nu, 0.0);
    for (int t = 0; t < selected.length; t++) {
      nu[selected[t]] = dual[t];
    }
  }
}
