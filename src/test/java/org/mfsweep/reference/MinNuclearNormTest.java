package org.mfsweep.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mfsweep.linalg.Orthonormal;
import org.mfsweep.linalg.Packed;
import org.mfsweep.problem.DenseSymmetricOperator;
import org.mfsweep.problem.EntryOperator;
import org.mfsweep.problem.MeasurementOperator;
import org.mfsweep.problem.Problem;
import org.mfsweep.problem.Problems;
import org.mfsweep.spec.Kind;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.testing.Dense;

class MinNuclearNormTest {
  /** The solver's default and the brief's requirement: every certificate residual at most 1e-6. */
  static final double CERTIFICATE_TOLERANCE = MinNuclearNorm.DEFAULT_SETTINGS.tolerance();
  /** Tighter solve for the constructed instances, whose X* is then checked directly. */
  static final double CONSTRUCTED_SOLVE_TOLERANCE = 1e-9;
  /** ‖X − X*‖_F / ‖X*‖_F for the constructed instances solved at 1e-9. */
  static final double CONSTRUCTED_SOLUTION_TOLERANCE = 1e-6;
  /** |tr X − Σx| / Σx between the SDP (certified at 1e-6) and the LP on a diagonal problem. */
  static final double SDP_LP_VALUE_TOLERANCE = 1e-5;
  /** The same completion solved through the diagonal Gram and through the dense one. */
  static final double GRAM_PATHS_TOLERANCE = 1e-4;

  static Stream<Arguments> engineProblems() {
    Object[][] cases = {
        {Kind.SENSING, 50, 300, 2, 1}, {Kind.SENSING, 50, 300, 2, 2}, {Kind.SENSING, 50, 300, 2, 3},
        {Kind.SENSING, 100, 600, 2, 1}, {Kind.SENSING, 100, 600, 2, 2},
        {Kind.SENSING, 1, 1, 1, 1}, {Kind.SENSING, 2, 1, 1, 1}, {Kind.SENSING, 2, 3, 1, 2}, {Kind.SENSING, 3, 4, 1, 3},
        {Kind.SENSING, 10, 40, 2, 1}, {Kind.SENSING, 20, 150, 3, 2}, {Kind.SENSING, 3, 8, 1, 1},
        {Kind.COMPLETION, 1, 1, 1, 1}, {Kind.COMPLETION, 2, 2, 1, 1}, {Kind.COMPLETION, 2, 3, 1, 1},
        {Kind.COMPLETION, 10, 50, 2, 1}, {Kind.COMPLETION, 10, 55, 2, 2}, {Kind.COMPLETION, 30, 200, 2, 1},
        {Kind.COMPLETION, 30, 460, 2, 1}, {Kind.COMPLETION, 50, 1270, 2, 1}, {Kind.COMPLETION, 100, 4000, 2, 1},
        {Kind.DIAGONAL, 1, 1, 1, 1}, {Kind.DIAGONAL, 2, 1, 1, 1}, {Kind.DIAGONAL, 10, 30, 2, 1},
    };
    return Stream.of(cases).map(c -> Arguments.of(c[0], c[1], c[2], c[3], ((Integer) c[4]).longValue()));
  }

