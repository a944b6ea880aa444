package org.mfsweep.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mfsweep.problem.MeasurementOperator;
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

/**
 * Runs stepped together in a batch (one dgemm per operator product for sensing and diagonal) against
 * the same runs stepped alone (dgemv): same status, same iterations, same trace iterations, and
 * final X = UUᵀ equal to {@value #X_TOLERANCE} relative (Frobenius).
 */
class BatchedGradientDescentTest {
  /** Relative agreement of the final X between batched and unbatched runs. */
  static final double X_TOLERANCE = 1e-9;

  static ProblemSpec problem(Kind kind) {
    return switch (kind.name()) {
      case "sensing" -> new ProblemSpec(kind, 12, 72, 2, 5);
      case "completion" -> new ProblemSpec(kind, 14, 60, 1, 5);
      case "diagonal" -> new ProblemSpec(kind, 16, 10, 2, 5);
      default -> throw new IllegalArgumentException(kind + " has no factor to batch");
    };
  }

  /** Sixteen runs whose statuses mix CONVERGED, MAX_ITERATIONS and DIVERGED, so runs leave mid-batch. */
  static List<RunSpec> runs(ProblemSpec ps, int width) {
    RunSettings settings = new RunSettings(3000, 1e-6, 1e6, 2, 40);
    List<RunSpec> runs = new ArrayList<>();
    for (double eta : new double[] {0.25, 0.6, 1000}) {
      for (double alpha : new double[] {1e-1, 1e-3, 1e-5}) {
        runs.add(new RunSpec(ps, width, Init.IDENTITY, alpha, eta, settings));
      }
    }
    for (double alpha : new double[] {0.5, 1e-2, 1e-4}) {
      runs.add(new RunSpec(ps, width, Init.ORTHOGONAL, alpha, 0.2, settings));
    }
    runs.add(new RunSpec(ps, width, Init.IDENTITY, 1e-3, 0.3, new RunSettings(7, 1e-10, 1e6, 2, 40)));
    runs.add(new RunSpec(ps, width, Init.IDENTITY, 1e-2, 0.1, new RunSettings(400, 1e-10, 1e6, 1.5, 40)));
    runs.add(new RunSpec(ps, width, Init.ORTHOGONAL, 1e-3, 0.3, new RunSettings(1500, 1e-6, 1e6, 3, 40)));
    runs.add(new RunSpec(ps, width, Init.IDENTITY, 2, 0.5, settings));
    return runs;
  }

  @ParameterizedTest
  @ValueSource(strings = {"sensing", "completion", "diagonal"})
  void batchedRunsAgreeWithRunsSteppedAlone(Kind kind) {
    ProblemSpec ps = problem(kind);
    Problem p = Problems.build(ps, 40);
    List<RunSpec> runs = runs(ps, ps.n());
    List<RunOutcome> batched = new GradientDescent(p).runAll(runs);
    GradientDescent alone = new GradientDescent(p, 1);
    Set<Status> seen = EnumSet.noneOf(Status.class);
    double worst = 0;
    for (int i = 0; i < runs.size(); i++) {
      RunOutcome b = batched.get(i);
      RunOutcome a = alone.run(runs.get(i));
      String what = kind + " run " + i + " " + runs.get(i);
      assertEquals(a.status(), b.status(), what);
      assertEquals(a.iterations(), b.iterations(), what);
      assertArrayEquals(a.trace().iterations(), b.trace().iterations(), what);
      double rel = relativeDifference(Dense.outer(a.factor(), ps.n(), ps.n()), Dense.outer(b.factor(), ps.n(), ps.n()));
      worst = Math.max(worst, rel);
      assertTrue(rel <= X_TOLERANCE, what + ": ‖X_batched − X_alone‖/‖X_alone‖ = " + rel);
      seen.add(a.status());
    }
    System.out.printf("%s: worst relative difference of X, batched vs alone: %.3g over %d runs %s%n", kind, worst,
        runs.size(), seen);
    assertEquals(EnumSet.of(Status.CONVERGED, Status.MAX_ITERATIONS, Status.DIVERGED), seen,
        "the runs cover every way a run ends");
  }

  /**
   * Where exact agreement is impossible: a step size past the edge of stability (diagonal, η = 1) makes
   * the iteration chaotic, with the loss bouncing between about 0.01 and 0.4 and never settling. A
   * perturbation of one ulp grows about e^0.6 per step (1e-12 after 10 steps, 4e-2 after 50), so
   * any change of summation order (dgemm instead of dgemv) changes X by O(1) after about 60 steps.
   * The test shows that the unbatched path is as sensitive to a one-ulp change of α as it is to
   * batching, and that batching still keeps the status and the iteration count. (On the BLAS kernels:
   * the plain-Java small kernels sum in the same order batched or not, so there batching changes
   * nothing, to the bit, even here.)
   */
  @Test
  void chaoticRunsAmplifyRoundingWhetherBatchedOrNot() {
    System.setProperty(org.mfsweep.linalg.SmallKernels.PROPERTY, "blas");
    try {
      chaotic(false);
    } finally {
      System.clearProperty(org.mfsweep.linalg.SmallKernels.PROPERTY);
    }
    System.setProperty(org.mfsweep.linalg.SmallKernels.PROPERTY, "java");
    try {
      chaotic(true);
    } finally {
      System.clearProperty(org.mfsweep.linalg.SmallKernels.PROPERTY);
    }
  }

