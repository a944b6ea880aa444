package org.mfsweep.reference;

import org.mfsweep.linalg.LapackException;
import org.mfsweep.linalg.Netlib;
import org.mfsweep.problem.EntryOperator;
import org.mfsweep.problem.MeasurementOperator;
import org.netlib.util.intW;

/**
 * min tr X s.t. A(X) = y, X ⪰ 0 (and its dual max ⟨y, ν⟩ s.t. I − A*(ν) ⪰ 0) by the
 * interior-point method {@link InteriorPointSdp} with C = I, certified by the same
 * {@link NuclearNormCertifier} as {@link MinNuclearNorm}.
 * <p>
 * The Schur complement M_ij = ⟨Aᵢ, WAⱼW⟩ is m × m: for an {@link EntryOperator} (completion) it
 * comes from entries of W in O(m²) ({@link EntryConstraints}); for any other operator the Aᵢ are
 * formed once (m adjoints, m·n² doubles) and M is a dsyrk over the packed GᵀAᵢG
 * ({@link DenseConstraints}), O(m n³ + m² n²) per iteration. Dependent measurements would make M
 * singular: repeated entries keep their first copy; otherwise the measurements kept are those
 * pivoted QR of the Gram matrix ⟨Aᵢ, Aₖ⟩ selects, at the relative tolerance MinNuclearNorm uses.
 * Dropped measurements get ν = 0, and the certificate checks all m. Memory: 2m² doubles for M and
 * its factor (plus m n² for dense Aᵢ), so this is for m up to a few thousand.
 * <p>
 * <b>Compression to the dual slack's kernel.</b> When the method stops without certifying, X is
 * replaced by X′ = Q_k Q_kᵀ X Q_k Q_kᵀ, Q_k the eigenvectors of S = I − A*(ν) with eigenvalues at
 * most τ·max(1, λ_max(S)), for each τ of {@link #KERNEL_THRESHOLDS} (each distinct k, 0 &lt; k &lt; n),
 * and the pair (X′, ν) with the smallest largest residual is returned if it beats (X, ν); its
 * status is CONVERGED only if its certificate holds. Why: at an optimum SX = 0, so X lives on ker S.
 * Near the end, with ‖ν‖ large (λ_max(S) of 10³–10⁴), the iterate's block of X between ker S and
 * the range of S is of order √(μ·λ_X/λ_S), so ‖SX‖_F/‖X‖_F ≈ √(μ λ_S) decays only like √μ, and
 * Z's Cholesky factor fails near μ ≈ 1e-14 (the power-law completion n = 50, m = 250, exponent 1,
 * seed 3 of jobs/completion-threshold.conf stopped so with complementarity 1.4e-6, all 1.4e-6 of
 * it from the eigenvalues 3.6e2–6.6e3 of S times X's cross block of 1e-10). X′ drops that block,
 * which changes A(X) and tr X by about its norm and leaves ν as it is (there the complementarity
 * went to 7.9e-8 and the primal residual from 3.1e-8 to 3.2e-8: CONVERGED); X′ is PSD up to
 * rounding (a compression of X), and the cone residual checks it. Where the dual is not attained
 * (the seed-2 completions of issue 9, ‖ν‖ ≈ 2e5) it lowers complementarity too (2.0e-5 → 2.2e-6 at
 * n = 50, m = 250), but the gap of 1.1e-5 stays, and so does STALLED.
 */
public final class MinNuclearNormIpm {
  /** Tolerance 1e-6 on every certificate residual, at most 100 iterations. */
  public static final Settings DEFAULT_SETTINGS = new Settings(1e-6, 100);
  /** Relative eigenvalue thresholds of I − A*(ν) that define the kernels X is compressed to. */
  static final double[] KERNEL_THRESHOLDS = {1e-12, 1e-10, 1e-8, 1e-6, 1e-4, 1e-2};