  @ParameterizedTest(name = "{0} n={1} m={2} rank={3} seed={4}")
  @MethodSource("engineProblems")
  void certificateHoldsOnEngineProblems(Kind kind, int n, int m, int rank, long seed) {
    Problem p = Problems.build(new ProblemSpec(kind, n, m, rank, seed), 10);
    MinNuclearNorm solver = new MinNuclearNorm(p.train());
    NuclearNormSolution s = solver.solve(p.y(), MinNuclearNorm.DEFAULT_SETTINGS);
    System.out.printf(Locale.ROOT, "%s n=%d m=%d rank=%d seed=%d: %s in %d iterations, %.3f s (+ %.3f s setup); %s%n",
        kind.configName(), n, m, rank, seed, s.status(), s.iterations(), s.seconds(), solver.setupSeconds(),
        s.certificate());
    assertEquals(Status.CONVERGED, s.status(), s.certificate().toString());
    assertTrue(s.certificate().holds(CERTIFICATE_TOLERANCE), s.certificate().toString());
    // the certificate the solver reports is the one recomputed from its outputs
    assertEquals(s.certificate(), solver.certificate(p.y(), s.x(), s.nu()));
    // X* is feasible, so the optimum is at most its trace
    assertTrue(s.trace() <= p.truthNuclearNorm() * (1 + 10 * CERTIFICATE_TOLERANCE), s.trace() + " vs "
        + p.truthNuclearNorm());
    for (int j = 0; j < n; j++) {
      for (int k = 0; k < n; k++) {
        assertEquals(s.x()[j + k * n], s.x()[k + j * n], 0.0, "X is symmetric");
      }
    }
  }

  static Stream<Arguments> constructed() {
    int[][] shapes = {{1, 1, 1}, {2, 1, 1}, {2, 1, 3}, {5, 2, 6}, {10, 2, 20}, {20, 3, 40}};
    Stream.Builder<Arguments> b = Stream.builder();
    for (int[] s : shapes) {
      for (long seed = 1; seed <= 3; seed++) {
        b.add(Arguments.of(s[0], s[1], s[2], seed));
      }
    }
    return b.build();
  }

  /**
   * An SDP whose unique solution is known by construction. With [U U⊥] orthogonal, X* = U Σ Uᵀ
   * (rank r) and S* = U⊥ Λ U⊥ᵀ, Λ ≻ 0, so X*S* = 0 and rank X* + rank S* = n (strict
   * complementarity). A₀ … A_{m−2} are random and A_{m−1} = I − S* − Σᵢ ν*ᵢAᵢ with ν*_{m−1} = 1, so
   * I − A*(ν*) = S* ⪰ 0: (X*, ν*) satisfies the KKT conditions with y = A(X*). X* is the only
   * solution because every optimal X lies in the face {U Y Uᵀ : Y ⪰ 0} and Y ↦ (⟨UᵀAᵢU, Y⟩)ᵢ is
   * injective for generic Aᵢ when m ≥ r(r+1)/2.
   */
  @ParameterizedTest(name = "n={0} r={1} m={2} seed={3}")
  @MethodSource("constructed")
  void findsASolutionKnownByConstruction(int n, int r, int m, long seed) {
    Random rng = new Random(seed);
    double[] basis = Dense.randomVector(n * n, rng);
    Orthonormal.columns(n, n, basis);
    double[] truth = new double[n * n];
    double[] slack = new double[n * n];
    for (int c = 0; c < n; c++) {
      double weight = 0.5 + rng.nextDouble(); // Σ for c < r, Λ after
      double[] target = c < r ? truth : slack;
      for (int j = 0; j < n; j++) {
        for (int k = 0; k < n; k++) {
          target[j + k * n] += weight * basis[j + c * n] * basis[k + c * n];
        }
      }
    }
    double[] nu = Dense.randomVector(m, rng);
    nu[m - 1] = 1;
    double[][] a = new double[m][];
    double[] last = new double[n * n];
    for (int j = 0; j < n; j++) {
      last[j + j * n] = 1;
    }
    for (int t = 0; t < n * n; t++) {
      last[t] -= slack[t];
    }
    for (int i = 0; i < m - 1; i++) {
      a[i] = Dense.randomSymmetric(n, rng);
      for (int t = 0; t < n * n; t++) {
        last[t] -= nu[i] * a[i][t];
      }
    }
    a[m - 1] = last;
    MeasurementOperator op = denseOperator(n, a);
    double[] y = new double[m];
    op.evaluator().apply(truth, y);

    MinNuclearNorm solver = new MinNuclearNorm(op);
    assertTrue(solver.certificate(y, truth, nu).holds(1e-12), "(X*, ν*) certifies itself: "
        + solver.certificate(y, truth, nu));
    NuclearNormSolution s = solver.solve(y, new Settings(CONSTRUCTED_SOLVE_TOLERANCE, 100_000));
    assertEquals(Status.CONVERGED, s.status(), s.certificate().toString());
    double error = 0;
    for (int t = 0; t < n * n; t++) {
      error += (s.x()[t] - truth[t]) * (s.x()[t] - truth[t]);
    }
    assertTrue(Math.sqrt(error) <= CONSTRUCTED_SOLUTION_TOLERANCE * Dense.norm(truth), "‖X − X*‖_F = "
        + Math.sqrt(error) + " after " + s.iterations() + " iterations");
  }

