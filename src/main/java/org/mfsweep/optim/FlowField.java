package org.mfsweep.optim;

import org.mfsweep.linalg.Netlib;
import org.mfsweep.problem.FactoredOperator;
import org.mfsweep.problem.MeasurementOperator;
import org.mfsweep.problem.Problem;

/**
 * The gradient-flow field and its derivative, for factors U of width d (n × d column-major):
 * <pre>  F(U)     = −(1/m)·A*(r)·U,   r = A(UUᵀ) − y,   f(U) = ‖r‖²/(4m),
 *   dF_U[δ]  = −(1/m)·[A*(A(δUᵀ + Uδᵀ))·U + A*(r)·δ].</pre>
 * The Jacobian is symmetric (F = −∇f), its first term negative semidefinite of rank ≤ m (the
 * Gauss–Newton part), which is where the flow's stiffness comes from. Below {@link #BLAS_MIN_N}
 * the n × n products run as Java loops: on 3 × 3 a JNI call costs more than its flops. Where the
 * operator is sparse ({@link #SPARSE_FLOPS_PER_MEASUREMENT}: completion) F(U) and the Bᵢ = Aᵢ·U
 * of the Jacobian come from its {@link FactoredOperator.Factored} kernels, the ones gradient
 * descent steps with (O(m·d) instead of O(n²·d), and no n × n matrix);
 * the Jacobian's A*(r) term and the Jacobian–vector products stay dense. Owns its scratch; one per
 * thread.
 */
final class FlowField {
  /** From this n on dsyrk/dsymm go through BLAS (JNI overhead ≈ 50–70 ns a call vs n²d flops). */
  static final int BLAS_MIN_N = 24;

  private final Problem problem;
  private final MeasurementOperator.Evaluator train;
  private final int n;
  private final int m;
  private final int d;
  private final double[] x;
  private final double[] r;
  private final double[] g;
  private final double[] s;
  private final double[] base;
  private final double[] gBase;
  private final double[] unit;
  private final double[] column;
  /** The operator's factored kernels for one factor of width d, or null (then everything is dense). */
  private final FactoredOperator.Factored factored;
  /**
   * The factored kernels serve operators whose measurements read O(1) entries of X (applyFlops ≤
   * this many per measurement: completion). For dense ones (sensing, diagonals) each Bᵢ = A*(eᵢ)·U
   * by the factored kernels would be a pass over the whole operator, and the dense path measured
   * faster (sensing n = 6 flows: 20.8 against 29.8 CPU ms).
   */
  static final double SPARSE_FLOPS_PER_MEASUREMENT = 2.0;
  /** Uᵀ (d × n), the factored kernels' layout, and their output. */
  private final double[] v;
  private final double[] dv;
  private final double[] minusOneOverM;
  private final double[] one = {1.0};
  /** For {@link #stateJacobian} with the factored kernels (else null): U, its Jacobian, and P as an index map. */
  private final double[] stateU;
  private final double[] jacU;
  private final int[] stateIndex;
  private double lastLoss = Double.NaN;
  /**
   * The Aᵢ of a dense operator stacked for the Jacobian, (m·n) × n column-major with (Aᵢ)_pq at row
   * i + p·m, column q, so that all Bᵢ = Aᵢ·U are one dgemm; made on first use (m·n² copies), null
   * with the factored kernels or above {@link #STACKED_MAX_ENTRIES}.
   */
  private double[] stacked;
  /** G of {@link #gaussNewton} for the dense {@link #jacobian}, made on first use. */
  private double[] rows;
  /** The stacked Aᵢ are kept up to this many entries (m·n², 64 MB); above, the Jacobian is formed as before. */
  static final long STACKED_MAX_ENTRIES = 1L << 23;