  private final int n;
  private final int m;
  private final int[] selected;
  private final InteriorPointSdp solver;
  private final NuclearNormCertifier certifier;
  private final double[] nu;
  private final double[] b;
  private final double setupSeconds;
  private final MeasurementOperator.Evaluator evaluator;
  private final double[] slack;
  private final double[] slackEigenvalues;
  private final double[] xq;
  private final double[] compressed;
  private final double[] qk;
  private final double[] half;
  private final double[] trialX;
  private final double[] residuals = new double[5];
  private final double[] trial = new double[5];
  private final double[] eigWork;
  private final int[] eigIwork;
  private final intW info = new intW(0);

  public MinNuclearNormIpm(MeasurementOperator op) {
    long start = System.nanoTime();
    this.n = op.n();
    this.m = op.m();
    if (n < 1 || m < 1) {
      throw new IllegalArgumentException("need n ≥ 1 and m ≥ 1, got n = " + n + ", m = " + m);
    }
    SdpConstraints all;
    int[] keep;
    if (op instanceof EntryOperator entries) {
      int[] rows = new int[m];
      int[] cols = new int[m];
      for (int i = 0; i < m; i++) {
        rows[i] = entries.index(i) % n;
        cols[i] = entries.index(i) / n;
      }
      EntryConstraints e = new EntryConstraints(n, rows, cols);
      all = e;
      keep = e.distinct();
    } else {
      MeasurementOperator.Evaluator evaluator = op.evaluator();
      all = DenseConstraints.of(n, m, evaluator::adjoint);
      keep = independent(all);
    }
    if (keep.length == 0) {
      throw new IllegalArgumentException("every Aᵢ is zero (n = " + n + ", m = " + m + "): there is nothing to fit");
    }
    this.selected = keep;
    SdpConstraints used = keep.length == m ? all : all.restrict(keep);
    double[] identity = new double[n * n];
    for (int j = 0; j < n; j++) {
      identity[j + j * n] = 1;
    }
    this.solver = new InteriorPointSdp(used, identity);
    this.certifier = new NuclearNormCertifier(op);
    this.nu = new double[m];
    this.b = new double[keep.length];
    this.evaluator = op.evaluator();
    int nn = Math.multiplyExact(n, n);
    this.slack = new double[nn];
    this.slackEigenvalues = new double[n];
    this.xq = new double[nn];
    this.compressed = new double[nn];
    this.qk = new double[nn];
    this.half = new double[nn];
    this.trialX = new double[nn];
    double[] query = new double[1];
    int[] iquery = new int[1];
    Netlib.lapack.dsyevd("V", "U", n, slack, n, slackEigenvalues, query, -1, iquery, -1, info);
    this.eigWork = new double[Math.max(1, (int) query[0])];
    this.eigIwork = new int[Math.max(1, iquery[0])];
    this.setupSeconds = (System.nanoTime() - start) * 1e-9;
  }

  /** Indices the pivoted QR of the Gram matrix M(I) = (⟨Aᵢ, Aₖ⟩) keeps. */
  static int[] independent(SdpConstraints a) {
    int size = a.size();
    int m = a.m();
    double[] identity = new double[size * size];
    for (int j = 0; j < size; j++) {
      identity[j + j * size] = 1;
    }
    double[] gram = new double[m * m];
    a.schur(identity, identity, gram);
    for (int k = 0; k < m; k++) {
      for (int i = 0; i < k; i++) {
        gram[k + i * m] = gram[i + k * m];
      }
    }
    return IndependentColumns.select(m, m, gram, MinNuclearNorm.GRAM_RANK_TOLERANCE);
  }

  /** Wall time of the constructor (forming the Aᵢ and choosing independent ones). */
  public double setupSeconds() {
    return setupSeconds;
  }

  /** Number of measurements the solver uses (m unless some are linearly dependent). */
  public int independentMeasurements() {
    return selected.length;
  }

  /**
   * Solves (P) and (D) for y; y is not modified, the solution's arrays are new.
   *
   * @throws IllegalArgumentException if y has the wrong length or a non-finite entry
   */
  public NuclearNormSolution solve(double[] y, Settings settings) {
    return solve(y, settings, true);
  }

