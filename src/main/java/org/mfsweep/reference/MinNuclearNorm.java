package org.mfsweep.reference;

import java.util.Arrays;
import org.mfsweep.linalg.LapackException;
import org.mfsweep.linalg.Netlib;
import org.mfsweep.problem.MeasurementOperator;
import org.netlib.util.intW;

/**
 * The minimum nuclear norm PSD matrix that fits the measurements, the solution gradient descent
 * from α → 0 is conjectured to reach (Gunasekar et al. 2017): the semidefinite program
 * <pre>
 *   (P)  min tr X   s.t. A(X) = y, X ⪰ 0,        (D)  max ⟨y, ν⟩   s.t. I − A*(ν) ⪰ 0.
 * </pre>
 * <b>Algorithm.</b> ADMM on the dual (Wen, Goldfarb and Yin, <i>Alternating direction augmented
 * Lagrangian methods for semidefinite programming</i>, Math. Prog. Comp. 2010), which is
 * Douglas–Rachford splitting on (P). With S = I − A*(ν) the dual slack, X the multiplier of
 * A*(ν) + S = I and μ &gt; 0, one iteration is
 * <pre>
 *   ν ← (A A*)⁻¹ (μ(y − A(X)) + A(I − S))          (exact minimisation in ν)
 *   V ← I − A*(ν) − μX = Q Λ Qᵀ                     (dsyevd)
 *   X ← Q max(−Λ, 0) Qᵀ / μ,   S ← V + μX = Q max(Λ, 0) Qᵀ.
 * </pre>
 * So X ⪰ 0, S ⪰ 0 and XS = 0 hold at every iterate; what remains are the primal residual
 * A(X) − y and the dual residual A*(ν) + S − I. The ν step solves with a Cholesky factor (dpotrf)
 * of the Gram matrix A A* of ⟨Aᵢ, Aₖ⟩, factored once per instance; when the operator reports
 * A A* diagonal ({@link MeasurementOperator#gramDiagonal}, e.g. matrix completion) it is a
 * division and no m × m matrix is formed. Measurements that are linearly dependent on others
 * (e.g. a diagonal problem with m &gt; n) are dropped from the projection, chosen by pivoted QR of
 * the Gram matrix; their ν is 0 and the certificate still checks all m.
 * <p>
 * The iteration is a fixed-point map V ↦ T(V) (X and S are functions of V), accelerated by
 * safeguarded Anderson acceleration ({@link Anderson}, memory {@value #ANDERSON_MEMORY}). μ starts
 * at √n / ‖X_ln‖_F, with X_ln the least-Frobenius-norm fit (a scale rule), and is doubled or
 * halved every {@value #BALANCE_EVERY} iterations when one residual exceeds the other
 * {@value #BALANCE_RATIO}-fold (then V is re-expressed as S − μX and the Anderson history cleared).
 * These choices come from a comparison over 15 sensing, completion and diagonal problems: against
 * rebalancing every 10 iterations at a 5-fold imbalance without acceleration they took about a
 * quarter of the iterations on the problems either solved. On degenerate completion problems
 * (no strict complementarity: X with a tail of tiny eigenvalues, S with many near zero) any
 * variant converges sublinearly and the budget may run out.
 * <p>
 * Stopping: CONVERGED when every residual of the {@link Certificate} is at most the tolerance
 * (checked in full once the cheap bounds say it can hold), else MAX_ITERATIONS; the result carries
 * the certificate either way. One instance per thread: it owns every workspace (the dsyevd
 * workspace is sized by one query), and its iteration loop allocates nothing.
 */
public final class MinNuclearNorm {
  /** Tolerance 1e-6 on every certificate residual, at most 20 000 iterations. */
  public static final Settings DEFAULT_SETTINGS = new Settings(1e-6, 20_000);

