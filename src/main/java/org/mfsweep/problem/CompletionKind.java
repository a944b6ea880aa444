package org.mfsweep.problem;

import org.mfsweep.spec.Kind;
import org.mfsweep.spec.ObservedData;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.spec.ReferenceKind;

/**
 * Matrix completion: m distinct upper-triangle positions j ≤ k, Aᵢ = (e_j e_kᵀ + e_k e_jᵀ)/2, chosen
 * by the problem's sampling (uniform, power-law, pattern); the test set is every unobserved entry
 * of the upper triangle. Reference: minimum nuclear norm.
 *
 * <p>General problems ({@link ProblemSpec#general()}, X ∈ R^{rows × cols}): m distinct positions
 * (a, b) of the rows × cols grid, Aᵢ = e_a e_bᵀ, uniformly or by power-law popularity of rows and
 * columns (pattern sampling is symmetric only); the test set is every unobserved position; the
 * truth X* = W Hᵀ/‖W Hᵀ‖_F as for general sensing.
 */
final class CompletionKind implements ProblemKind {
  @Override public Kind kind() {
    return Kind.COMPLETION;
  }

  @Override public boolean matrix() {
    return true;
  }

  @Override public boolean sampled() {
    return true;
  }

  @Override public boolean fromFiles() {
    return true;
  }

  @Override public String wrongM(int n, int rank, long m) {
    long upper = (long) n * (n + 1) / 2;
    return m > upper ? "completion with n = " + n + " has only n(n+1)/2 = " + upper + " distinct entries, m = " + m
        + " asks for more" : null;
  }

  @Override public boolean generalShapes() {
    return true;
  }

  @Override public String wrongM(int rows, int cols, int rank, long m, boolean general) {
    if (!general) {
      return wrongM(rows, rank, m);
    }
    long all = (long) rows * cols;
    return m > all ? "completion of a " + rows + " × " + cols + " matrix has only rows·cols = " + all
        + " entries, m = " + m + " asks for more" : null;
  }

  @Override public double applyFlops(ProblemSpec spec) {
    return spec.general() ? spec.m() : spec.m() + spec.entries();
  }

  @Override public BuiltProblem build(ProblemSpec spec, int testSize) {
    long start = System.nanoTime();
    if (spec.general()) {
      Problems.checkGeneralShape(spec);
      int rows = spec.rows();
      int cols = spec.cols();
      if (spec.m() > spec.entries()) {
        throw new IllegalArgumentException(wrongM(rows, cols, spec.rank(), spec.m(), true));
      }
      double[] truth = Problems.generalTruth(spec);
      MatrixEntryOperator observed = switch (spec.sampling()) {
        case UNIFORM -> Problems.uniformGeneralEntries(rows, cols, spec.m(), Problems.rng(spec, "measurements"));
        case POWER_LAW -> Problems.powerLawGeneralEntries(rows, cols, spec.m(), spec.exponent(),
            Problems.rng(spec, "popularity"), Problems.rng(spec, "measurements"));
        case PATTERN -> throw new IllegalArgumentException("pattern sampling is for symmetric problems only: " + spec);
      };
      return Problems.withGeneralTruth(spec, truth, observed, Problems.unobservedGeneralEntries(rows, cols, observed),
          start);
    }
    Problems.checkMatrixShape(spec);
    int n = spec.n();
    int m = spec.m();
    double[] truth = Problems.lowRankTruth(spec);
    EntryOperator observed = switch (spec.sampling()) {
      case UNIFORM -> Problems.uniformEntries(n, m, Problems.rng(spec, "measurements"));
      case POWER_LAW -> Problems.powerLawEntries(n, m, spec.exponent(), Problems.rng(spec, "popularity"),
          Problems.rng(spec, "measurements"));
      case PATTERN -> Problems.patternEntries(n, m, spec.pattern());
    };
    return Problems.withTruth(spec, truth, observed, Problems.unobservedEntries(n, observed), start);
  }

  @Override public BuiltProblem build(ProblemSpec spec, ObservedData data) {
    return spec.general() ? Problems.buildGeneral(spec, data) : Problems.build(spec, data);
  }

  /** With the expected 2m/(n+1) diagonal entries of a uniform draw. */
  @Override public double stepFlops(ProblemSpec spec, int width) {
    if (spec.general()) {
      throw ProblemKind.noSymmetricStep(spec);
    }
    return EntryOperator.stepFlops(spec.m(), 2.0 * spec.m() / (spec.n() + 1), width);
  }

  /** The m distinct positions (a hash-map draw each, counted as two Gaussians) and the test set's scan. */
  @Override public double buildFlops(ProblemSpec spec, int testSize) {
    if (spec.general()) {
      return 2 * GAUSSIAN_FLOPS * spec.m() + 20 * (double) spec.entries();
    }
    double n = spec.n();
    return 2 * GAUSSIAN_FLOPS * spec.m() + 20 * n * (n + 1) / 2;
  }

  @Override public ReferenceKind reference() {
    return ReferenceKind.NUCLEAR;
  }

  /** How many patterns PATTERN sampling can choose from: C(n(n+1)/2, m) (Long.MAX_VALUE if more). */
  public static long patterns(int n, int m) {
    return Problems.binomial((long) n * (n + 1) / 2, m);
  }

  /** The test set is every unobserved entry (two ints and a double each); the SDP's n × n work. */
  @Override public double[] footprint(ProblemSpec spec, int testSize) {
    if (spec.general()) {
      double lift = (double) (spec.rows() + spec.cols()) * (spec.rows() + spec.cols());
      double unobserved = Math.max(0, spec.entries() - spec.m());
      return new double[] {2 * unobserved + REFERENCE_MATRICES * lift + 3.0 * spec.m(), Math.max(lift, unobserved)};
    }
    double n = spec.n();
    double m = spec.m();
    double unobserved = Math.max(0, n * (n + 1) / 2 - m);
    return new double[] {2 * unobserved + REFERENCE_MATRICES * n * n + 3 * m, Math.max(n * n, unobserved)};
  }
}