  static Stream<Arguments> diagonalProblems() {
    int[][] shapes = {{1, 1, 1}, {2, 1, 1}, {5, 3, 1}, {10, 5, 2}, {30, 12, 2}, {20, 40, 2}};
    Stream.Builder<Arguments> b = Stream.builder();
    for (int[] s : shapes) {
      for (long seed = 1; seed <= 2; seed++) {
        b.add(Arguments.of(s[0], s[1], s[2], seed));
      }
    }
    return b.build();
  }

  /**
   * On a diagonal problem the SDP and the LP have the same value: every PSD X has a non-negative
   * diagonal x with tr X = Σx and A(X) = A x, and diag(x) is PSD.
   */
  @ParameterizedTest(name = "n={0} m={1} rank={2} seed={3}")
  @MethodSource("diagonalProblems")
  void sdpValueIsTheLpValueOnDiagonalProblems(int n, int m, int rank, long seed) {
    Problem p = Problems.build(new ProblemSpec(Kind.DIAGONAL, n, m, rank, seed), 1);
    NuclearNormSolution sdp = new MinNuclearNorm(p.train()).solve(p.y(), MinNuclearNorm.DEFAULT_SETTINGS);
    L1Solution lp = MinL1NonNegative.ofDiagonal(p.train()).solve(p.y(), MinL1NonNegative.DEFAULT_SETTINGS);
    assertEquals(Status.CONVERGED, sdp.status(), sdp.certificate().toString());
    assertEquals(Status.CONVERGED, lp.status(), lp.certificate().toString());
    assertEquals(lp.sum(), sdp.trace(), SDP_LP_VALUE_TOLERANCE * lp.sum());
  }

  /** Completion's Gram matrix is diagonal: 1 on diagonal entries, 1/2 off; null once a position repeats. */
  @Test
  void completionReportsItsDiagonalGram() {
    Problem p = Problems.build(new ProblemSpec(Kind.COMPLETION, 6, 15, 1, 4), 1);
    double[] diagonal = p.train().gramDiagonal();
    for (int i = 0; i < p.m(); i++) {
      double[] ai = Dense.measurementMatrix(p.train(), i);
      for (int k = 0; k < p.m(); k++) {
        double gik = Dense.dot(ai, Dense.measurementMatrix(p.train(), k));
        assertEquals(i == k ? diagonal[i] : 0.0, gik, 1e-15, "⟨A_" + i + ", A_" + k + "⟩");
      }
      assertTrue(diagonal[i] == 1.0 || diagonal[i] == 0.5);
    }
    assertNull(new EntryOperator(3, new int[] {0, 1, 0}, new int[] {2, 1, 2}).gramDiagonal());
    assertNull(Problems.build(new ProblemSpec(Kind.SENSING, 3, 2, 1, 1), 1).train().gramDiagonal());
    assertNull(Problems.build(new ProblemSpec(Kind.DIAGONAL, 3, 2, 1, 1), 1).train().gramDiagonal());
  }

