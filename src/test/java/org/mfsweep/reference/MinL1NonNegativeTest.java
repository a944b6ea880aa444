package org.mfsweep.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.linear.LinearConstraint;
import org.apache.commons.math3.optim.linear.LinearConstraintSet;
import org.apache.commons.math3.optim.linear.LinearObjectiveFunction;
import org.apache.commons.math3.optim.linear.NonNegativeConstraint;
import org.apache.commons.math3.optim.linear.Relationship;
import org.apache.commons.math3.optim.linear.SimplexSolver;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mfsweep.problem.Problem;
import org.mfsweep.problem.Problems;
import org.mfsweep.spec.Kind;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.testing.Dense;

class MinL1NonNegativeTest {
  /** The solver's default: every certificate residual at most 1e-9. */
  static final double CERTIFICATE_TOLERANCE = MinL1NonNegative.DEFAULT_SETTINGS.tolerance();
  /** Distance to a constructed unique optimum, relative to its norm. */
  static final double SOLUTION_TOLERANCE = 1e-7;
  /** Optimal values against commons-math3's simplex, whose own pivoting tolerance is 1e-6. */
  static final double SIMPLEX_TOLERANCE = 1e-6;

  /** (n, m, rank): tiny, underdetermined, square and overdetermined (m &gt; n: dependent rows). */
  static Stream<Arguments> diagonalProblems() {
    int[][] shapes = {{1, 1, 1}, {2, 1, 1}, {2, 2, 1}, {2, 3, 1}, {5, 3, 1}, {30, 12, 2}, {30, 30, 2}, {30, 60, 2},
        {200, 80, 5}, {300, 150, 10}};
    Stream.Builder<Arguments> b = Stream.builder();
    for (int[] s : shapes) {
      for (long seed = 1; seed <= 3; seed++) {
        b.add(Arguments.of(s[0], s[1], s[2], seed));
      }
    }
    return b.build();
  }

  @ParameterizedTest(name = "n={0} m={1} rank={2} seed={3}")
  @MethodSource("diagonalProblems")
  void certificateHoldsOnDiagonalProblems(int n, int m, int rank, long seed) {
    Problem p = Problems.build(new ProblemSpec(Kind.DIAGONAL, n, m, rank, seed), 1);
    MinL1NonNegative solver = MinL1NonNegative.ofDiagonal(p.train());
    assertEquals(Math.min(m, n), solver.independentRows());
    L1Solution s = solver.solve(p.y(), MinL1NonNegative.DEFAULT_SETTINGS);
    assertEquals(Status.CONVERGED, s.status(), s.certificate().toString());
    assertTrue(s.certificate().holds(CERTIFICATE_TOLERANCE), s.certificate().toString());
    // x* is feasible, so the optimum is no larger than its ℓ1 norm
    assertTrue(s.sum() <= p.truthNuclearNorm() * (1 + CERTIFICATE_TOLERANCE));
  }

  static Stream<Arguments> constructed() {
    int[][] shapes = {{1, 1, 1}, {1, 2, 1}, {2, 5, 2}, {10, 40, 4}, {50, 200, 20}};
    Stream.Builder<Arguments> b = Stream.builder();
    for (int[] s : shapes) {
      for (long seed = 1; seed <= 3; seed++) {
        b.add(Arguments.of(s[0], s[1], s[2], seed));
      }
    }
    return b.build();
  }

  /**
   * An LP whose unique optimum is known by construction: ν* is dual feasible with (Aᵀν*)ⱼ = 1 on
   * the support of x* and ≤ 1 − margin off it (strict complementarity), and A restricted to the
   * support has full column rank, so x* is the only optimum and Σx* = ⟨y, ν*⟩.
   */
  @ParameterizedTest(name = "m={0} n={1} support={2} seed={3}")
  @MethodSource("constructed")
  void findsAnOptimumKnownByConstruction(int m, int n, int support, long seed) {
    Random rng = new Random(seed);
    double[] nu = Dense.randomVector(m, rng);
    double nu2 = Dense.dot(nu, nu);
    double[] a = Dense.randomVector(m * n, rng);
    double[] truth = new double[n];
    for (int j = 0; j < n; j++) {
      double target = j < support ? 1 : 1 - 0.1 - rng.nextDouble();
      double current = 0;
      for (int i = 0; i < m; i++) {
        current += a[i + j * m] * nu[i];
      }
      for (int i = 0; i < m; i++) {
        a[i + j * m] += (target - current) / nu2 * nu[i];
      }
      truth[j] = j < support ? 0.5 + rng.nextDouble() : 0;
    }
    double[] y = Dense.multiply(a, truth, m, n, 1);
    MinL1NonNegative solver = new MinL1NonNegative(m, n, a);
    L1Solution s = solver.solve(y, MinL1NonNegative.DEFAULT_SETTINGS);
    assertEquals(Status.CONVERGED, s.status(), s.certificate().toString());
    double diff = 0;
    double sum = 0;
    for (int j = 0; j < n; j++) {
      diff += (s.x()[j] - truth[j]) * (s.x()[j] - truth[j]);
      sum += truth[j];
    }
    assertTrue(Math.sqrt(diff) <= SOLUTION_TOLERANCE * Dense.norm(truth), "‖x − x*‖ = " + Math.sqrt(diff));
    assertEquals(sum, Dense.dot(y, nu), 1e-12 * sum, "the construction itself");
    assertEquals(sum, s.sum(), CERTIFICATE_TOLERANCE * 10 * sum);
    assertTrue(solver.certificate(y, truth, nu).holds(1e-12), "(x*, ν*) certifies itself");
  }

