package org.mfsweep.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mfsweep.problem.Problem;
import org.mfsweep.problem.Problems;
import org.mfsweep.spec.Init;
import org.mfsweep.spec.Kind;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.spec.RunSettings;
import org.mfsweep.spec.RunSpec;
import org.mfsweep.testing.Dense;
import org.mfsweep.spec.Status;
import org.mfsweep.spec.RunOutcome;

class GradientDescentTest {
  private static RunSettings settings(int maxIterations) {
    return new RunSettings(maxIterations, 1e-14, 1e6, 2, 200);
  }

  /**
   * One step of the solver is U₁ = U₀ − η∇f(U₀); check ∇f = (U₀ − U₁)/η against central finite
   * differences of f(U) = (1/4m)·‖A(UUᵀ) − y‖² computed with full matrices.
   */
  @ParameterizedTest
  @ValueSource(strings = {"sensing", "completion", "diagonal"})
  void stepIsTheGradientOfTheStatedLoss(Kind kind) {
    int n = 6;
    int d = 4;
    ProblemSpec ps = new ProblemSpec(kind, n, 15, 2, 3);
    Problem p = Problems.build(ps, 10);
    double eta = 1e-3;
    RunSpec run = new RunSpec(ps, d, Init.ORTHOGONAL, 0.7, eta, settings(1));
    double[] u0 = new double[n * d];
    Start.fill(run, u0);
    RunOutcome one = new GradientDescent(p).run(run);
    assertEquals(1, one.iterations());
    double h = 1e-6;
    for (int t = 0; t < n * d; t++) {
      double[] plus = u0.clone();
      double[] minus = u0.clone();
      plus[t] += h;
      minus[t] -= h;
      double fd = (Dense.loss(p.train(), p.y(), plus, d) - Dense.loss(p.train(), p.y(), minus, d)) / (2 * h);
      double step = (u0[t] - one.factor()[t]) / eta;
      assertEquals(fd, step, 1e-6 * (1 + Math.abs(fd)), kind + " entry " + t);
    }
    assertEquals(Dense.loss(p.train(), p.y(), one.factor(), d), one.trainLoss(), 1e-12);
  }

  @Test
  void recoversARankOneMatrixFromEnoughGaussianMeasurements() {
    ProblemSpec ps = new ProblemSpec(Kind.SENSING, 10, 80, 1, 1);
    Problem p = Problems.build(ps, 500);
    RunOutcome o = new GradientDescent(p).run(new RunSpec(ps, 10, Init.IDENTITY, 1e-4, 0.25,
        new RunSettings(20000, 1e-16, 1e6, 2, 500)));
    assertTrue(o.errTruth() <= 1e-3, "err_truth " + o.errTruth() + " after " + o.iterations() + " (" + o.status() + ")");
    assertTrue(o.testError() <= 1e-3, "test error " + o.testError());
    assertEquals(1.0, o.effectiveRank(), 0.01);
  }

  @Test
  void aTooLargeStepIsADivergedRunNotAnError() {
    ProblemSpec ps = new ProblemSpec(Kind.SENSING, 8, 30, 2, 1);
    Problem p = Problems.build(ps, 10);
    RunSpec run = new RunSpec(ps, 8, Init.IDENTITY, 1, 50, settings(1000));
    double[] u0 = new double[64];
    Start.fill(run, u0);
    double initial = Dense.loss(p.train(), p.y(), u0, 8);
    RunOutcome o = new GradientDescent(p).run(run);
    assertEquals(Status.DIVERGED, o.status());
    assertTrue(o.iterations() < 1000);
    assertTrue(!(o.trainLoss() <= 1e6 * initial), "loss " + o.trainLoss() + " vs start " + initial);
  }

  @Test
  void stopsAtTheToleranceOrTheIterationBudget() {
    ProblemSpec ps = new ProblemSpec(Kind.SENSING, 8, 40, 1, 2);
    Problem p = Problems.build(ps, 10);
    GradientDescent gd = new GradientDescent(p);
    RunOutcome capped = gd.run(new RunSpec(ps, 8, Init.IDENTITY, 1e-2, 0.2, settings(37)));
    assertEquals(Status.MAX_ITERATIONS, capped.status());
    assertEquals(37, capped.iterations());
    RunOutcome done = gd.run(new RunSpec(ps, 8, Init.IDENTITY, 1e-2, 0.2, new RunSettings(100000, 1e-8, 1e6, 2, 10)));
    assertEquals(Status.CONVERGED, done.status());
    assertTrue(done.trainLoss() <= 1e-8);
    double[] previous = done.trace().trainLoss();
    assertTrue(previous[previous.length - 2] > 1e-8, "did not converge before the last trace point");
  }