  /** Pivots of the Gram matrix's QR with |R_kk| ≤ this·|R_00| count as dependent: cond(A) ≳ 1e5. */
  static final double GRAM_RANK_TOLERANCE = 1e-10;
  /** Iterations between two rebalancings of μ. */
  static final int BALANCE_EVERY = 50;
  /** μ changes when one residual exceeds the other by more than this factor... */
  static final double BALANCE_RATIO = 10;
  /** ...by this factor. */
  static final double BALANCE_STEP = 2;
  /** μ stays within this factor of its starting value either way. */
  static final double MU_RANGE = 1e8;
  /** Iterations to wait after a full certificate check that failed before the next one. */
  static final int RECHECK_AFTER = 10;
  /** Iterates Anderson acceleration combines... */
  static final int ANDERSON_MEMORY = 10;
  /** ...unless its history (2 × memory × n² doubles) would exceed this many doubles (64 MB). */
  static final int ANDERSON_STORAGE = 1 << 23;

  private final int n;
  private final int m;
  private final MeasurementOperator.Evaluator evaluator;
  /** Ascending indices of the measurements the projection uses. */
  private final int[] selected;
  /** r × r upper Cholesky factor of the Gram matrix restricted to selected, or null. */
  private final double[] gramFactor;
  /** ⟨Aᵢ, Aᵢ⟩ when A A* is diagonal, else null. */
  private final double[] gramDiagonal;
  private final double setupSeconds;

  private final double[] x;
  private final double[] s;
  private final double[] v;
  private final double[] q;
  private final double[] atv;
  private final double[] product;
  private final double[] w;
  private final double[] work;
  private final int[] iwork;
  private final double[] ax;
  private final double[] as;
  private final double[] aIdentity;
  private final double[] nu;
  private final double[] rhs;
  private final intW info = new intW(0);
  private final Anderson anderson;
  private final NuclearNormCertifier certifier;

  /** Builds and factors the Gram matrix of op and allocates every workspace. */
  public MinNuclearNorm(MeasurementOperator op) {
    long start = System.nanoTime();
    this.n = op.n();
    this.m = op.m();
    if (n < 1 || m < 1) {
      throw new IllegalArgumentException("need n ≥ 1 and m ≥ 1, got n = " + n + ", m = " + m);
    }
    int nn = Math.multiplyExact(n, n);
    this.evaluator = op.evaluator();
    this.x = new double[nn];
    this.s = new double[nn];
    this.v = new double[nn];
    this.q = new double[nn];
    this.atv = new double[nn];
    this.product = new double[nn];
    this.w = new double[n];
    this.ax = new double[m];
    this.as = new double[m];
    this.aIdentity = new double[m];
    this.nu = new double[m];

    double[] diagonal = op.gramDiagonal();
    if (diagonal != null) {
      if (diagonal.length != m) {
        throw new IllegalStateException("gramDiagonal() has length " + diagonal.length + ", expected m = " + m);
      }
      this.gramDiagonal = diagonal;
      this.gramFactor = null;
      this.selected = positive(diagonal);
      if (selected.length == 0) {
        throw new IllegalArgumentException("every Aᵢ is zero (n = " + n + ", m = " + m + "): there is nothing to fit");
      }
    } else {
      this.gramDiagonal = null;
      double[] gram = gram();
      this.selected = IndependentColumns.select(m, m, gram.clone(), GRAM_RANK_TOLERANCE);
      int r = selected.length;
      if (r == 0) {
        throw new IllegalArgumentException("every Aᵢ is zero (n = " + n + ", m = " + m + "): there is nothing to fit");
      }
      this.gramFactor = new double[r * r];
      for (int b = 0; b < r; b++) {
        for (int a = 0; a <= b; a++) {
          gramFactor[a + b * r] = gram[selected[a] + selected[b] * m];
        }
      }
      Netlib.lapack.dpotrf("U", r, gramFactor, r, info);
      if (info.val != 0) {
        throw new LapackException("dpotrf", info.val, "Gram matrix of " + r + " independent measurements");
      }
    }
    this.rhs = new double[selected.length];
    this.certifier = new NuclearNormCertifier(op);
    this.anderson = new Anderson(nn, Math.min(ANDERSON_MEMORY, ANDERSON_STORAGE / (2 * nn)));

    double[] workQuery = new double[1];
    int[] iworkQuery = new int[1];
    Netlib.lapack.dsyevd("V", "U", n, q, n, w, workQuery, -1, iworkQuery, -1, info);
    if (info.val != 0) {
      throw new LapackException("dsyevd", info.val, "workspace query, n = " + n);
    }
    this.work = new double[Math.max(1, (int) workQuery[0])];
    this.iwork = new int[Math.max(1, iworkQuery[0])];

    identity(q);
    evaluator.apply(q, aIdentity);
    this.setupSeconds = (System.nanoTime() - start) * 1e-9;
  }