  /**
   * With a diagonal Gram the solver never forms the m × m matrix (no adjoint during set-up), and
   * it solves the same problem as the dense path does.
   */
  @Test
  void diagonalGramAvoidsTheDenseGramAndAgreesWithIt() {
    Problem p = Problems.build(new ProblemSpec(Kind.COMPLETION, 12, 50, 2, 3), 1);
    Counting diagonalPath = new Counting(p.train(), true);
    Counting densePath = new Counting(p.train(), false);
    MinNuclearNorm fast = new MinNuclearNorm(diagonalPath);
    assertEquals(0, diagonalPath.adjoints);
    MinNuclearNorm dense = new MinNuclearNorm(densePath);
    assertEquals(p.m(), densePath.adjoints);
    NuclearNormSolution a = fast.solve(p.y(), MinNuclearNorm.DEFAULT_SETTINGS);
    NuclearNormSolution b = dense.solve(p.y(), MinNuclearNorm.DEFAULT_SETTINGS);
    assertEquals(Status.CONVERGED, a.status());
    assertEquals(Status.CONVERGED, b.status());
    double diff = 0;
    for (int t = 0; t < a.x().length; t++) {
      diff += (a.x()[t] - b.x()[t]) * (a.x()[t] - b.x()[t]);
    }
    assertTrue(Math.sqrt(diff) <= GRAM_PATHS_TOLERANCE * Dense.norm(a.x()), "‖X_diag − X_dense‖_F = " + Math.sqrt(diff));
  }

  /**
   * A repeated position makes A A* singular (and not diagonal): the dense path keeps one copy,
   * and the certificate, over all m, still holds because the copies agree.
   */
  @Test
  void repeatedMeasurementsAreDroppedFromTheProjection() {
    int n = 3;
    EntryOperator op = new EntryOperator(n, new int[] {0, 1, 0, 2, 1}, new int[] {2, 1, 2, 2, 1});
    double[] truth = Dense.outer(new double[] {1, -2, 0.5}, n, 1);
    double[] y = new double[op.m()];
    op.evaluator().apply(truth, y);
    MinNuclearNorm solver = new MinNuclearNorm(op);
    assertEquals(3, solver.independentMeasurements());
    NuclearNormSolution s = solver.solve(y, MinNuclearNorm.DEFAULT_SETTINGS);
    assertEquals(Status.CONVERGED, s.status(), s.certificate().toString());
    assertTrue(s.certificate().holds(CERTIFICATE_TOLERANCE));
  }

  /** n = 1000, m = 10 000 completion: set-up needs no m × m matrix; two iterations run and report. */
  @Test
  void largeCompletionRunsWithoutADenseGram() {
    Problem p = Problems.build(new ProblemSpec(Kind.COMPLETION, 1000, 10_000, 5, 1), 1);
    MinNuclearNorm solver = new MinNuclearNorm(p.train());
    assertEquals(10_000, solver.independentMeasurements());
    NuclearNormSolution s = solver.solve(p.y(), new Settings(1e-6, 2));
    assertEquals(Status.MAX_ITERATIONS, s.status());
    assertEquals(2, s.iterations());
    assertTrue(Double.isFinite(s.certificate().max()), s.certificate().toString());
  }

  @Test
  void zeroMeasurementsGiveZeroAtOnce() {
    Problem p = Problems.build(new ProblemSpec(Kind.SENSING, 5, 7, 1, 1), 1);
    NuclearNormSolution s = new MinNuclearNorm(p.train()).solve(new double[7], MinNuclearNorm.DEFAULT_SETTINGS);
    assertEquals(Status.CONVERGED, s.status());
    assertEquals(0, s.iterations());
    assertEquals(0.0, Dense.norm(s.x()), 0.0);
  }

  @Test
  void reportsTheBudgetRunningOut() {
    Problem p = Problems.build(new ProblemSpec(Kind.SENSING, 20, 100, 2, 1), 1);
    NuclearNormSolution s = new MinNuclearNorm(p.train()).solve(p.y(), new Settings(1e-6, 5));
    assertEquals(Status.MAX_ITERATIONS, s.status());
    assertEquals(5, s.iterations());
    assertFalse(s.certificate().holds(1e-6), s.certificate().toString());
  }

