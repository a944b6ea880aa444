package org.mfsweep.spec;

import java.io.Serializable;
import java.util.List;

/**
 * Settings of gradient-flow runs (the {@code run.flow} block): the flow stops at time
 * {@code horizon}, or at the run's tolerance, divergence rule or max-iterations integrator steps.
 * A flow run carries them as its optimizer's settings (horizon, rtol, atol).
 *
 * @param relativeTolerance per-step relative error the integrator keeps to
 * @param absoluteTolerance per-step absolute error the integrator keeps to
 */
public record FlowSettings(double horizon, double relativeTolerance, double absoluteTolerance)
    implements Serializable {
  /** The optimizer's name. */
  public static final String NAME = "flow";

  /** The optimizer spec of a flow run with these settings. */
  public OptimizerSpec asOptimizer() {
    return new OptimizerSpec(NAME, List.of(new OptimizerSpec.Setting("horizon", horizon),
        new OptimizerSpec.Setting("rtol", relativeTolerance), new OptimizerSpec.Setting("atol", absoluteTolerance)));
  }

  static FlowSettings of(OptimizerSpec o) {
    return new FlowSettings(o.real("horizon"), o.real("rtol"), o.real("atol"));
  }
}