  /** Wall time of the constructor: building and factoring the Gram matrix. */
  public double setupSeconds() {
    return setupSeconds;
  }

  /** Number of measurements the projection uses (m unless some are linearly dependent). */
  public int independentMeasurements() {
    return selected.length;
  }

  /**
   * Solves (P) and (D) for y. y is not modified; the solution's arrays are new.
   *
   * @throws IllegalArgumentException if y has the wrong length or a non-finite entry
   */
  public NuclearNormSolution solve(double[] y, Settings settings) {
    certifier.checkMeasurements(y);
    long start = System.nanoTime();
    double tolerance = settings.tolerance();
    double yNorm = Netlib.blas.dnrm2(m, y, 1);

    for (int t = 0; t < selected.length; t++) {
      rhs[t] = y[selected[t]];
    }
    solveGram(rhs);
    double quadratic = 0;
    for (int t = 0; t < selected.length; t++) {
      quadratic += rhs[t] * y[selected[t]];
    }
    double mu0 = quadratic > 0 ? Math.sqrt(n / quadratic) : 1.0; // √n / ‖X_ln‖_F, ‖X_ln‖_F² = yᵀ(AA*)⁻¹y
    double mu = mu0;

    identity(v); // X = 0, S = I
    Arrays.fill(nu, 0.0);
    Arrays.fill(atv, 0.0);
    double[] certificate = new double[5];
    boolean certified = false;
    int nextFullCheck = 0;
    Status status;
    int iteration = 0;
    anderson.reset();
    while (true) {
      double dualResidual = split(mu);
      evaluator.apply(x, ax);
      double primal = Certificate.relative(distance(ax, y), yNorm);
      double trace = trace(x);
      double gap = Certificate.relative(Math.abs(trace - dot(y, nu)), trace);
      if (primal <= tolerance && dualResidual <= tolerance && gap <= tolerance && iteration >= nextFullCheck) {
        certifier.certify(y, x, nu, certificate);
        certified = true;
        if (Checks.max(certificate) <= tolerance) {
          status = Status.CONVERGED;
          break;
        }
        nextFullCheck = iteration + RECHECK_AFTER;
      }
      if (iteration == settings.maxIterations()) {
        status = Status.MAX_ITERATIONS;
        break;
      }
      if (iteration > 0 && iteration % BALANCE_EVERY == 0) {
        double before = mu;
        if (primal > BALANCE_RATIO * dualResidual) {
          mu = Math.min(mu * BALANCE_STEP, mu0 * MU_RANGE);
        } else if (dualResidual > BALANCE_RATIO * primal) {
          mu = Math.max(mu / BALANCE_STEP, mu0 / MU_RANGE);
        }
        if (mu != before) { // the same (X, S), represented for the new μ: V = S − μX
          for (int t = 0; t < v.length; t++) {
            v[t] = s[t] - mu * x[t];
          }
          anderson.reset();
        }
      }
      step(y, mu);
      certified = false;
      iteration++;
    }
    if (!certified) {
      certifier.certify(y, x, nu, certificate);
    }
    double seconds = (System.nanoTime() - start) * 1e-9;
    return new NuclearNormSolution(x.clone(), nu.clone(), trace(x), status, iteration, seconds,
        new Certificate(certificate[0], certificate[1], certificate[2], certificate[3], certificate[4]),
        NuclearNormSolution.Method.ADMM);
  }