  /** The certificate can fail: a scaled X misses the measurements, a scaled ν leaves the dual cone. */
  @Test
  void certificateRejectsPerturbedPairs() {
    Problem p = Problems.build(new ProblemSpec(Kind.SENSING, 20, 120, 2, 2), 1);
    MinNuclearNorm solver = new MinNuclearNorm(p.train());
    NuclearNormSolution s = solver.solve(p.y(), MinNuclearNorm.DEFAULT_SETTINGS);
    double[] x = s.x().clone();
    for (int t = 0; t < x.length; t++) {
      x[t] *= 1.01;
    }
    Certificate scaledX = solver.certificate(p.y(), x, s.nu());
    assertTrue(scaledX.primalResidual() > 1e-3 && scaledX.dualityGap() > 1e-3, scaledX.toString());
    double[] nu = s.nu().clone();
    for (int i = 0; i < nu.length; i++) {
      nu[i] *= 1.01;
    }
    Certificate scaledNu = solver.certificate(p.y(), s.x(), nu);
    assertTrue(scaledNu.dualInfeasibility() > 1e-3 && scaledNu.complementarity() > 1e-3, scaledNu.toString());
    x[0] = -1; // X₀₀ < 0: not PSD
    assertTrue(solver.certificate(p.y(), x, s.nu()).coneViolation() > 1e-3);
  }

  @Test
  void refusesBadInput() {
    Problem p = Problems.build(new ProblemSpec(Kind.SENSING, 4, 3, 1, 1), 1);
    MinNuclearNorm solver = new MinNuclearNorm(p.train());
    assertThrows(IllegalArgumentException.class, () -> solver.solve(new double[2], MinNuclearNorm.DEFAULT_SETTINGS));
    assertThrows(IllegalArgumentException.class, () -> solver.solve(new double[] {1, Double.NaN, 0},
        MinNuclearNorm.DEFAULT_SETTINGS));
    assertThrows(IllegalArgumentException.class, () -> new Settings(0, 10));
    assertThrows(IllegalArgumentException.class, () -> new Settings(1e-6, 0));
    assertThrows(IllegalArgumentException.class,
        () -> new MinNuclearNorm(new DenseSymmetricOperator(3, 2, new double[12])));
  }

  /** The operator of the given full symmetric n × n matrices Aᵢ, in the engine's packed form. */
  static MeasurementOperator denseOperator(int n, double[][] a) {
    int p = Packed.size(n);
    double[] weighted = new double[p * a.length];
    double[] packed = new double[p];
    for (int i = 0; i < a.length; i++) {
      Packed.pack(n, a[i], packed);
      int t = 0;
      for (int k = 0; k < n; k++) {
        for (int j = 0; j <= k; j++) {
          weighted[i * p + t] = j == k ? packed[t] : 2 * packed[t];
          t++;
        }
      }
    }
    return new DenseSymmetricOperator(n, a.length, weighted);
  }

  /** Delegates to an operator, counting adjoint calls, and reporting its Gram diagonal or hiding it. */
  static final class Counting implements MeasurementOperator {
    final MeasurementOperator inner;
    final boolean exposeGramDiagonal;
    int adjoints;

    Counting(MeasurementOperator inner, boolean exposeGramDiagonal) {
      this.inner = inner;
      this.exposeGramDiagonal = exposeGramDiagonal;
    }

    @Override public int n() {
      return inner.n();
    }

    @Override public int m() {
      return inner.m();
    }

    @Override public double applyFlops() {
      return inner.applyFlops();
    }

    @Override public double[] gramDiagonal() {
      return exposeGramDiagonal ? inner.gramDiagonal() : null;
    }

    @Override public Evaluator evaluator() {
      Evaluator e = inner.evaluator();
      return new Evaluator() {
        @Override public void apply(double[] x, double[] out) {
          e.apply(x, out);
        }

        @Override public void adjoint(double[] r, double[] out) {
          adjoints++;
          e.adjoint(r, out);
        }
      };
    }
  }
}
