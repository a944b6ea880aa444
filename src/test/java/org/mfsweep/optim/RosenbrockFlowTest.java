package org.mfsweep.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mfsweep.problem.Problem;
import org.mfsweep.problem.Problems;
import org.mfsweep.spec.FlowMethod;
import org.mfsweep.spec.FlowSettings;
import org.mfsweep.spec.Init;
import org.mfsweep.spec.Kind;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.spec.RunSettings;
import org.mfsweep.spec.RunSpec;
import org.mfsweep.spec.Trace;
import org.mfsweep.spec.RunOutcome;
import org.mfsweep.spec.Status;
import org.mfsweep.testing.Dense;

/** The Rosenbrock path of {@link GradientFlow} against the Dormand–Prince path and the flow's own rules. */
class RosenbrockFlowTest {
  private static RunSpec run(Problem p, int d, Init init, double alpha, RunSettings s, double horizon, double rtol,
                             double atol, FlowMethod method) {
    return RunSpec.flow(p.spec(), d, init, alpha, s, new FlowSettings(horizon, rtol, atol, method));
  }

  private static double distance(double[] a, double[] b) {
    double[] d = a.clone();
    for (int i = 0; i < d.length; i++) {
      d[i] -= b[i];
    }
    return Dense.norm(d) / Dense.norm(b);
  }

  /** Both integrators at tight tolerance: the endpoint and every trace row agree. */
  private static void agreesWithDormandPrince(ProblemSpec spec, int d, double alpha, double horizon) {
    Problem p = Problems.build(spec, 40);
    RunSettings s = new RunSettings(1_000_000, 0, 1e6, 2, 40);
    RunOutcome rb = new GradientFlow(p).run(run(p, d, Init.ORTHOGONAL, alpha, s, horizon, 1e-11, 1e-15,
        FlowMethod.ROSENBROCK));
    RunOutcome dp = new GradientFlow(p).run(run(p, d, Init.ORTHOGONAL, alpha, s, horizon, 1e-11, 1e-15,
        FlowMethod.DOPRI));
    assertEquals(Status.MAX_ITERATIONS, rb.status());
    assertEquals(horizon, rb.time(), 0.0);
    double gap = distance(rb.factor(), dp.factor());
    System.out.printf("%s n=%d d=%d to t=%g: Rosenbrock %d steps, Dormand–Prince %d; endpoint gap %.2e%n",
        spec.kind(), spec.n(), d, horizon, rb.iterations(), dp.iterations(), gap);
    assertTrue(gap < 1e-7, "endpoints agree: " + gap);
    Trace a = rb.trace();
    Trace b = dp.trace();
    assertEquals(b.size(), a.size(), "trace rows at the same times");
    for (int k = 0; k < a.size(); k++) {
      assertEquals(b.time()[k], a.time()[k], 0.0);
      assertEquals(b.trainLoss()[k], a.trainLoss()[k], 1e-6 * b.trainLoss()[k] + 1e-18, "loss at t=" + b.time()[k]);
      assertEquals(b.nuclearNorm()[k], a.nuclearNorm()[k], 1e-7 * b.nuclearNorm()[k], "‖U‖² at t=" + b.time()[k]);
    }
  }

  /** Width 6: m = 20 < n·d = 36, the Woodbury solves ({@link LowRankJacobian}). */
  @Test
  void agreesWithDormandPrinceOnSensing() {
    agreesWithDormandPrince(new ProblemSpec(Kind.SENSING, 6, 20, 1, 2), 6, 0.1, 30);
  }

  /** Width 2: m = 20 ≥ n·d = 12, the dense Jacobian from the stacked Aᵢ and its LU. */
  @Test
  void agreesWithDormandPrinceOnSensingWithTheDenseJacobian() {
    agreesWithDormandPrince(new ProblemSpec(Kind.SENSING, 6, 20, 1, 2), 2, 0.1, 30);
  }

