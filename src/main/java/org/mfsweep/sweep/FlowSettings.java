package org.mfsweep.sweep;

import java.io.Serializable;
import java.util.Objects;

/**
 * Settings of gradient-flow runs (the {@code run.flow} block): the flow stops at time
 * {@code horizon}, or at the run's tolerance, divergence rule or max-iterations integrator steps.
 *
 * @param relativeTolerance per-step relative error the integrator keeps to
 * @param absoluteTolerance per-step absolute error the integrator keeps to
 * @param method the integrator; {@link FlowMethod#DOPRI} keeps the run ids of before the key existed
 */
public record FlowSettings(double horizon, double relativeTolerance, double absoluteTolerance, FlowMethod method)
    implements Serializable {

  public FlowSettings {
    Objects.requireNonNull(method, "method");
  }

  /** Dormand–Prince, the only integrator before {@code run.flow.method} existed. */
  public FlowSettings(double horizon, double relativeTolerance, double absoluteTolerance) {
    this(horizon, relativeTolerance, absoluteTolerance, FlowMethod.DOPRI);
  }

  String canonical() {
    // dopri adds nothing, so that runs planned before the key existed keep their run_id
    return "horizon=" + Ids.bits(horizon) + "|rtol=" + Ids.bits(relativeTolerance) + "|atol="
        + Ids.bits(absoluteTolerance) + (method == FlowMethod.DOPRI ? "" : "|method=" + method.configName());
  }
}
