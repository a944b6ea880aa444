package org.mfsweep.problem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mfsweep.spec.Kind;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.spec.Sampling;

/** General rows × cols problems: shapes, truth, prefix property, completion's positions, limits and costs. */
class GeneralProblemsTest {
  static ProblemSpec spec(String kind, int rows, int cols, int m, int rank, Sampling sampling) {
    return ProblemSpec.general(new Kind(kind), rows, cols, m, rank, 11, sampling, sampling == Sampling.POWER_LAW ? 1.5 : 0,
        null);
  }

  static GeneralProblem build(ProblemSpec spec, int testSize) {
    return (GeneralProblem) Kinds.of(spec.kind()).build(spec, testSize);
  }

  static double[] matrix(MatrixOperator op, int i) {
    double[] unit = new double[op.m()];
    unit[i] = 1;
    double[] a = new double[op.rows() * op.cols()];
    op.adjoint(unit, a);
    return a;
  }

  @ParameterizedTest(name = "{0} {1} × {2}, {3}")
  @CsvSource({"sensing, 5, 3, uniform", "completion, 5, 3, uniform", "completion, 4, 7, power-law"})
  void truthIsAUnitFrobeniusRankKMatrixNotSymmetricAndIndependentOfM(String kind, int rows, int cols, String sampling) {
    GeneralProblem small = build(spec(kind, rows, cols, 6, 2, Sampling.parse(sampling)), 4);
    GeneralProblem large = build(spec(kind, rows, cols, 12, 2, Sampling.parse(sampling)), 4);
    assertEquals(rows, small.rows());
    assertEquals(cols, small.cols());
    assertEquals(rows * cols, small.truth().length);
    assertArrayEquals(small.truth(), large.truth(), "the truth does not depend on m");
    double f = 0;
    for (double v : small.truth()) {
      f += v * v;
    }
    assertEquals(1, f, 1e-12);
    // rank 2: the nuclear norm is between ‖X‖_F and √2 ‖X‖_F
    assertTrue(small.truthNuclearNorm() > 1 && small.truthNuclearNorm() <= Math.sqrt(2) + 1e-12,
        "‖X*‖_* = " + small.truthNuclearNorm());
    // the smaller m is a prefix of the larger: the same first measurements and observations
    for (int i = 0; i < 6; i++) {
      assertArrayEquals(matrix(small.train(), i), matrix(large.train(), i), 0, "measurement " + i);
      assertEquals(small.y()[i], large.y()[i], 1e-14); // dgemv may sum in another order
    }
    double[] ax = new double[small.m()];
    small.train().apply(small.truth(), ax);
    assertArrayEquals(ax, small.y(), 1e-15);
  }