  @Test
  void traceIsLogSpacedAndEndsAtTheLastIteration() {
    ProblemSpec ps = new ProblemSpec(Kind.COMPLETION, 8, 20, 1, 2);
    Problem p = Problems.build(ps, 10);
    RunOutcome o = new GradientDescent(p).run(new RunSpec(ps, 8, Init.IDENTITY, 1e-3, 0.5, settings(100)));
    assertArrayEquals(new int[] {1, 2, 4, 8, 16, 32, 64, 100}, o.trace().iterations());
    assertEquals(o.trainLoss(), o.trace().trainLoss()[7], 0.0);
    assertEquals(o.testError(), o.trace().testError()[7], 0.0);
    assertEquals(o.nuclearNorm(), o.trace().nuclearNorm()[7], 0.0);
  }

  @Test
  void metricsAreTheirDefinitions() {
    int n = 7;
    int d = 3;
    ProblemSpec ps = new ProblemSpec(Kind.SENSING, n, 20, 2, 9);
    Problem p = Problems.build(ps, 30);
    RunOutcome o = new GradientDescent(p).run(new RunSpec(ps, d, Init.ORTHOGONAL, 0.3, 0.1, settings(25)));
    double[] x = Dense.outer(o.factor(), n, d);
    double trace = 0;
    for (int j = 0; j < n; j++) {
      trace += x[j + j * n];
    }
    assertEquals(trace, o.nuclearNorm(), 1e-12);
    double[] diff = x.clone();
    for (int i = 0; i < diff.length; i++) {
      diff[i] -= p.truth()[i];
    }
    assertEquals(Dense.norm(diff) / Dense.norm(p.truth()), o.errTruth(), 1e-12);
    double[] rt = new double[p.test().m()];
    p.test().evaluator().apply(x, rt);
    for (int i = 0; i < rt.length; i++) {
      rt[i] -= p.yTest()[i];
    }
    assertEquals(Dense.norm(rt) / Dense.norm(p.yTest()), o.testError(), 1e-12);
    assertTrue(o.effectiveRank() > 1 && o.effectiveRank() <= d + 1e-9, "X has rank ≤ d: " + o.effectiveRank());
  }

  /** The starts of X = UUᵀ (gaussian is for X = W_N ⋯ W_1 only: AsymmetricObjectiveTest). */
  @ParameterizedTest
  @EnumSource(value = Init.class, names = {"IDENTITY", "ORTHOGONAL"})
  void startIsAlphaTimesOrthonormalOrIdentity(Init init) {
    for (int[] shape : new int[][] {{6, 6}, {6, 2}, {3, 5}, {1, 1}}) {
      int n = shape[0];
      int d = shape[1];
      RunSpec run = new RunSpec(new ProblemSpec(Kind.SENSING, n, 3, 1, 0), d, init, 0.5, 0.1, settings(1));
      double[] u = new double[n * d];
      Start.fill(run, u);
      // UᵀU = α² I when d ≤ n, UUᵀ = α² I when d > n
      int small = Math.min(n, d);
      for (int a = 0; a < small; a++) {
        for (int b = 0; b < small; b++) {
          double s = 0;
          for (int t = 0; t < Math.max(n, d); t++) {
            s += d <= n ? u[t + a * n] * u[t + b * n] : u[a + t * n] * u[b + t * n];
          }
          assertEquals(a == b ? 0.25 : 0, s, 1e-12, init + " " + n + "×" + d);
        }
      }
    }
  }

  @Test
  void diagonalProblemsFromTheIdentityStayDiagonal() {
    int n = 10;
    ProblemSpec ps = new ProblemSpec(Kind.DIAGONAL, n, 5, 2, 1);
    RunOutcome o = new GradientDescent(Problems.build(ps, 10)).run(new RunSpec(ps, n, Init.IDENTITY, 1e-3, 0.1,
        settings(200)));
    for (int j = 0; j < n; j++) {
      for (int k = 0; k < n; k++) {
        if (j != k) {
          assertEquals(0.0, o.factor()[j + k * n], 0.0);
        }
      }
    }
  }

  @Test
  void traceScheduleGrowsGeometrically() {
    assertArrayEquals(new int[] {1, 2, 4, 8}, TraceSchedule.iterations(2, 10));
    assertArrayEquals(new int[] {1, 2, 3, 4, 5, 7, 9}, TraceSchedule.iterations(1.25, 10));
    assertArrayEquals(new int[0], TraceSchedule.iterations(2, 0));
  }
}