  /**
   * X ← max(−V, 0)/μ and S ← max(V, 0) = V + μX through the eigendecomposition of V; returns
   * ‖A*(ν) + S − I‖_F for the current ν.
   */
  private double split(double mu) {
    System.arraycopy(v, 0, q, 0, v.length);
    Netlib.lapack.dsyevd("V", "U", n, q, n, w, work, work.length, iwork, iwork.length, info);
    if (info.val != 0) {
      throw new LapackException("dsyevd", info.val, "n = " + n);
    }
    int negative = 0;
    while (negative < n && w[negative] < 0) {
      Netlib.blas.dscal(n, Math.sqrt(-w[negative] / mu), q, negative * n, 1);
      negative++;
    }
    if (negative == 0) {
      Arrays.fill(x, 0.0);
    } else {
      Netlib.blas.dsyrk("U", "N", n, negative, 1.0, q, n, 0.0, x, n);
      symmetrizeUpper(x);
    }
    double residual2 = 0;
    for (int k = 0; k < n; k++) {
      for (int j = 0; j < n; j++) {
        int t = j + k * n;
        s[t] = v[t] + mu * x[t];
        double r = atv[t] + s[t] - (j == k ? 1 : 0);
        residual2 += r * r;
      }
    }
    return Math.sqrt(residual2);
  }

  /**
   * ν ← (A A*)⁻¹(μ(y − A(X)) + A(I − S)) with ax = A(X) already computed, then V ← I − A*(ν) − μX,
   * or Anderson's extrapolation of that map.
   */
  private void step(double[] y, double mu) {
    evaluator.apply(s, as);
    for (int t = 0; t < selected.length; t++) {
      int i = selected[t];
      rhs[t] = mu * (y[i] - ax[i]) + aIdentity[i] - as[i];
    }
    solveGram(rhs);
    for (int t = 0; t < selected.length; t++) {
      nu[selected[t]] = rhs[t];
    }
    evaluator.adjoint(nu, atv);
    for (int t = 0; t < product.length; t++) {
      product[t] = -atv[t] - mu * x[t];
    }
    for (int j = 0; j < n; j++) {
      product[j + j * n] += 1;
    }
    anderson.next(v, product);
  }

  /**
   * The KKT residuals of the pair (X, ν) for (P) and (D) with measurements y. Nothing passed in is
   * modified; the instance's workspaces are, so do not call this while a solve runs.
   *
   * @param x symmetric n × n (both triangles), @param nu length m
   */
  public Certificate certificate(double[] y, double[] x, double[] nu) {
    return certifier.certificate(y, x, nu);
  }

  /** b ← (A A*)⁻¹ b on the selected measurements. */
  private void solveGram(double[] b) {
    int r = selected.length;
    if (gramDiagonal != null) {
      for (int t = 0; t < r; t++) {
        b[t] /= gramDiagonal[selected[t]];
      }
    } else {
      Netlib.lapack.dpotrs("U", r, 1, gramFactor, r, b, r, info);
      if (info.val != 0) {
        throw new LapackException("dpotrs", info.val, r + " × " + r);
      }
    }
  }

  /** The m × m Gram matrix ⟨Aᵢ, Aₖ⟩, row i computed as A(A*(eᵢ)), symmetrised from its upper triangle. */
  private double[] gram() {
    double[] gram = new double[Math.multiplyExact(m, m)];
    double[] e = new double[m];
    double[] row = new double[m];
    for (int i = 0; i < m; i++) {
      e[i] = 1;
      evaluator.adjoint(e, q);
      evaluator.apply(q, row);
      e[i] = 0;
      for (int k = i; k < m; k++) {
        gram[i + k * m] = row[k];
      }
    }
    for (int k = 0; k < m; k++) {
      for (int i = 0; i < k; i++) {
        gram[k + i * m] = gram[i + k * m];
      }
    }
    return gram;
  }

  private static int[] positive(double[] diagonal) {
    return java.util.stream.IntStream.range(0, diagonal.length).filter(i -> diagonal[i] > 0).toArray();
  }

  private void identity(double[] a) {
    Arrays.fill(a, 0.0);
    for (int j = 0; j < n; j++) {
      a[j + j * n] = 1;
    }
  }

  private void symmetrizeUpper(double[] a) {
    for (int k = 0; k < n; k++) {
      for (int j = 0; j < k; j++) {
        a[k + j * n] = a[j + k * n];
      }
    }
  }

  private double trace(double[] a) {
    double t = 0;
    for (int j = 0; j < n; j++) {
      t += a[j + j * n];
    }
    return t;
  }

  private static double distance(double[] a, double[] b) {
    double s2 = 0;
    for (int i = 0; i < a.length; i++) {
      double d = a[i] - b[i];
      s2 += d * d;
    }
    return Math.sqrt(s2);
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
