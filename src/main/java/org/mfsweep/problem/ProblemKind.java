package org.mfsweep.problem;

import org.mfsweep.spec.Kind;
import org.mfsweep.spec.ObservedData;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.spec.ReferenceKind;

/**
 * Everything specific to one kind of problem, in one class: how its problems are built, what one
 * iteration and one build cost (from its operator's own flop formula), its reference, and its limits
 * on m. A new kind is a new implementation plus one line in {@link Kinds}.
 */
public interface ProblemKind {
  /** Its name in sweep files and tables. */
  Kind kind();

  /** Whether the unknown is a symmetric matrix X = UUᵀ, so that rank, width and init apply. */
  boolean matrix();

  /** Whether completion's sampling axes (sampling, power-law-exponent, pattern) apply. */
  default boolean sampled() {
    return false;
  }

  /** Whether a data file may hold problems of this kind ({@code data.kind}). */
  default boolean fromFiles() {
    return false;
  }

  /** Why m measurements cannot be drawn for size n and this rank, or null when they can (m ≥ 1 is checked before). */
  String wrongM(int n, int rank, long m);

  /**
   * Why m measurements cannot be drawn for a problem of this shape, or null: general (rows × cols,
   * not symmetric) problems have their own limits; symmetric ones (rows = cols = n) those of
   * {@link #wrongM(int, int, long)}.
   */
  default String wrongM(int rows, int cols, int rank, long m, boolean general) {
    if (!general) {
      return wrongM(rows, rank, m);
    }
    return generalShapes() ? null : "kind " + kind() + " has no general rows × cols problems";
  }

  /** Whether the kind builds general rows × cols problems ({@link ProblemSpec#general()}). */
  default boolean generalShapes() {
    return false;
  }

  /**
   * Flops of one A(X) of a general rows × cols X on this problem (A*(r) costs about the same), as
   * its {@link MatrixOperator#applyFlops()} counts it, without building it: what an iteration of
   * X = W_N ⋯ W_1 pays for its operator (the plan puts it into optim.AsymmetricObjective's
   * iterationFlops, the one formula of such an iteration). For a symmetric problem, through its
   * symmetric operator, as {@link GeneralProblem#of(Problem)} sees it.
   */
  default double applyFlops(ProblemSpec spec) {
    throw new IllegalArgumentException("kind " + kind() + " cannot be fitted by X = W_N ⋯ W_1");
  }

  /** The refusal of {@link #stepFlops} for a general problem: only X = W_N ⋯ W_1 fits one. */
  static IllegalArgumentException noSymmetricStep(ProblemSpec spec) {
    return new IllegalArgumentException("X = UUᵀ does not fit the general problem " + spec.id() + "; the cost of "
        + "X = W_N ⋯ W_1 is optim.AsymmetricObjective.iterationFlops over applyFlops");
  }

  /** Builds a generated problem; testSize is the number of held-out measurements where the kind draws them. */
  BuiltProblem build(ProblemSpec spec, int testSize);

  /** Builds a problem on a data file's observations. */
  default BuiltProblem build(ProblemSpec spec, ObservedData data) {
    throw new IllegalArgumentException("kind " + kind() + " does not come from data files");
  }

  /** Flops of one iteration of one run of X = UUᵀ of width d, as the kind's operator computes it (symmetric problems). */
  double stepFlops(ProblemSpec spec, int width);

  /** Flop-equivalents of building a problem (drawing its random numbers), for task sizing. */
  double buildFlops(ProblemSpec spec, int testSize);

  /** The norm whose minimiser is the problem's reference. */
  ReferenceKind reference();

  /**
   * What a task holds for one problem of this kind, in doubles and in double arithmetic (n·n and
   * m·p overflow an int long before they exhaust memory): {all of it, its largest single array} —
   * the measurements, the test set, the truth and the reference solver's workspaces (counted as
   * {@link #REFERENCE_MATRICES} n × n matrices where it works on X), not the runs' factors. A
   * lower bound, for refusing a sweep no executor can hold before any work.
   */
  double[] footprint(ProblemSpec spec, int testSize);

  /** n × n matrices the reference solvers and the dense kernels keep at once (X, G, X_ref, truth, SDP iterates). */
  int REFERENCE_MATRICES = 16;

  /**
   * Flop-equivalents of drawing one Gaussian with well-polar when building a problem: Well19937c's
   * polar method takes ≈ 40–60 ns, about what 1000 flops take at 20 GFLOP/s on one core.
   */
  double GAUSSIAN_FLOPS = 1000;

  /**
   * Flop-equivalents of one Gaussian drawn by g: the ziggurat builds a sensing problem 7.6–11.2×
   * faster than well-polar (BENCHMARKS.md, {@code bench --cases build}); 1/7 of GAUSSIAN_FLOPS
   * rounds that down, so that plan's worst case does not fall short of a build.
   */
  static double gaussianFlops(org.mfsweep.spec.Generator g) {
    return switch (g) {
      case WELL_POLAR -> GAUSSIAN_FLOPS;
      case ZIGGURAT -> GAUSSIAN_FLOPS / 7;
    };
  }
}