  FlowField(Problem problem, int d) {
    this.problem = problem;
    this.train = problem.train().evaluator();
    this.n = problem.n();
    this.m = problem.m();
    this.d = d;
    this.x = new double[n * n];
    this.r = new double[m];
    this.g = new double[n * n];
    this.s = new double[m];
    this.base = new double[n * d];
    this.gBase = new double[n * n];
    this.unit = new double[n * d];
    this.column = new double[n * d];
    MeasurementOperator op = problem.train();
    this.factored = op instanceof FactoredOperator f && op.applyFlops() <= SPARSE_FLOPS_PER_MEASUREMENT * m
        ? f.factored(d, 1) : null;
    this.v = new double[n * d];
    this.dv = new double[n * d];
    this.minusOneOverM = new double[] {-1.0 / m};
    int dim = n * d;
    this.stateU = factored == null ? null : new double[dim];
    this.jacU = factored == null ? null : new double[dim * dim];
    this.stateIndex = factored == null ? null : new int[dim];
    if (factored != null) {
      for (int k = 0; k < d; k++) {
        for (int j = 0; j < n; j++) {
          stateIndex[j + k * n] = k + j * d;
        }
      }
    }
  }

  int dimension() {
    return n * d;
  }

  /** f at the argument of the last {@link #loss} or {@link #derivative} call. */
  double lastLoss() {
    return lastLoss;
  }

  /** x ← upper triangle of UUᵀ; r ← A(x) − y; returns f(U) = ‖r‖²/(4m). */
  double loss(double[] u) {
    symmetricProduct(u, u, false, x);
    train.apply(x, r);
    return residualLoss();
  }

  /** r ← r − y (r holding A(UUᵀ)); sets and returns f = ‖r‖²/(4m). */
  private double residualLoss() {
    double sum = 0;
    double[] y = problem.y();
    for (int i = 0; i < m; i++) {
      r[i] -= y[i];
      sum += r[i] * r[i];
    }
    lastLoss = sum / (4.0 * m);
    return lastLoss;
  }

  /** du ← F(u); returns f(u). */
  double derivative(double[] u, double[] du) {
    if (factored == null) {
      double f = loss(u);
      train.adjoint(r, g);
      multiply(-1.0 / m, g, u, 0.0, du);
      return f;
    }
    transpose(u, v);
    factoredDerivative(v, dv);
    untranspose(dv, du);
    return lastLoss;
  }

  /** dvt ← F(U)ᵀ from vt = Uᵀ by the factored kernels; sets and returns f(U). */
  private double factoredDerivative(double[] vt, double[] dvt) {
    factored.apply(1, vt, r);
    double f = residualLoss();
    factored.direction(1, vt, r, minusOneOverM, dvt);
    return f;
  }

  // ---- the integrator's layout of the state: U, or Uᵀ where the factored kernels take it ----

  /** y (the integrator's layout) ← u (n × d). With the factored kernels y = vec(Uᵀ), a permutation of vec(U). */
  void toState(double[] u, double[] y) {
    if (factored == null) {
      System.arraycopy(u, 0, y, 0, n * d);
    } else {
      transpose(u, y);
    }
  }

  /** u (n × d) ← the state y. */
  void fromState(double[] y, double[] u) {
    if (factored == null) {
      System.arraycopy(y, 0, u, 0, n * d);
    } else {
      untranspose(y, u);
    }
  }

  /** dy ← F in the state's layout (no transposition with the factored kernels); returns f. */
  double stateDerivative(double[] y, double[] dy) {
    return factored == null ? derivative(y, dy) : factoredDerivative(y, dy);
  }

  /** jac ← F′ in the state's layout: P·J·Pᵀ for the permutation P of {@link #toState}. */
  void stateJacobian(double[] y, double[] jac) {
    if (factored == null) {
      jacobian(y, jac);
      return;
    }
    untranspose(y, stateU);
    jacobian(stateU, jacU);
    int dim = n * d;
    for (int q = 0; q < dim; q++) {
      int col = stateIndex[q] * dim;
      for (int p = 0; p < dim; p++) {
        jac[stateIndex[p] + col] = jacU[p + q * dim];
      }
    }
  }