  /** {@link #solve(double[], Settings)}, with the compression to the slack's kernel or without it (for comparisons). */
  NuclearNormSolution solve(double[] y, Settings settings, boolean compression) {
    certifier.checkMeasurements(y);
    for (int t = 0; t < selected.length; t++) {
      b[t] = y[selected[t]];
    }
    InteriorPointSdp.Result r = solver.solve(b, settings, (x, dual, out) -> {
      expand(dual);
      certifier.certify(y, x, nu, out);
    }, 5);
    expand(r.y());
    double[] x = r.z();
    double[] c = r.residuals();
    Status status = r.status();
    if (compression && status != Status.CONVERGED && compress(y, x) < Checks.max(c)) {
      x = compressed.clone();
      c = residuals.clone();
      status = Checks.max(c) <= settings.tolerance() ? Status.CONVERGED : status;
    }
    double trace = 0;
    for (int j = 0; j < n; j++) {
      trace += x[j + j * n];
    }
    return new NuclearNormSolution(x, nu.clone(), trace, status, r.iterations(), r.seconds(),
        new Certificate(c[0], c[1], c[2], c[3], c[4]), NuclearNormSolution.Method.IPM);
  }

  /**
   * The best compression of x to a kernel of I − A*(ν) (see the class Javadoc), with ν in nu: leaves
   * it in compressed and its residuals in residuals, and returns their maximum (+∞ if no kernel size
   * qualifies).
   */
  private double compress(double[] y, double[] x) {
    evaluator.adjoint(nu, slack);
    for (int k = 0; k < slack.length; k++) {
      slack[k] = -slack[k];
    }
    for (int j = 0; j < n; j++) {
      slack[j + j * n] += 1;
    }
    Netlib.lapack.dsyevd("V", "U", n, slack, n, slackEigenvalues, eigWork, eigWork.length, eigIwork, eigIwork.length,
        info);
    if (info.val != 0) {
      throw new LapackException("dsyevd", info.val, "kernel of I − A*(ν), n = " + n);
    }
    double scale = Math.max(1, slackEigenvalues[n - 1]); // slack now holds the eigenvectors Q, ascending
    double bestMax = Double.POSITIVE_INFINITY;
    int previous = 0;
    Netlib.blas.dgemm("N", "N", n, n, n, 1.0, x, n, slack, n, 0.0, xq, n);
    for (double tau : KERNEL_THRESHOLDS) {
      int k = 0;
      while (k < n && slackEigenvalues[k] <= tau * scale) {
        k++;
      }
      if (k == 0 || k == n || k == previous) {
        continue;
      }
      previous = k;
      Netlib.blas.dgemm("T", "N", k, k, n, 1.0, slack, n, xq, n, 0.0, qk, k); // Q_kᵀ X Q_k
      Netlib.blas.dgemm("N", "N", n, k, k, 1.0, slack, n, qk, k, 0.0, half, n);
      Netlib.blas.dgemm("N", "T", n, n, k, 1.0, half, n, slack, n, 0.0, trialX, n);
      symmetrize(trialX);
      certifier.certify(y, trialX, nu, trial);
      double worst = Checks.max(trial);
      if (worst < bestMax) {
        bestMax = worst;
        System.arraycopy(trial, 0, residuals, 0, residuals.length);
        System.arraycopy(trialX, 0, compressed, 0, compressed.length);
      }
    }
    return bestMax;
  }

  private void symmetrize(double[] a) {
    org.mfsweep.linalg.Packed.average(n, a);
  }

  /** The KKT residuals of (X, ν), as {@link MinNuclearNorm#certificate} computes them. */
  public Certificate certificate(double[] y, double[] x, double[] nu) {
    return certifier.certificate(y, x, nu);
  }

  private void expand(double[] dual) {
    java.util.Arrays.fill(nu, 0.0);
    for (int t = 0; t < selected.length; t++) {
      nu[selected[t]] = dual[t];
    }
  }
}