  private void chaotic(boolean javaKernels) {
    ProblemSpec ps = problem(Kind.DIAGONAL);
    Problem p = Problems.build(ps, 40);
    int n = ps.n();
    double alpha = 0.1;
    for (int steps : new int[] {10, 3000}) {
      RunSettings s = new RunSettings(steps, 1e-6, 1e6, 2, 40);
      RunSpec run = new RunSpec(ps, n, Init.IDENTITY, alpha, 1.0, s);
      RunSpec ulp = new RunSpec(ps, n, Init.IDENTITY, Math.nextUp(alpha), 1.0, s);
      RunOutcome alone = new GradientDescent(p, 1).run(run);
      RunOutcome batched = new GradientDescent(p).runBatch(List.of(run, ulp)).get(0);
      RunOutcome perturbed = new GradientDescent(p, 1).run(ulp);
      double[] x = Dense.outer(alone.factor(), n, n);
      double byBatch = relativeDifference(x, Dense.outer(batched.factor(), n, n));
      double byUlp = relativeDifference(x, Dense.outer(perturbed.factor(), n, n));
      System.out.printf("diagonal η=1 after %d steps: loss %.3g; ‖ΔX‖/‖X‖ batched vs alone %.3g, α vs α+ulp (alone) %.3g%n",
          steps, alone.trainLoss(), byBatch, byUlp);
      assertEquals(alone.status(), batched.status());
      assertEquals(alone.iterations(), batched.iterations());
      if (javaKernels) {
        assertEquals(0.0, byBatch, "Java kernels: batched and alone are the same to the bit");
        assertTrue(steps == 10 || byUlp > 1e-3, "rounding amplified to O(1): " + byUlp);
      } else if (steps == 10) {
        assertTrue(byBatch <= X_TOLERANCE, "before the chaos amplifies it, batching is rounding: " + byBatch);
      } else {
        assertTrue(byBatch > 1e-3 && byUlp > 1e-3, "rounding amplified to O(1): " + byBatch + ", " + byUlp);
      }
    }
  }

  /** An operator that only has the dense evaluator goes through the generic path, with the same result. */
  @ParameterizedTest
  @ValueSource(strings = {"sensing", "completion", "diagonal"})
  void operatorsWithoutFactoredKernelsRunThroughTheDenseFallback(Kind kind) {
    ProblemSpec ps = problem(kind);
    Problem p = Problems.build(ps, 40);
    MeasurementOperator plain = new MeasurementOperator() {
      @Override public int n() {
        return p.train().n();
      }

      @Override public int m() {
        return p.train().m();
      }

      @Override public Evaluator evaluator() {
        return p.train().evaluator();
      }

      @Override public double applyFlops() {
        return p.train().applyFlops();
      }
    };
    Problem dense = new Problem(ps, plain, p.y(), p.test(), p.yTest(), p.truth(), p.truthNuclearNorm(), p.seconds());
    List<RunSpec> runs = runs(ps, 5);
    List<RunOutcome> fast = new GradientDescent(p).runAll(runs);
    List<RunOutcome> slow = new GradientDescent(dense).runAll(runs);
    for (int i = 0; i < runs.size(); i++) {
      assertEquals(slow.get(i).status(), fast.get(i).status(), kind + " run " + i);
      assertEquals(slow.get(i).iterations(), fast.get(i).iterations(), kind + " run " + i);
      double rel = relativeDifference(Dense.outer(slow.get(i).factor(), ps.n(), 5),
          Dense.outer(fast.get(i).factor(), ps.n(), 5));
      assertTrue(rel <= X_TOLERANCE, kind + " run " + i + ": " + rel);
    }
  }

  @Test
  void outcomesComeBackInInputOrderAcrossWidths() {
    ProblemSpec ps = problem(Kind.SENSING);
    Problem p = Problems.build(ps, 40);
    List<RunSpec> runs = new ArrayList<>();
    RunSettings s = new RunSettings(50, 1e-10, 1e6, 2, 40);
    for (int i = 0; i < 7; i++) {
      runs.add(new RunSpec(ps, i % 2 == 0 ? ps.n() : 3, Init.ORTHOGONAL, Math.pow(10, -i), 0.2, s));
    }
    GradientDescent gd = new GradientDescent(p, 3);
    assertEquals(List.of(List.of(0, 2, 4), List.of(6), List.of(1, 3, 5)), gd.batches(runs));
    List<RunOutcome> all = gd.runAll(runs);
    for (int i = 0; i < runs.size(); i++) {
      assertEquals(ps.n() * runs.get(i).width(), all.get(i).factor().length);
      RunOutcome one = new GradientDescent(p).run(runs.get(i));
      assertEquals(one.nuclearNorm(), all.get(i).nuclearNorm(), 1e-9 * one.nuclearNorm(), "run " + i);
    }
  }