  /** vt (d × n) ← uᵀ, u n × d, both column-major. */
  private void transpose(double[] u, double[] vt) {
    SymmetricObjective.transpose(n, d, u, 0, vt, 0);
  }

  /** u (n × d) ← vtᵀ. */
  private void untranspose(double[] vt, double[] u) {
    SymmetricObjective.transpose(d, n, vt, 0, u, 0);
  }

  /** Fixes the point u at which {@link #jvp} differentiates (keeps u and A*(r(u))). */
  void linearize(double[] u) {
    System.arraycopy(u, 0, base, 0, base.length);
    loss(u);
    train.adjoint(r, gBase);
  }

  /** out ← dF_U[δ] at the point of the last {@link #linearize}; δ and out must differ. */
  void jvp(double[] delta, double[] out) {
    symmetricProduct(delta, base, true, x);
    train.apply(x, s);
    train.adjoint(s, g);
    multiply(-1.0 / m, g, base, 0.0, out);
    multiply(-1.0 / m, gBase, delta, 1.0, out);
  }

  /**
   * jac ← the dense Jacobian of F at u, (nd) × (nd) column-major. With B_i = A_i·U (so that
   * ⟨A_i, δUᵀ + Uδᵀ⟩ = 2⟨B_i, δ⟩) it is
   * <pre>  J = −(2/m)·Σ_i vec(B_i)·vec(B_i)ᵀ − (1/m)·(I_d ⊗ A*(r)),</pre>
   * formed by one dsyrk over the B_i of {@link #gaussNewton} where the operator's Aᵢ are stacked
   * ({@link #stacks}: dense operators); otherwise from the m B_i when m is small next to nd (the
   * factored kernels' directions of e_i), else column by column as dF_U[e_k] (nd products).
   */
  void jacobian(double[] u, double[] jac) {
    int dim = n * d;
    if (stacks()) {
      if (rows == null) {
        rows = new double[m * dim];
      }
      gaussNewton(u, rows, null);
      Netlib.blas.dsyrk("U", "T", dim, m, -2.0 / m, rows, m, 0.0, jac, dim);
      lowerFromUpper(jac);
      subtractKronecker(jac);
      return;
    }
    linearize(u);
    if (m > dim) {
      for (int k = 0; k < dim; k++) {
        unit[k] = 1.0;
        jvp(unit, column);
        unit[k] = 0.0;
        System.arraycopy(column, 0, jac, k * dim, dim);
      }
      return;
    }
    java.util.Arrays.fill(jac, 0, dim * dim, 0.0);
    java.util.Arrays.fill(s, 0.0);
    double c = -2.0 / m;
    if (factored != null) {
      transpose(base, v);
    }
    for (int i = 0; i < m; i++) {
      s[i] = 1.0;
      if (factored != null) {
        factored.direction(1, v, s, one, dv);
        untranspose(dv, column);
      } else {
        train.adjoint(s, g);
        multiply(1.0, g, base, 0.0, column);
      }
      s[i] = 0.0;
      // jac += c·b·bᵀ, upper triangle, b = vec(B_i)
      for (int q = 0; q < dim; q++) {
        double bq = c * column[q];
        if (bq != 0) {
          for (int p = 0; p <= q; p++) {
            jac[p + q * dim] += column[p] * bq;
          }
        }
      }
    }
    lowerFromUpper(jac);
    subtractKronecker(jac);
  }

  /** The lower triangle of the (n·d) × (n·d) jac ← its upper triangle. */
  private void lowerFromUpper(double[] jac) {
    int dim = n * d;
    for (int q = 0; q < dim; q++) {
      for (int p = 0; p < q; p++) {
        jac[q + p * dim] = jac[p + q * dim];
      }
    }
  }

