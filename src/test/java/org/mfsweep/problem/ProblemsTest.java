package org.mfsweep.problem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mfsweep.linalg.SymmetricEigen;
import org.mfsweep.spec.Kind;
import org.mfsweep.spec.Sampling;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.testing.Dense;

class ProblemsTest {
  private static final double TIGHT = 1e-12;

  @ParameterizedTest
  @ValueSource(strings = {"sensing", "completion", "diagonal"})
  void truthIsSymmetricPsdOfTheRankAskedAndUnitNorm(Kind kind) {
    int n = 12;
    for (int rank : new int[] {1, 3, 12}) {
      Problem p = Problems.build(new ProblemSpec(kind, n, 40, rank, 7), 10);
      double[] x = p.truth();
      for (int j = 0; j < n; j++) {
        for (int k = 0; k < n; k++) {
          assertEquals(x[j + k * n], x[k + j * n], 0.0, "symmetric");
        }
      }
      assertEquals(1.0, Dense.norm(x), TIGHT, "‖X*‖_F = 1");
      double[] w = new SymmetricEigen(n).eigenvalues(x);
      int positive = 0;
      for (double v : w) {
        assertTrue(v > -1e-12, "PSD: eigenvalue " + v);
        positive += v > 1e-10 ? 1 : 0;
      }
      assertEquals(rank, positive, "rank");
      double trace = 0;
      for (int j = 0; j < n; j++) {
        trace += x[j + j * n];
      }
      assertEquals(trace, p.truthNuclearNorm(), TIGHT);
    }
  }

  @Test
  void diagonalTruthIsANonNegativeSparseVector() {
    int n = 30;
    Problem p = Problems.build(new ProblemSpec(Kind.DIAGONAL, n, 10, 4, 3), 10);
    int nonZeros = 0;
    for (int j = 0; j < n; j++) {
      for (int k = 0; k < n; k++) {
        double v = p.truth()[j + k * n];
        if (j != k) {
          assertEquals(0.0, v, 0.0, "diagonal");
        } else {
          assertTrue(v >= 0, "non-negative");
          nonZeros += v > 0 ? 1 : 0;
        }
      }
    }
    assertEquals(4, nonZeros);
  }

  @Test
  void yIsTheOperatorAppliedToTheTruth() {
    for (Kind kind : Kinds.all().stream().map(ProblemKind::kind).toList()) {
      if (!Kinds.of(kind).matrix()) {
        continue;
      }
      Problem p = Problems.build(new ProblemSpec(kind, 9, 20, 2, 1), 15);
      for (int i = 0; i < p.m(); i++) {
        assertEquals(Dense.dot(Dense.measurementMatrix(p.train(), i), p.truth()), p.y()[i], TIGHT);
      }
      for (int i = 0; i < p.test().m(); i++) {
        assertEquals(Dense.dot(Dense.measurementMatrix(p.test(), i), p.truth()), p.yTest()[i], TIGHT);
      }
    }
  }

  @Test
  void sensingMatricesAreSymmetrisedGaussians() {
    int n = 20;
    int m = 200;
    Problem p = Problems.build(new ProblemSpec(Kind.SENSING, n, m, 2, 5), 1);
    double diag = 0;
    double off = 0;
    for (int i = 0; i < m; i++) {
      double[] a = Dense.measurementMatrix(p.train(), i);
      for (int j = 0; j < n; j++) {
        for (int k = 0; k < n; k++) {
          assertEquals(a[j + k * n], a[k + j * n], 0.0);
        }
        diag += a[j + j * n] * a[j + j * n];
        for (int k = j + 1; k < n; k++) {
          off += a[j + k * n] * a[j + k * n];
        }
      }
    }
    // (G + Gᵀ)/2: diagonal variance 1, off-diagonal 1/2; 4000 and 38000 samples
    assertEquals(1.0, diag / (m * n), 0.1);
    assertEquals(0.5, off / (m * n * (n - 1) / 2.0), 0.03);
  }