  /** The optimal value against an independent solver: commons-math3's simplex on the same LP. */
  @ParameterizedTest(name = "n={0} m={1} rank={2} seed={3}")
  @MethodSource("diagonalProblems")
  void agreesWithTheSimplexMethod(int n, int m, int rank, long seed) {
    if (n > 30) {
      return; // the dense tableau is slow beyond that, and the smaller cases cover the LP
    }
    Problem p = Problems.build(new ProblemSpec(Kind.DIAGONAL, n, m, rank, seed), 1);
    MinL1NonNegative solver = MinL1NonNegative.ofDiagonal(p.train());
    L1Solution s = solver.solve(p.y(), MinL1NonNegative.DEFAULT_SETTINGS);
    double[] a = diagonals(p);
    List<LinearConstraint> rows = new ArrayList<>();
    for (int i = 0; i < m; i++) {
      double[] row = new double[n];
      for (int j = 0; j < n; j++) {
        row[j] = a[i + j * m];
      }
      rows.add(new LinearConstraint(row, Relationship.EQ, p.y()[i]));
    }
    double[] ones = new double[n];
    java.util.Arrays.fill(ones, 1.0);
    PointValuePair simplex = new SimplexSolver().optimize(new MaxIter(10_000), new LinearObjectiveFunction(ones, 0),
        new LinearConstraintSet(rows), GoalType.MINIMIZE, new NonNegativeConstraint(true));
    assertEquals(simplex.getValue(), s.sum(), SIMPLEX_TOLERANCE * Math.max(1, simplex.getValue()));
  }

  /** The certificate can fail: a dual pushed out of {Aᵀν ≤ 1} and a primal off the constraints. */
  @Test
  void certificateRejectsPerturbedPairs() {
    Problem p = Problems.build(new ProblemSpec(Kind.DIAGONAL, 40, 20, 3, 5), 1);
    MinL1NonNegative solver = MinL1NonNegative.ofDiagonal(p.train());
    L1Solution s = solver.solve(p.y(), MinL1NonNegative.DEFAULT_SETTINGS);
    double[] nu = s.nu().clone();
    for (int i = 0; i < nu.length; i++) {
      nu[i] *= 1.01;
    }
    Certificate pushed = solver.certificate(p.y(), s.x(), nu);
    assertTrue(pushed.dualInfeasibility() > 1e-3 && pushed.dualityGap() > 1e-3, pushed.toString());
    double[] x = s.x().clone();
    x[0] += 0.1;
    Certificate moved = solver.certificate(p.y(), x, s.nu());
    assertTrue(moved.primalResidual() > 1e-3, moved.toString());
    x[0] = -1;
    assertTrue(solver.certificate(p.y(), x, s.nu()).coneViolation() > 0.1);
  }

  @Test
  void reportsTheBudgetRunningOut() {
    Problem p = Problems.build(new ProblemSpec(Kind.DIAGONAL, 50, 20, 3, 1), 1);
    L1Solution s = MinL1NonNegative.ofDiagonal(p.train()).solve(p.y(), new Settings(1e-9, 2));
    assertEquals(Status.MAX_ITERATIONS, s.status());
    assertEquals(2, s.iterations());
    assertTrue(!s.certificate().holds(1e-9), s.certificate().toString());
  }

  /** When A x = y fixes x and that x has a negative entry the LP is infeasible: STALLED, and the certificate says why. */
  @Test
  void reportsAnInfeasibleFixedSolution() {
    MinL1NonNegative solver = new MinL1NonNegative(2, 2, new double[] {1, 0, 0, 1});
    L1Solution s = solver.solve(new double[] {1, -1}, MinL1NonNegative.DEFAULT_SETTINGS);
    assertEquals(Status.STALLED, s.status());
    assertEquals(-1, s.x()[1], 1e-15);
    assertTrue(s.certificate().coneViolation() > 0.5, s.certificate().toString());
    L1Solution feasible = solver.solve(new double[] {1, 2}, MinL1NonNegative.DEFAULT_SETTINGS);
    assertEquals(Status.CONVERGED, feasible.status());
    assertEquals(3, feasible.sum(), 1e-15);
  }

  @Test
  void zeroMeasurementsGiveZero() {
    Problem p = Problems.build(new ProblemSpec(Kind.DIAGONAL, 10, 4, 1, 1), 1);
    L1Solution s = MinL1NonNegative.ofDiagonal(p.train()).solve(new double[4], MinL1NonNegative.DEFAULT_SETTINGS);
    assertEquals(Status.CONVERGED, s.status(), s.certificate().toString());
    assertTrue(s.sum() <= CERTIFICATE_TOLERANCE, "Σx = " + s.sum());
  }

  @Test
  void refusesOperatorsThatAreNotDiagonalAndBadShapes() {
    Problem sensing = Problems.build(new ProblemSpec(Kind.SENSING, 4, 3, 1, 1), 1);
    assertThrows(IllegalArgumentException.class, () -> MinL1NonNegative.ofDiagonal(sensing.train()));
    assertThrows(IllegalArgumentException.class, () -> new MinL1NonNegative(2, 3, new double[5]));
    assertThrows(IllegalArgumentException.class, () -> new MinL1NonNegative(2, 3, new double[6]));
    MinL1NonNegative solver = new MinL1NonNegative(1, 2, new double[] {1, 2});
    assertThrows(IllegalArgumentException.class, () -> solver.solve(new double[] {Double.NaN},
        MinL1NonNegative.DEFAULT_SETTINGS));
  }

  /** Row i of A = diagonal of Aᵢ. */
  static double[] diagonals(Problem p) {
    int n = p.n();
    int m = p.m();
    double[] a = new double[m * n];
    for (int i = 0; i < m; i++) {
      double[] ai = Dense.measurementMatrix(p.train(), i);
      for (int j = 0; j < n; j++) {
        a[i + j * m] = ai[j + j * n];
      }
    }
    return a;
  }
}
