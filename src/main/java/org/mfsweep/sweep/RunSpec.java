package org.mfsweep.sweep;

import java.io.Serializable;

/** One gradient-descent run: a problem, a start U₀ = α·U_init (n × width), a step size, settings. */
public record RunSpec(ProblemSpec problem, int width, Init init, double alpha, double eta, RunSettings settings)
    implements Serializable {

  /**
   * Hex content hash of every parameter that defines the run's numbers: the problem, width, init,
   * alpha, eta and the run settings. It does not depend on the order of the grid, on other grid
   * points or on where the run executes.
   */
  public String runId() {
    ProblemSpec p = problem;
    return Ids.hex("run|kind=" + p.kind().configName() + "|n=" + p.n() + "|m=" + p.m() + "|rank=" + p.rank()
        + "|seed=" + p.seed() + "|width=" + width + "|init=" + init.configName() + "|alpha=" + Ids.bits(alpha)
        + "|eta=" + Ids.bits(eta) + "|optimizer=gd|" + settings.canonical());
  }

  /** Seed of the stream that draws U_init; shared by all runs of a problem with this width. */
  public long initSeed() {
    return problem.streamSeed("init/width=" + width);
  }
}