  @Test
  void completionObservesDistinctUpperEntriesAndTestsOnTheRest() {
    int n = 15;
    int m = 60;
    Problem p = Problems.build(new ProblemSpec(Kind.COMPLETION, n, m, 2, 2), 1000);
    Set<Integer> observed = new HashSet<>();
    EntryOperator train = (EntryOperator) p.train();
    for (int i = 0; i < m; i++) {
      int idx = train.index(i);
      assertTrue(idx % n <= idx / n, "upper triangle");
      assertTrue(observed.add(idx), "distinct");
    }
    EntryOperator test = (EntryOperator) p.test();
    assertEquals(n * (n + 1) / 2 - m, test.m(), "test set = every unobserved upper entry");
    for (int i = 0; i < test.m(); i++) {
      assertTrue(!observed.contains(test.index(i)));
    }
  }

  @Test
  void completionCanObserveEverything() {
    Problem p = Problems.build(new ProblemSpec(Kind.COMPLETION, 4, 10, 1, 2), 1);
    assertEquals(0, p.test().m());
  }

  @ParameterizedTest
  @ValueSource(strings = {"sensing", "completion", "diagonal"})
  void smallerMIsAPrefixAndTruthAndTestDoNotDependOnM(Kind kind) {
    Problem small = Problems.build(new ProblemSpec(kind, 10, 12, 2, 4), 20);
    Problem large = Problems.build(new ProblemSpec(kind, 10, 30, 2, 4), 20);
    assertArrayEquals(small.truth(), large.truth(), 0.0);
    for (int i = 0; i < 12; i++) {
      assertEquals(small.y()[i], large.y()[i], 0.0);
    }
    if (!kind.equals(Kind.COMPLETION)) {
      assertArrayEquals(small.yTest(), large.yTest(), 0.0);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sensing", "completion", "diagonal"})
  void problemsAreReproducibleAndSeedsDiffer(Kind kind) {
    Problem a = Problems.build(new ProblemSpec(kind, 8, 20, 2, 11), 5);
    Problem b = Problems.build(new ProblemSpec(kind, 8, 20, 2, 11), 5);
    Problem c = Problems.build(new ProblemSpec(kind, 8, 20, 2, 12), 5);
    assertArrayEquals(a.y(), b.y(), 0.0);
    assertArrayEquals(a.truth(), b.truth(), 0.0);
    assertTrue(a.y()[0] != c.y()[0]);
  }

  @Test
  void packedIndicesMapToColumns() {
    int p = 0;
    for (int k = 0; k < 200; k++) {
      for (int j = 0; j <= k; j++) {
        assertEquals(k, Problems.columnOf(p++));
      }
    }
    assertEquals(65535, Problems.columnOf(65535L * 65536 / 2));
  }

  @Test
  void oneByOneProblemsWork() {
    for (Kind kind : Kinds.all().stream().map(ProblemKind::kind).toList()) {
      if (!Kinds.of(kind).matrix()) {
        continue;
      }
      Problem p = Problems.build(new ProblemSpec(kind, 1, 1, 1, 0), 3);
      assertEquals(1.0, p.truth()[0], TIGHT);
    }
  }

  private static int[] degrees(EntryOperator e, int n) {
    int[] degree = new int[n];
    for (int i = 0; i < e.m(); i++) {
      int idx = e.index(i);
      degree[idx % n]++;
      if (idx % n != idx / n) {
        degree[idx / n]++;
      }
    }
    java.util.Arrays.sort(degree);
    return degree;
  }

  @Test
  void powerLawSamplingConcentratesOnPopularIndicesAndKeepsThePrefix() {
    int n = 40;
    int m = 300;
    Problem uniform = Problems.build(new ProblemSpec(Kind.COMPLETION, n, m, 2, 1), 1);
    Problem skewed = Problems.build(new ProblemSpec(Kind.COMPLETION, n, m, 2, 1, Sampling.POWER_LAW, 1.5), 1);
    int[] u = degrees((EntryOperator) uniform.train(), n);
    int[] s = degrees((EntryOperator) skewed.train(), n);
    System.out.printf("degrees (min/median/max): uniform %d/%d/%d, power-law 1.5 %d/%d/%d%n", u[0], u[n / 2],
        u[n - 1], s[0], s[n / 2], s[n - 1]);
    assertTrue(u[n - 1] < 2 * u[n / 2], "uniform: no index is much more popular");
    assertTrue(s[n - 1] >= 3 * s[n / 2], "power law: the most popular index is in many more entries");
    assertTrue(s[0] < u[0], "power law: the least popular in fewer");
    Set<Integer> distinct = new HashSet<>();
    EntryOperator e = (EntryOperator) skewed.train();
    for (int i = 0; i < m; i++) {
      assertTrue(e.index(i) % n <= e.index(i) / n, "upper triangle");
      assertTrue(distinct.add(e.index(i)), "distinct");
    }
    assertEquals(n * (n + 1) / 2 - m, skewed.test().m(), "tested on every unobserved entry");
    assertArrayEquals(uniform.truth(), skewed.truth(), 0.0, "the same truth: sampling is compared like with like");
    Problem prefix = Problems.build(new ProblemSpec(Kind.COMPLETION, n, 120, 2, 1, Sampling.POWER_LAW, 1.5), 1);
    for (int i = 0; i < 120; i++) {
      assertEquals(e.index(i), ((EntryOperator) prefix.train()).index(i), "prefix at " + i);
    }
  }

  @Test
  void powerLawCanObserveEveryEntry() {
    Problem all = Problems.build(new ProblemSpec(Kind.COMPLETION, 6, 21, 1, 3, Sampling.POWER_LAW, 3), 1);
    assertEquals(0, all.test().m());
  }

  @Test
  void leastSquaresProblemsAreGaussianWithAUnitTruthAndPrefixes() {
    VectorProblem p = Problems.buildVector(new ProblemSpec(Kind.LEAST_SQUARES, 30, 12, 1, 5), 40);
    assertEquals(1.0, Dense.norm(p.truth()), TIGHT);
    for (int i = 0; i < 12; i++) {
      double s = 0;
      for (int j = 0; j < 30; j++) {
        s += p.a()[i + j * 12] * p.truth()[j];
      }
      assertEquals(s, p.y()[i], TIGHT);
    }
    VectorProblem larger = Problems.buildVector(new ProblemSpec(Kind.LEAST_SQUARES, 30, 20, 1, 5), 40);
    for (int i = 0; i < 12; i++) {
      assertEquals(p.y()[i], larger.y()[i], 0.0);
    }
    assertArrayEquals(p.yTest(), larger.yTest(), 0.0);
  }

  @Test
  void patternsAreTheSubsetsInLexicographicOrder() {
    // n = 3: six positions (0,0) (0,1) (1,1) (0,2) (1,2) (2,2), numbered 0 … 5 column by column
    java.util.List<java.util.List<Integer>> seen = new java.util.ArrayList<>();
    for (long p = 0; p < 15; p++) {
      EntryOperator e = Problems.patternEntries(3, 4, p);
      java.util.List<Integer> packed = new java.util.ArrayList<>();
      for (int i = 0; i < 4; i++) {
        int idx = e.index(i);
        int j = idx % 3;
        int k = idx / 3;
        packed.add(k * (k + 1) / 2 + j);
      }
      seen.add(packed);
    }
    assertEquals(java.util.List.of(0, 1, 2, 3), seen.get(0));
    assertEquals(java.util.List.of(0, 1, 2, 4), seen.get(1));
    assertEquals(java.util.List.of(2, 3, 4, 5), seen.get(14));
    for (int p = 1; p < 15; p++) {
      assertTrue(seen.get(p - 1).toString().compareTo(seen.get(p).toString()) < 0, "lexicographic at " + p);
    }
    assertEquals(15, new HashSet<>(seen).size());
  }
}