  /**
   * auto above AUTO_MAX_DIMENSION: a flow that stops within AUTO_SWITCH_STEPS explicit steps is
   * Dormand–Prince's to the bit; a long one goes on with RODAS5 from where Dormand–Prince stood, with
   * the same trace times and an endpoint within the tolerances of Dormand–Prince's, in fewer steps.
   */
  @Test
  void autoSwitchesToRosenbrockWhenTheFlowGoesOn() {
    Problem p = Problems.build(new ProblemSpec(Kind.SENSING, 10, 30, 2, 1), 30);
    int d = 7;
    assertTrue(GradientFlow.method(FlowMethod.AUTO, 10 * d) == FlowMethod.DOPRI, "70 unknowns: starts explicit");
    assertTrue(GradientFlow.rosenbrockPays(p, d));
    RunSettings s = new RunSettings(1_000_000, 0, 1e6, 2, 30);
    RunOutcome auto = new GradientFlow(p).run(run(p, d, Init.IDENTITY, 1e-3, s, 1e4, 1e-8, 1e-12, FlowMethod.AUTO));
    RunOutcome dp = new GradientFlow(p).run(run(p, d, Init.IDENTITY, 1e-3, s, 1e4, 1e-8, 1e-12, FlowMethod.DOPRI));
    double gap = distance(auto.factor(), dp.factor());
    System.out.printf("sensing n=10 m=30 d=7 to t=1e4: auto %d steps, Dormand–Prince %d; endpoint gap %.2e%n",
        auto.iterations(), dp.iterations(), gap);
    assertEquals(1e4, auto.time(), 0.0);
    assertTrue(dp.iterations() > 2 * GradientFlow.AUTO_SWITCH_STEPS, "a long flow: " + dp.iterations());
    assertTrue(auto.iterations() < dp.iterations() / 2, "auto switched: " + auto.iterations());
    assertTrue(gap < 1e-5, "endpoints agree: " + gap);
    assertEquals(dp.trace().size(), auto.trace().size());
    for (int k = 0; k < dp.trace().size(); k++) {
      assertEquals(dp.trace().time()[k], auto.trace().time()[k], 0.0);
      assertEquals(dp.trace().trainLoss()[k], auto.trace().trainLoss()[k], 1e-5 * dp.trace().trainLoss()[k],
          "loss at t=" + dp.trace().time()[k]);
    }

    // the rank-2 truth at width 2, 66 unknowns: the flow meets its tolerance in fewer explicit steps
    Problem q = Problems.build(new ProblemSpec(Kind.SENSING, 33, 150, 2, 1), 30);
    RunSettings tight = new RunSettings(1_000_000, 1e-10, 1e6, 2, 30);
    RunOutcome quick = new GradientFlow(q).run(run(q, 2, Init.IDENTITY, 1e-3, tight, 1e4, 1e-8, 1e-12,
        FlowMethod.AUTO));
    RunOutcome explicit = new GradientFlow(q).run(run(q, 2, Init.IDENTITY, 1e-3, tight, 1e4, 1e-8, 1e-12,
        FlowMethod.DOPRI));
    assertEquals(Status.CONVERGED, explicit.status());
    assertTrue(explicit.iterations() < GradientFlow.AUTO_SWITCH_STEPS, "converged in " + explicit.iterations());
    assertEquals(explicit.iterations(), quick.iterations());
    org.junit.jupiter.api.Assertions.assertArrayEquals(explicit.factor(), quick.factor(), "to the bit");
  }

  @Test
  void agreesWithDormandPrinceOnCompletion() {
    agreesWithDormandPrince(new ProblemSpec(Kind.COMPLETION, 4, 7, 1, 3), 4, 0.1, 30);
  }

  @Test
  void stopsWhereTheLossReachesTheTolerance() {
    Problem p = Problems.build(new ProblemSpec(Kind.SENSING, 8, 60, 1, 3), 100);
    RunSettings s = new RunSettings(100_000, 1e-10, 1e6, 2, 100);
    RunOutcome o = new GradientFlow(p).run(run(p, 8, Init.IDENTITY, 1e-3, s, 1e5, 1e-8, 1e-12, FlowMethod.ROSENBROCK));
    assertEquals(Status.CONVERGED, o.status(), o.iterations() + " steps, t = " + o.time() + ", f = " + o.trainLoss());
    assertEquals(1e-10, o.trainLoss(), 1e-13, "the event is located where f(U) = tolerance");
    // located on the side f ≤ tolerance (up to the rounding of a second summation order)
    assertTrue(o.trainLoss() <= 1e-10 * (1 + 1e-12), "and on the converged side: " + o.trainLoss());
    assertTrue(o.errTruth() < 1e-3, "recovers the rank-1 truth: " + o.errTruth());
    assertEquals(o.time(), o.trace().time()[o.trace().size() - 1], 0.0, "the trace ends at the end");
    for (int k = 1; k < o.trace().size(); k++) {
      assertTrue(o.trace().time()[k] > o.trace().time()[k - 1]);
    }
    RunOutcome dp = new GradientFlow(p).run(run(p, 8, Init.IDENTITY, 1e-3, s, 1e5, 1e-8, 1e-12, FlowMethod.DOPRI));
    // f creeps down to 1e-10 over 10⁴ time units, so rtol 1e-8 in U moves the crossing by ~1e-5 of t
    assertEquals(dp.time(), o.time(), 1e-4 * dp.time(), "both locate the same time");
  }

