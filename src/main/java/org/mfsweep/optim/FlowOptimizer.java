package org.mfsweep.optim;

import java.util.ArrayList;
import java.util.List;
import org.mfsweep.problem.BuiltProblem;
import org.mfsweep.problem.ProblemKind;
import org.mfsweep.spec.FlowMethod;
import org.mfsweep.spec.RunOutcome;
import org.mfsweep.spec.RunSpec;

/**
 * Gradient flow ({@code flow}): dU/dt = −∇f(U), integrated by {@link GradientFlow}; settings
 * run.flow.horizon, relative-tolerance and absolute-tolerance (one value each, not axes). It has no
 * step size, and applies to the factored kinds only.
 */
public final class FlowOptimizer {
  public static final Optimizer OPTIMIZER = new Optimizer() {
    @Override public String name() {
      return "flow";
    }

    @Override public boolean usesStepSize() {
      return false;
    }

    @Override public List<SettingDeclaration> settings() {
      double inf = Double.POSITIVE_INFINITY;
      return List.of(
          SettingDeclaration.real("run.flow.horizon", "horizon", 0, true, inf, true, false, "time the flow stops at"),
          SettingDeclaration.real("run.flow.relative-tolerance", "rtol", 0, true, inf, true, false,
              "the integrator's per-step relative error"),
          SettingDeclaration.real("run.flow.absolute-tolerance", "atol", 0, true, inf, true, false,
              "the integrator's per-step absolute error"),
          SettingDeclaration.text("run.flow.method", "method", java.util.Arrays.stream(FlowMethod.values())
              .map(FlowMethod::configName).toList(), FlowMethod.DOPRI.configName(), "flow method"));
    }

    @Override public String refuses(ProblemKind kind) {
      return kind.matrix() ? null : "flow integrates the factored problems; " + kind.kind() + " runs gd";
    }

    @Override public Solver solver(BuiltProblem problem, double[] reference) {
      GradientFlow flow = new GradientFlow(problem);
      flow.reference(reference);
      return new Solver() {
        @Override public List<List<Integer>> batches(List<RunSpec> runs) {
          List<List<Integer>> out = new ArrayList<>();
          for (int i = 0; i < runs.size(); i++) {
            out.add(List.of(i));
          }
          return out;
        }

        @Override public List<RunOutcome> runBatch(List<RunSpec> batch) {
          List<RunOutcome> out = new ArrayList<>();
          for (RunSpec r : batch) {
            out.add(flow.run(r));
          }
          return out;
        }
      };
    }
  };

  private FlowOptimizer() {}
}
