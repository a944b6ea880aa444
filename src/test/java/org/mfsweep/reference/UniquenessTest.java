package org.mfsweep.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mfsweep.problem.EntryOperator;
import org.mfsweep.problem.MeasurementOperator;
import org.mfsweep.problem.Problem;
import org.mfsweep.problem.Problems;
import org.mfsweep.spec.Kind;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.testing.Dense;

class UniquenessTest {
  static final double TOLERANCE = MinNuclearNormIpm.DEFAULT_SETTINGS.tolerance();

  static Uniqueness.Verdict solveAndTest(MeasurementOperator op, double[] y) {
    return solveAndTest(op, y, MinNuclearNormIpm.DEFAULT_SETTINGS);
  }

  static Uniqueness.Verdict solveAndTest(MeasurementOperator op, double[] y, Settings settings) {
    NuclearNormSolution s = new MinNuclearNormIpm(op).solve(y, settings);
    assertEquals(Status.CONVERGED, s.status(), s.certificate().toString());
    return Uniqueness.test(op, s.x(), s.nu(), s.certificate(), TOLERANCE);
  }

  /** Every entry observed: A is injective on all of Sⁿ, so the only feasible X is the truth. */
  @Test
  void fullObservationIsUnique() {
    int n = 6;
    int[] rows = new int[n * (n + 1) / 2];
    int[] cols = new int[rows.length];
    int t = 0;
    for (int k = 0; k < n; k++) {
      for (int j = 0; j <= k; j++) {
        rows[t] = j;
        cols[t++] = k;
      }
    }
    EntryOperator op = new EntryOperator(n, rows, cols);
    double[] truth = Dense.outer(new double[] {1, -2, 0.5, 1, 0.3, -1, 2, 1, 0, 1, -1, 0.5}, n, 2);
    double[] y = new double[op.m()];
    op.evaluator().apply(truth, y);
    Uniqueness.Verdict v = solveAndTest(op, y);
    assertEquals(Boolean.TRUE, v.unique(), v.toString());
    assertEquals(2, v.rankX(), v.toString());
  }

  /** Sensing well above the recovery threshold: strict complementarity and an injective map on the face. */
  @Test
  void sensingAboveTheThresholdIsUnique() {
    Problem p = Problems.build(new ProblemSpec(Kind.SENSING, 20, 150, 2, 1), 1);
    Uniqueness.Verdict v = solveAndTest(p.train(), p.y());
    assertEquals(Boolean.TRUE, v.unique(), v.toString());
    assertEquals(2, v.rankX());
    assertEquals(18, v.rankS());
  }

  /**
   * One measurement tr X = 1 on S²: every PSD X of trace 1 is optimal. ν = 1, S = 0, the face is all
   * of S², and the interior-point method returns the analytic centre I/2 (rank 2 = n − rank S):
   * strict complementarity with a kernel, so FALSE. At a 1e-6 certificate S = (1 − ν)I is about
   * 1e-7, too close to the rank threshold to call zero (null); at 1e-9 it is decided. The vertex
   * e₁e₁ᵀ with the same ν is optimal too but not strictly complementary: not decided.
   */
  @Test
  void traceConstraintIsNotUnique() {
    MeasurementOperator op = MinNuclearNormTest.denseOperator(2, new double[][] {{1, 0, 0, 1}});
    double[] y = {1};
    assertNull(solveAndTest(op, y).unique());
    Settings tight = new Settings(1e-9, 100);
    Uniqueness.Verdict v = solveAndTest(op, y, tight);
    assertEquals(Boolean.FALSE, v.unique(), v.toString());
    assertEquals(2, v.rankX());
    assertEquals(0, v.rankS());
    assertSecondOptimum(op, y, v, tight);
    double[] vertex = {1, 0, 0, 0};
    double[] nu = {1};
    Certificate c = new MinNuclearNorm(op).certificate(y, vertex, nu);
    Uniqueness.Verdict atVertex = Uniqueness.test(op, vertex, nu, c, TOLERANCE);
    assertNull(atVertex.unique(), atVertex.toString());
    assertEquals(1, atVertex.rankX());
  }

  /**
   * A FALSE verdict comes with its witness: X ± step·D is PSD, fits y, has the same trace and is
   * certified with the same ν by the existing certifier, at a distance step from X.
   */
  static void assertSecondOptimum(MeasurementOperator op, double[] y, Uniqueness.Verdict v, Settings settings) {
    NuclearNormSolution s = new MinNuclearNormIpm(op).solve(y, settings);
    MinNuclearNorm certifier = new MinNuclearNorm(op);
    for (int sign = -1; sign <= 1; sign += 2) {
      double[] other = s.x().clone();
      for (int t = 0; t < other.length; t++) {
        other[t] += sign * v.step() * v.direction()[t];
      }
      Certificate c = certifier.certificate(y, other, s.nu());
      assertTrue(c.holds(TOLERANCE), c.toString());
      assertTrue(References.relativeDistance(other, s.x()) > 100 * TOLERANCE);
    }
  }

  /** Completion below its threshold (n = 30, m = 100, seed 1): FALSE, and the witness certifies. */
  @Test
  void completionBelowTheThresholdCanBeNonUnique() {
    Problem p = Problems.build(new ProblemSpec(Kind.COMPLETION, 30, 100, 2, 1), 1);
    Uniqueness.Verdict v = solveAndTest(p.train(), p.y());
    assertEquals(Boolean.FALSE, v.unique(), v.toString());
    assertSecondOptimum(p.train(), p.y(), v, MinNuclearNormIpm.DEFAULT_SETTINGS);
  }

  /** An uncertified pair is not judged. */
  @Test
  void uncertifiedPairIsNotDecided() {
    MeasurementOperator op = MinNuclearNormTest.denseOperator(2, new double[][] {{1, 0, 0, 1}});
    double[] x = {0.5, 0, 0, 0.5};
    double[] nu = {0.5}; // feasible but with gap 1/2
    Certificate c = new MinNuclearNorm(op).certificate(new double[] {1}, x, nu);
    assertNull(Uniqueness.test(op, x, nu, c, TOLERANCE).unique());
  }
}
