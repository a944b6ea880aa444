package org.mfsweep.spec;

import java.io.Serializable;

/**
 * One run: a problem, a factorization of X with its depth and width, a start (U₀ = α·U_init,
 * n × width, for X = UUᵀ; see {@link Init} for X = W_N ⋯ W_1), an optimizer with its settings, its
 * step size η (0 for optimizers without one, such as flow) and the run settings.
 *
 * @param depth N of X = W_N ⋯ W_1 (2 for the symmetric X = UUᵀ)
 */
public record RunSpec(ProblemSpec problem, int width, Init init, double alpha, double eta, RunSettings settings,
                      OptimizerSpec optimizer, Factorization factorization, int depth) implements Serializable {

  public RunSpec {
    if (factorization == Factorization.SYMMETRIC && depth != 2) {
      throw new IllegalArgumentException("the symmetric factorization X = UUᵀ has depth 2, got " + depth);
    }
    if (depth < 1) {
      throw new IllegalArgumentException("depth must be ≥ 1, got " + depth);
    }
    if (factorization == Factorization.SYMMETRIC && problem.general()) {
      throw new IllegalArgumentException("X = UUᵀ cannot fit the general " + problem.n() + " × " + problem.cols()
          + " problem " + problem.id());
    }
  }

  /** A run of the symmetric factorization X = UUᵀ. */
  public RunSpec(ProblemSpec problem, int width, Init init, double alpha, double eta, RunSettings settings,
                 OptimizerSpec optimizer) {
    this(problem, width, init, alpha, eta, settings, optimizer, Factorization.SYMMETRIC, 2);
  }

  /** A gradient-descent run. */
  public RunSpec(ProblemSpec problem, int width, Init init, double alpha, double eta, RunSettings settings) {
    this(problem, width, init, alpha, eta, settings, OptimizerSpec.GD);
  }

  /** A gradient-flow run with these flow settings. */
  public static RunSpec flow(ProblemSpec problem, int width, Init init, double alpha, RunSettings settings,
                             FlowSettings flow) {
    return new RunSpec(problem, width, init, alpha, 0.0, settings, flow.asOptimizer());
  }

  /** The flow settings of a flow run; null for any other optimizer. */
  public FlowSettings flow() {
    return FlowSettings.NAME.equals(optimizer.name()) ? FlowSettings.of(optimizer) : null;
  }

  /** Whether X = W_N ⋯ W_1 (rather than UUᵀ). */
  public boolean asymmetric() {
    return factorization == Factorization.ASYMMETRIC;
  }

  /**
   * Hex content hash of every parameter that defines the run's numbers: the problem, the
   * factorization and depth, width, init, alpha, eta, the optimizer with its settings, and the run
   * settings. It does not depend on the order of the grid, on other grid points or on where the run
   * executes. (For symmetric gd and flow runs the text is the one of mfsweep 0.1, so their run_ids
   * never changed.)
   */
  public String runId() {
    ProblemSpec p = problem;
    return Ids.hex("run|kind=" + p.kind().configName() + "|n=" + p.n() + "|m=" + p.m() + "|rank=" + p.rank()
        + "|seed=" + p.seed() + p.samplingCanonical()
        + (asymmetric() ? "|factorization=asymmetric|depth=" + depth : "") + "|width=" + width + "|init=" + init.configName()
        + "|alpha=" + Ids.bits(alpha) + "|eta=" + Ids.bits(eta) + "|optimizer=" + optimizer.configName()
        + optimizer.canonical() + "|" + settings.canonical());
  }

  /**
   * Seed of the stream that draws U_init; shared by all runs of a problem with this width (and, for
   * X = W_N ⋯ W_1, this depth).
   */
  public long initSeed() {
    return problem.streamSeed("init/width=" + width + (asymmetric() ? "/asymmetric/depth=" + depth : ""));
  }

  /** Seed of a run's own random stream (e.g. sgd's mini-batches): its run_id, hashed again. */
  public long runSeed(String purpose) {
    return Ids.seed("run-stream|" + purpose + "|" + runId());
  }
}
