package org.mfsweep.sweep;

import java.io.Serializable;

/**
 * Settings of gradient-flow runs (the {@code run.flow} block): the flow stops at time
 * {@code horizon}, or at the run's tolerance, divergence rule or max-iterations integrator steps.
 *
 * @param relativeTolerance per-step relative error the integrator keeps to
 * @param absoluteTolerance per-step absolute error the integrator keeps to
 */
public record FlowSettings(double horizon, double relativeTolerance, double absoluteTolerance)
    implements Serializable {

  String canonical() {
    return "horizon=" + Ids.bits(horizon) + "|rtol=" + Ids.bits(relativeTolerance) + "|atol="
        + Ids.bits(absoluteTolerance);
  }
}
