package org.mfsweep.sweep;

import java.io.Serializable;

/**
 * One run: a problem, a start U₀ = α·U_init (n × width), an optimizer with its step size (gd) or
 * flow settings (flow), and settings.
 *
 * @param eta the step size of gd; 0 for flow, which has none
 * @param flow the flow settings when optimizer is FLOW, else null
 */
public record RunSpec(ProblemSpec problem, int width, Init init, double alpha, double eta, RunSettings settings,
                      Optimizer optimizer, FlowSettings flow) implements Serializable {

  /** A gradient-descent run. */
  public RunSpec(ProblemSpec problem, int width, Init init, double alpha, double eta, RunSettings settings) {
    this(problem, width, init, alpha, eta, settings, Optimizer.GD, null);
  }

  public RunSpec {
    if ((optimizer == Optimizer.FLOW) != (flow != null)) {
      throw new IllegalArgumentException("flow settings go with optimizer flow, and only with it");
    }
  }

  /**
   * Hex content hash of every parameter that defines the run's numbers: the problem, width, init,
   * alpha, eta, the optimizer (with its flow settings) and the run settings. It does not depend on
   * the order of the grid, on other grid points or on where the run executes.
   */
  public String runId() {
    ProblemSpec p = problem;
    return Ids.hex("run|kind=" + p.kind().configName() + "|n=" + p.n() + "|m=" + p.m() + "|rank=" + p.rank()
        + "|seed=" + p.seed() + p.samplingCanonical() + "|width=" + width + "|init=" + init.configName()
        + "|alpha=" + Ids.bits(alpha) + "|eta=" + Ids.bits(eta) + "|optimizer=" + optimizer.configName()
        + (flow == null ? "" : "|" + flow.canonical()) + "|" + settings.canonical());
  }

  /** Seed of the stream that draws U_init; shared by all runs of a problem with this width. */
  public long initSeed() {
    return problem.streamSeed("init/width=" + width);
  }
}