  /** jac −= (1/m)·(I_d ⊗ A*(r)), A*(r) at the point of the last {@link #linearize} (in gBase). */
  private void subtractKronecker(double[] jac) {
    int dim = n * d;
    for (int k = 0; k < d; k++) {
      for (int j = 0; j < n; j++) {
        for (int i = 0; i < n; i++) {
          jac[(k * n + i) + (k * n + j) * dim] -= gBase[i + j * n] / m;
        }
      }
    }
  }

  /**
   * Whether the Jacobian's Gauss–Newton factors come from the stacked Aᵢ ({@link #gaussNewton}):
   * for dense operators (not the factored kernels) with m ≥ 1 and m·n² ≤ {@link #STACKED_MAX_ENTRIES}.
   */
  boolean stacks() {
    return factored == null && m > 0 && n > 0 && (long) m * n * n <= STACKED_MAX_ENTRIES;
  }

  /**
   * The Jacobian J = −(2/m)·Gᵀ·G − (1/m)·(I_d ⊗ M) in factors, at u: bt ← G, the m × (n·d) matrix
   * whose row i is vec(Aᵢ·U)ᵀ (2m·n²·d flops, one dgemm over the stacked Aᵢ), and a ← M = A*(r(U)),
   * n × n with both triangles (a may be null). Also fixes u as the point of {@link #jvp}. Needs
   * {@link #stacks}.
   */
  void gaussNewton(double[] u, double[] bt, double[] a) {
    if (!stacks()) {
      throw new IllegalStateException("no stacked Aᵢ for this operator (factored kernels, or m·n² > "
          + STACKED_MAX_ENTRIES + ")");
    }
    if (stacked == null) {
      stacked = new double[m * n * n];
      MeasurementOperator op = problem.train();
      for (int i = 0; i < m; i++) {
        op.measurement(i, g);
        for (int q = 0; q < n; q++) {
          for (int p = 0; p < n; p++) {
            stacked[i + p * m + q * m * n] = g[p + q * n];
          }
        }
      }
    }
    linearize(u);
    Netlib.blas.dgemm("N", "N", m * n, d, n, 1.0, stacked, m * n, u, n, 0.0, bt, m * n);
    if (a != null) {
      System.arraycopy(gBase, 0, a, 0, n * n);
    }
  }

  int n() {
    return n;
  }

  int m() {
    return m;
  }

  int width() {
    return d;
  }

  /** out (upper triangle) ← a·bᵀ, or a·bᵀ + b·aᵀ when both; a, b are n × d. */
  private void symmetricProduct(double[] a, double[] b, boolean both, double[] out) {
    if (n >= BLAS_MIN_N) {
      if (both) {
        Netlib.blas.dsyr2k("U", "N", n, d, 1.0, a, n, b, n, 0.0, out, n);
      } else {
        Netlib.blas.dsyrk("U", "N", n, d, 1.0, a, n, 0.0, out, n);
      }
      return;
    }
    for (int j = 0; j < n; j++) {
      for (int i = 0; i <= j; i++) {
        double sum = 0;
        for (int k = 0; k < d; k++) {
          sum += a[i + k * n] * b[j + k * n];
          if (both) {
            sum += b[i + k * n] * a[j + k * n];
          }
        }
        out[i + j * n] = sum;
      }
    }
  }

  /** out ← c·G·V + beta·out, G symmetric n × n with both triangles set, V n × d. */
  private void multiply(double c, double[] gm, double[] v, double beta, double[] out) {
    if (n >= BLAS_MIN_N) {
      Netlib.blas.dsymm("L", "U", n, d, c, gm, n, v, n, beta, out, n);
      return;
    }
    for (int k = 0; k < d; k++) {
      for (int i = 0; i < n; i++) {
        double sum = 0;
        for (int j = 0; j < n; j++) {
          sum += gm[i + j * n] * v[j + k * n];
        }
        out[i + k * n] = c * sum + (beta == 0.0 ? 0.0 : beta * out[i + k * n]);
      }
    }
  }
}
