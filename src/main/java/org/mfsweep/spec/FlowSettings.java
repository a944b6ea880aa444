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
 * @param method the integrator; {@link FlowMethod#DOPRI} keeps the run_ids of before the key existed
 */
public record FlowSettings(double horizon, double relativeTolerance, double absoluteTolerance, FlowMethod method)
    implements Serializable {

  public FlowSettings {
    java.util.Objects.requireNonNull(method, "method");
  }

  /** Dormand–Prince, the only integrator before {@code run.flow.method} existed. */
  public FlowSettings(double horizon, double relativeTolerance, double absoluteTolerance) {
    this(horizon, relativeTolerance, absoluteTolerance, FlowMethod.DOPRI);
  }
  /** The optimizer's name. */
  public static final String NAME = "flow";

  /** The optimizer spec of a flow run with these settings (dopri is left out: the run_ids of before the key). */
  public OptimizerSpec asOptimizer() {
    List<OptimizerSpec.Setting> s = new java.util.ArrayList<>(List.of(new OptimizerSpec.Setting("horizon", horizon),
        new OptimizerSpec.Setting("rtol", relativeTolerance), new OptimizerSpec.Setting("atol", absoluteTolerance)));
    if (method != FlowMethod.DOPRI) {
      s.add(new OptimizerSpec.Setting("method", method.configName()));
    }
    return new OptimizerSpec(NAME, s);
  }

  static FlowSettings of(OptimizerSpec o) {
    return new FlowSettings(o.real("horizon"), o.real("rtol"), o.real("atol"),
        o.has("method") ? FlowMethod.parse((String) o.get("method")) : FlowMethod.DOPRI);
  }

  /** The text this flow adds to a run_id: "|horizon=…|rtol=…|atol=…" and "|method=…" unless dopri. */
  public String canonical() {
    return asOptimizer().canonical();
  }
}