  @Test
  void aBatchRefusesRunsOfAnotherProblemOrWidth() {
    ProblemSpec ps = problem(Kind.SENSING);
    GradientDescent gd = new GradientDescent(Problems.build(ps, 40));
    RunSettings s = new RunSettings(5, 1e-10, 1e6, 2, 40);
    RunSpec good = new RunSpec(ps, 4, Init.IDENTITY, 1, 0.1, s);
    RunSpec otherProblem = new RunSpec(problem(Kind.DIAGONAL), 4, Init.IDENTITY, 1, 0.1, s);
    RunSpec otherWidth = new RunSpec(ps, 5, Init.IDENTITY, 1, 0.1, s);
    assertThrows(IllegalArgumentException.class, () -> gd.runBatch(List.of(good, otherProblem)));
    assertThrows(IllegalArgumentException.class, () -> gd.runBatch(List.of(good, otherWidth)));
    assertThrows(IllegalArgumentException.class, () -> gd.runAll(List.of(good, otherProblem)));
  }

  @Test
  void runSecondsAddUpToTheBatchesWallTime() {
    ProblemSpec ps = problem(Kind.SENSING);
    GradientDescent gd = new GradientDescent(Problems.build(ps, 40));
    List<RunSpec> runs = runs(ps, ps.n());
    long t = System.nanoTime();
    List<RunOutcome> all = gd.runAll(runs);
    double wall = (System.nanoTime() - t) * 1e-9;
    double sum = all.stream().mapToDouble(RunOutcome::seconds).sum();
    assertTrue(sum <= wall && sum >= 0.5 * wall, "Σ run seconds " + sum + " vs wall " + wall);
  }

  static double relativeDifference(double[] a, double[] b) {
    double[] diff = a.clone();
    for (int i = 0; i < diff.length; i++) {
      diff[i] -= b[i];
    }
    return Dense.norm(diff) / Dense.norm(a);
  }

  /**
   * The clock is read every {@link BatchedSolver#CLOCK_EVERY} iterations and before a run leaves:
   * runs that leave a batch at different iterations (none a multiple of it) still get all of the
   * batch's time between them, each share once, and a run that goes on longer gets more. A run of
   * 2·CLOCK_EVERY − 1 iterations alone would lose almost half of its time without the read before it
   * leaves (best of five, against noise).
   */
  @Test
  void runsShareTheBatchTimeWhateverWhenTheyStop() {
    ProblemSpec ps = problem(Kind.SENSING);
    Problem p = Problems.build(ps, 40);
    GradientDescent gd = new GradientDescent(p);
    int[] stops = {101, 1_003, 20_007};
    List<RunSpec> runs = new ArrayList<>();
    for (int max : stops) {
      runs.add(new RunSpec(ps, 5, Init.IDENTITY, 1e-3, 0.05, new RunSettings(max, 0, 1e300, 2, 0)));
    }
    gd.runBatch(runs); // warm
    long before = System.nanoTime();
    List<RunOutcome> out = gd.runBatch(runs);
    double elapsed = (System.nanoTime() - before) * 1e-9;
    double sum = 0;
    for (int i = 0; i < stops.length; i++) {
      assertEquals(Status.MAX_ITERATIONS, out.get(i).status());
      assertEquals(stops[i], out.get(i).iterations());
      assertTrue(out.get(i).seconds() > 0, "run " + i);
      sum += out.get(i).seconds();
    }
    assertTrue(sum <= elapsed, sum + " s charged in " + elapsed + " s");
    assertTrue(out.get(0).seconds() < out.get(2).seconds(), out.get(0).seconds() + " vs " + out.get(2).seconds());

    RunSpec alone = new RunSpec(ps, 5, Init.IDENTITY, 1e-3, 0.05,
        new RunSettings(2 * BatchedSolver.CLOCK_EVERY - 1, 0, 1e300, 2, 0));
    double best = 0;
    for (int attempt = 0; attempt < 5; attempt++) {
      long t = System.nanoTime();
      RunOutcome o = gd.run(alone);
      double wall = (System.nanoTime() - t) * 1e-9;
      assertTrue(o.seconds() <= wall, o.seconds() + " s charged in " + wall + " s");
      best = Math.max(best, o.seconds() / wall);
    }
    assertTrue(best >= 0.8, "a run alone was charged at best " + best + " of its batch's time");
  }
}
