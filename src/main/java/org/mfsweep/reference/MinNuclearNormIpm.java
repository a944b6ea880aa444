package org.mfsweep.reference;

import org.mfsweep.problem.EntryOperator;
import org.mfsweep.problem.MeasurementOperator;

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
 */
public final class MinNuclearNormIpm {
  /** Tolerance 1e-6 on every certificate residual, at most 100 iterations. */
  public static final Settings DEFAULT_SETTINGS = new Settings(1e-6, 100);

  private final int n;
  private final int m;
  private final int[] selected;
  private final InteriorPointSdp solver;
  private final NuclearNormCertifier certifier;
  private final double[] nu;
  private final double[] b;
  private final double setupSeconds;

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
    certifier.checkMeasurements(y);
    for (int t = 0; t < selected.length; t++) {
      b[t] = y[selected[t]];
    }
    InteriorPointSdp.Result r = solver.solve(b, settings, (x, dual, out) -> {
      expand(dual);
      certifier.certify(y, x, nu, out);
    }, 5);
    expand(r.y());
    double[] c = r.residuals();
    double trace = 0;
    for (int j = 0; j < n; j++) {
      trace += r.z()[j + j * n];
    }
    return new NuclearNormSolution(r.z(), nu.clone(), trace, r.status(), r.iterations(), r.seconds(),
        new Certificate(c[0], c[1], c[2], c[3], c[4]), NuclearNormSolution.Method.IPM);
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
