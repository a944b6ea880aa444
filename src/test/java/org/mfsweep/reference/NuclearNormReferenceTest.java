package org.mfsweep.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.mfsweep.problem.Problem;
import org.mfsweep.problem.Problems;
import org.mfsweep.spec.Kind;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.spec.Sampling;

/** The path {@link NuclearNormReference} takes, read from the solutions of the methods it ran. */
class NuclearNormReferenceTest {

  @Test
  void fallbackBudgetIsAFixedWorkInCubesOfN() {
    assertEquals(50_000, NuclearNormReference.fallbackIterations(3, 50_000));
    assertEquals(50_000, NuclearNormReference.fallbackIterations(27, 50_000));
    assertEquals(8_000, NuclearNormReference.fallbackIterations(50, 50_000));
    assertEquals(1_000, NuclearNormReference.fallbackIterations(100, 50_000));
    assertEquals(100, NuclearNormReference.fallbackIterations(50, 100));
    assertEquals(1, NuclearNormReference.fallbackIterations(100_000, 50_000));
  }

  /**
   * The hand-built 3 × 3 instance without a positive definite completion ({@link FacialReductionTest}),
   * at tolerance 1e-9: the interior-point method and facial reduction stop short of it, and ADMM,
   * which keeps its whole budget at n = 3, certifies it at the known optimum tr X = 9/4.
   */
  @Test
  void admmStillCertifiesWhereItCan() {
    List<NuclearNormSolution> attempts = new ArrayList<>();
    NuclearNormSolution s = NuclearNormReference.solve(FacialReductionTest.HAND_OP, FacialReductionTest.HAND_Y,
        new Settings(1e-9, 50_000), attempts);
    print("hand-built at 1e-9", s, attempts);
    assertEquals(3, attempts.size());
    assertEquals(NuclearNormSolution.Method.IPM, attempts.get(0).method());
    assertTrue(attempts.get(0).status() != Status.CONVERGED);
    assertEquals(NuclearNormSolution.Method.FACIAL_IPM, attempts.get(1).method());
    assertTrue(attempts.get(1).status() != Status.CONVERGED);
    assertEquals(NuclearNormSolution.Method.ADMM, s.method());
    assertEquals(Status.CONVERGED, s.status(), s.certificate().toString());
    assertTrue(s.iterations() < 50_000);
    assertEquals(2.25, s.trace(), 2.25 * 1e-8);
    Certificate c = new MinNuclearNorm(FacialReductionTest.HAND_OP).certificate(FacialReductionTest.HAND_Y, s.x(), s.nu());
    assertTrue(c.holds(1e-9), c.toString());
  }

  /**
   * Completion n = 50, m = 250, seed 2 (uniform; in jobs/completion-threshold.conf): no positive
   * definite completion, the interior-point method stalls, facial reduction's bound fails, and ADMM
   * cannot certify it either; neither does the lift of the face's pair to the whole cone (1.2e-6, not
   * returned because it does not certify). With a budget of 10⁶ it stops at {@link NuclearNormReference#fallbackIterations}
   * = 8 000 (MAX_ITERATIONS), and the interior-point method's solution, whose residuals are smaller,
   * is returned with its own status.
   */
  @Test
  void hopelessFallbackStopsAtItsBudgetAndTheBetterPairIsReturned() {
    Problem p = Problems.build(new ProblemSpec(Kind.COMPLETION, 50, 250, 2, 2), 1);
    List<NuclearNormSolution> attempts = new ArrayList<>();
    NuclearNormSolution s = NuclearNormReference.solve(p.train(), p.y(), new Settings(1e-6, 1_000_000), attempts);
    print("n=50 m=250 seed 2", s, attempts);
    assertEquals(4, attempts.size());
    NuclearNormSolution ipm = attempts.get(0);
    NuclearNormSolution admm = attempts.get(3);
    assertEquals(NuclearNormSolution.Method.FACIAL_IPM, attempts.get(1).method());
    assertEquals(NuclearNormSolution.Method.FACIAL_LIFT, attempts.get(2).method());
    assertEquals(Status.STALLED, attempts.get(2).status());
    assertEquals(NuclearNormSolution.Method.ADMM, admm.method());
    assertEquals(Status.MAX_ITERATIONS, admm.status());
    assertEquals(NuclearNormReference.fallbackIterations(50, 1_000_000), admm.iterations());
    assertEquals(NuclearNormSolution.Method.IPM, s.method());
    assertEquals(Status.STALLED, s.status(), s.certificate().toString());
    assertTrue(s.certificate().max() < admm.certificate().max());
    assertArrayEquals(ipm.x(), s.x());
  }

  /**
   * Completion n = 50, m = 800, seed 1 (jobs/completion.conf) at that job's tolerance 1e-8: the
   * interior-point method stops at 1e-8–3e-8, and the fallback ADMM certifies well within its
   * reduced budget (41 iterations measured).
   */
  @Test
  void reducedBudgetStillCertifiesAtTightTolerance() {
    Problem p = Problems.build(new ProblemSpec(Kind.COMPLETION, 50, 800, 2, 1, Sampling.UNIFORM, 0), 1);
    List<NuclearNormSolution> attempts = new ArrayList<>();
    NuclearNormSolution s = NuclearNormReference.solve(p.train(), p.y(), new Settings(1e-8, 50_000), attempts);
    print("n=50 m=800 seed 1 at 1e-8", s, attempts);
    assertEquals(NuclearNormSolution.Method.ADMM, s.method());
    assertEquals(Status.CONVERGED, s.status(), s.certificate().toString());
    assertTrue(s.iterations() < NuclearNormReference.fallbackIterations(50, 50_000));
  }

  private static void print(String name, NuclearNormSolution s, List<NuclearNormSolution> attempts) {
    StringBuilder b = new StringBuilder();
    for (NuclearNormSolution a : attempts) {
      b.append(String.format(Locale.ROOT, " %s %s %d it max %.1e;", a.method(), a.status(), a.iterations(),
          a.certificate().max()));
    }
    System.out.printf(Locale.ROOT, "%s: returned %s %s;%s%n", name, s.method(), s.status(), b);
  }
}