  /**
   * The seed's 3 × 3 completion flow from α = 1e-4 to t = 10⁶: once the loss is small its Jacobian
   * has eigenvalues of order 1 next to a horizon of 10⁶. Dormand–Prince, stable only for h·|λ| ≲ 4,
   * spends its budget and stops short; Rosenbrock reaches the horizon in a few hundred steps.
   */
  @Test
  void theStiffLatePhaseTakesFewSteps() {
    Problem p = Problems.build(new ProblemSpec(Kind.COMPLETION, 3, 4, 1, 1), 0);
    RunSettings s = new RunSettings(5000, 0, 1e6, 2, 10);
    RunOutcome rb = new GradientFlow(p).run(run(p, 3, Init.IDENTITY, 1e-4, s, 1e6, 1e-8, 1e-12,
        FlowMethod.ROSENBROCK));
    RunOutcome dp = new GradientFlow(p).run(run(p, 3, Init.IDENTITY, 1e-4, s, 1e6, 1e-8, 1e-12, FlowMethod.DOPRI));
    System.out.printf("3×3 completion to t=1e6: Rosenbrock %s at t=%g after %d steps; Dormand–Prince %s at t=%g "
        + "after %d%n", rb.status(), rb.time(), rb.iterations(), dp.status(), dp.time(), dp.iterations());
    assertEquals(1e6, rb.time(), 0.0, "Rosenbrock reaches the horizon");
    assertTrue(rb.iterations() < 1000, "in few steps: " + rb.iterations());
    assertEquals(5000, dp.iterations());
    assertTrue(dp.time() < 1e6, "Dormand–Prince does not, in 5000 steps");
    assertTrue(rb.trainLoss() < 1e-16, "and the loss went on down: " + rb.trainLoss());
  }

  @Test
  void theStepBudgetStopsTheFlow() {
    Problem p = Problems.build(GradientFlowTest.SPEC, 50);
    RunOutcome o = new GradientFlow(p).run(run(p, 6, Init.ORTHOGONAL, 0.3, new RunSettings(7, 0, 1e6, 2, 50), 1e4,
        1e-10, 1e-14, FlowMethod.ROSENBROCK));
    assertEquals(Status.MAX_ITERATIONS, o.status());
    assertEquals(7, o.iterations());
    assertTrue(o.time() > 0 && o.time() < 1e4);
    assertEquals(Dense.loss(p.train(), p.y(), o.factor(), 6), o.trainLoss(), 1e-15, "the loss of the state returned");
  }

  /** As for Dormand–Prince: gd with step η is Euler's method for the flow, the gap halves with η. */
  @Test
  void gradientDescentApproachesTheFlowAtFirstOrderInTheStep() {
    Problem p = Problems.build(GradientFlowTest.SPEC, 50);
    double horizon = 3;
    RunOutcome exact = new GradientFlow(p).run(run(p, 6, Init.ORTHOGONAL, 0.3, new RunSettings(1_000_000, 0, 1e6, 2,
        50), horizon, 1e-10, 1e-14, FlowMethod.ROSENBROCK));
    assertEquals(horizon, exact.time(), 0.0);
    double[] gaps = new double[3];
    int i = 0;
    for (double eta : new double[] {4e-3, 2e-3, 1e-3}) {
      RunSpec gd = new RunSpec(p.spec(), 6, Init.ORTHOGONAL, 0.3, eta,
          new RunSettings((int) Math.round(horizon / eta), 0, 1e6, 2, 50));
      gaps[i++] = distance(new GradientDescent(p).run(gd).factor(), exact.factor());
    }
    assertTrue(gaps[0] < 0.05, "close at all");
    assertEquals(2.0, gaps[0] / gaps[1], 0.2, "first order");
    assertEquals(2.0, gaps[1] / gaps[2], 0.2, "first order");
  }

  @Test
  void autoTakesRosenbrockForSmallFactorsOnly() {
    assertEquals(FlowMethod.ROSENBROCK, GradientFlow.method(FlowMethod.AUTO, 9));
    assertEquals(FlowMethod.DOPRI, GradientFlow.method(FlowMethod.AUTO, GradientFlow.AUTO_MAX_DIMENSION + 1));
    assertEquals(FlowMethod.DOPRI, GradientFlow.method(FlowMethod.DOPRI, 9));
    assertEquals(FlowMethod.ROSENBROCK, GradientFlow.method(FlowMethod.ROSENBROCK, 10_000));
  }
}