  @Test
  void sensingMeasurementsAreDenseStandardGaussiansAndTheTestSetIsFresh() {
    GeneralProblem p = build(spec("sensing", 6, 4, 200, 1, Sampling.UNIFORM), 7);
    assertEquals(7, p.test().m());
    assertEquals(7, p.yTest().length);
    double sum = 0;
    double sum2 = 0;
    int count = 0;
    for (int i = 0; i < p.m(); i++) {
      for (double v : matrix(p.train(), i)) {
        sum += v;
        sum2 += v * v;
        count++;
      }
    }
    assertEquals(0, sum / count, 0.05);
    assertEquals(1, sum2 / count, 0.05, "entries are N(0, 1), not N(0, 1/m)");
    assertTrue(!Arrays.equals(matrix(p.train(), 0), matrix(p.test(), 0)));
    // not symmetric: A₀ ≠ A₀ᵀ is not even defined for 6 × 4; the truth of a square problem is not symmetric
    GeneralProblem square = build(spec("sensing", 4, 4, 3, 2, Sampling.UNIFORM), 1);
    double asym = 0;
    for (int a = 0; a < 4; a++) {
      for (int b = 0; b < 4; b++) {
        asym = Math.max(asym, Math.abs(square.truth()[a + 4 * b] - square.truth()[b + 4 * a]));
      }
    }
    assertTrue(asym > 1e-3, "X* = W Hᵀ is not symmetric");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"uniform", "power-law"})
  void completionObservesDistinctPositionsAndTestsOnEveryOther(String sampling) {
    int rows = 6;
    int cols = 5;
    GeneralProblem p = build(spec("completion", rows, cols, 17, 2, Sampling.parse(sampling)), 1000);
    int[] observed = p.train().entries();
    Set<Integer> seen = new HashSet<>();
    for (int e : observed) {
      assertTrue(seen.add(e), "position " + e + " twice");
    }
    assertEquals(rows * cols - 17, p.test().m(), "the test set is every unobserved entry, test-size aside");
    for (int e : p.test().entries()) {
      assertTrue(seen.add(e), "test position " + e + " is observed");
    }
    assertEquals(rows * cols, seen.size());
    for (int i = 0; i < p.m(); i++) {
      assertEquals(p.truth()[observed[i]], p.y()[i], 0);
    }
    // every entry observed: an empty test set
    GeneralProblem full = build(spec("completion", 3, 2, 6, 1, Sampling.parse(sampling)), 5);
    assertEquals(0, full.test().m());
    assertEquals(0, full.yTest().length);
  }

  @Test
  void powerLawFavoursPopularRowsAndColumns() {
    int rows = 30;
    int cols = 20;
    GeneralProblem p = build(ProblemSpec.general(Kind.COMPLETION, rows, cols, 60, 2, 5, Sampling.POWER_LAW, 2.0, null),
        1);
    int[] perRow = new int[rows];
    for (int e : p.train().entries()) {
      perRow[e % rows]++;
    }
    int[] sorted = perRow.clone();
    Arrays.sort(sorted);
    // with exponent 2 the most popular row holds far more than a uniform 60/30 = 2
    assertTrue(sorted[rows - 1] >= 8, Arrays.toString(perRow));
  }

  @Test
  void limitsOnMAndShape() {
    ProblemKind completion = Kinds.of(Kind.COMPLETION);
    assertNull(completion.wrongM(4, 3, 1, 12, true));
    assertNotNull(completion.wrongM(4, 3, 1, 13, true));
    assertTrue(completion.wrongM(4, 3, 1, 13, true).contains("4 × 3"));
    assertNotNull(completion.wrongM(4, 4, 1, 11, false), "symmetric: n(n+1)/2 = 10");
    assertNull(Kinds.of(Kind.SENSING).wrongM(4, 3, 1, 1000, true));
    assertNotNull(Kinds.of(Kind.DIAGONAL).wrongM(4, 3, 1, 2, true), "diagonal has no general problems");
    assertThrows(IllegalArgumentException.class, () -> build(spec("completion", 3, 3, 4, 4, Sampling.UNIFORM), 1),
        "rank > min(rows, cols)");
    assertThrows(IllegalArgumentException.class,
        () -> Kinds.of(Kind.COMPLETION).build(ProblemSpec.general(Kind.COMPLETION, 3, 3, 2, 1, 0, Sampling.PATTERN,
            0, null), 1));
  }

  @Test
  void costsScaleWithRowsTimesCols() {
    ProblemSpec s = spec("sensing", 10, 20, 50, 2, Sampling.UNIFORM);
    ProblemKind k = Kinds.of(Kind.SENSING);
    assertEquals(2.0 * 200 * 50, k.applyFlops(s));
    assertThrows(IllegalArgumentException.class, () -> k.stepFlops(s, 20), "X = UUᵀ does not fit it");
    assertTrue(k.buildFlops(s, 10) == ProblemKind.GAUSSIAN_FLOPS * 200 * 60);
    double[] f = k.footprint(s, 10);
    assertTrue(f[0] >= 200.0 * 60 && f[1] >= 200.0 * 50);
    ProblemSpec c = spec("completion", 10, 20, 50, 2, Sampling.UNIFORM);
    assertEquals(50, Kinds.of(Kind.COMPLETION).applyFlops(c));
    assertTrue(Kinds.of(Kind.COMPLETION).footprint(c, 10)[0] >= 2 * 150);
    // a symmetric problem seen as general: its own operator plus forming (X + Xᵀ)/2
    ProblemSpec sym = new ProblemSpec(Kind.SENSING, 6, 10, 2, 0);
    Problem built = Problems.build(sym, 1);
    assertEquals(GeneralProblem.of(built).train().applyFlops(), k.applyFlops(sym));
    GeneralProblem g = (GeneralProblem) k.build(s, 10);
    assertEquals(g.train().applyFlops(), k.applyFlops(s), "the operator's own count, without building it");
    GeneralProblem gc = (GeneralProblem) Kinds.of(Kind.COMPLETION).build(c, 10);
    assertEquals(gc.train().applyFlops(), Kinds.of(Kind.COMPLETION).applyFlops(c));
  }
}
