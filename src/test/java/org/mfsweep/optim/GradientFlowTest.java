package org.mfsweep.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mfsweep.problem.Problem;
import org.mfsweep.problem.Problems;
import org.mfsweep.spec.FlowSettings;
import org.mfsweep.spec.Init;
import org.mfsweep.spec.Kind;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.spec.RunSettings;
import org.mfsweep.spec.RunSpec;
import org.mfsweep.testing.Dense;
import org.mfsweep.spec.Status;
import org.mfsweep.spec.RunOutcome;

class GradientFlowTest {
  /** A flow run (its eta, 0, is dropped: flow has no step size). */
  private static RunSpec flowRun(ProblemSpec p, int width, Init init, double alpha, double eta, RunSettings settings,
                                 FlowSettings flow) {
    return RunSpec.flow(p, width, init, alpha, settings, flow);
  }

  static final ProblemSpec SPEC = new ProblemSpec(Kind.SENSING, 6, 20, 1, 2);

  private static RunSpec flow(double horizon, int maxSteps, double tolerance) {
    return flowRun(SPEC, 6, Init.ORTHOGONAL, 0.3, 0, new RunSettings(maxSteps, tolerance, 1e6, 2, 50), new FlowSettings(horizon, 1e-10, 1e-14));
  }

  private static double distance(double[] a, double[] b) {
    double[] d = a.clone();
    for (int i = 0; i < d.length; i++) {
      d[i] -= b[i];
    }
    return Dense.norm(d) / Dense.norm(b);
  }

  /**
   * Gradient descent with step η is Euler's method for the flow: at t = kη its U differs from
   * U(t) by O(η). Halving η must about halve the gap; that certifies both.
   */
  @Test
  void gradientDescentApproachesTheFlowAtFirstOrderInTheStep() {
    Problem p = Problems.build(SPEC, 50);
    double horizon = 3;
    RunOutcome exact = new GradientFlow(p).run(flow(horizon, 1_000_000, 0));
    assertEquals(Status.MAX_ITERATIONS, exact.status(), "ran to the horizon");
    assertEquals(horizon, exact.time(), 1e-12);
    double[] gaps = new double[3];
    int i = 0;
    for (double eta : new double[] {4e-3, 2e-3, 1e-3}) {
      RunSpec gd = new RunSpec(SPEC, 6, Init.ORTHOGONAL, 0.3, eta,
          new RunSettings((int) Math.round(horizon / eta), 0, 1e6, 2, 50));
      RunOutcome o = new GradientDescent(p).run(gd);
      assertEquals(horizon, o.time(), 1e-9);
      gaps[i++] = distance(o.factor(), exact.factor());
    }
    System.out.printf("‖U_gd(t) − U_flow(t)‖/‖U_flow(t)‖ at t = 3 for η = 4e-3, 2e-3, 1e-3: %.3e %.3e %.3e%n",
        gaps[0], gaps[1], gaps[2]);
    assertTrue(gaps[0] < 0.05, "close at all");
    assertEquals(2.0, gaps[0] / gaps[1], 0.2, "first order");
    assertEquals(2.0, gaps[1] / gaps[2], 0.2, "first order");
  }

  @Test
  void theFlowStopsAtTheToleranceWhereTheLossReachesIt() {
    Problem p = Problems.build(new ProblemSpec(Kind.SENSING, 8, 60, 1, 3), 100);
    RunSpec run = flowRun(p.spec(), 8, Init.IDENTITY, 1e-3, 0, new RunSettings(100_000, 1e-10, 1e6, 2, 100), new FlowSettings(1e5, 1e-8, 1e-12));
    RunOutcome o = new GradientFlow(p).run(run);
    assertEquals(Status.CONVERGED, o.status(), o.iterations() + " steps, t = " + o.time() + ", f = " + o.trainLoss());
    assertEquals(1e-10, o.trainLoss(), 1e-12, "the event is located where f(U) = tolerance");
    assertTrue(o.errTruth() < 1e-3, "recovers the rank-1 truth: " + o.errTruth());
    assertEquals(o.time(), o.trace().time()[o.trace().size() - 1], 0.0, "the trace ends at the end");
    for (int k = 1; k < o.trace().size(); k++) {
      assertTrue(o.trace().time()[k] > o.trace().time()[k - 1]);
    }
  }

  @Test
  void theStepBudgetStopsTheFlow() {
    Problem p = Problems.build(SPEC, 50);
    RunOutcome o = new GradientFlow(p).run(flow(1e4, 7, 0));
    assertEquals(Status.MAX_ITERATIONS, o.status());
    assertEquals(7, o.iterations());
    assertTrue(o.time() > 0 && o.time() < 1e4);
    assertEquals(Dense.loss(p.train(), p.y(), o.factor(), 6), o.trainLoss(), 1e-15, "the loss of the state returned");
  }

  @Test
  void traceTimesArePowersOfTheGrowth() {
    double[] t = TraceSchedule.times(2, 1);
    assertEquals(11, t.length);
    assertEquals(Math.pow(2, -10), t[0], 0.0);
    assertEquals(1.0, t[10], 0.0);
  }
}
