package org.mfsweep.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.mfsweep.problem.EntryOperator;
import org.mfsweep.problem.MeasurementOperator;
import org.mfsweep.problem.Problem;
import org.mfsweep.problem.Problems;
import org.mfsweep.spec.Kind;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.spec.Sampling;
import org.mfsweep.linalg.SymmetricEigen;
import org.mfsweep.testing.Dense;

class MinNuclearNormIpmTest {
  static final double TOLERANCE = MinNuclearNormIpm.DEFAULT_SETTINGS.tolerance();
  /**
   * Solve tolerance on the constructed instances, the references' own: the primal residual levels
   * off between 4e-8 and 1.1e-7 there (its last Aᵢ is large), so 1e-9 is out of reach.
   */
  static final double CONSTRUCTED_SOLVE_TOLERANCE = TOLERANCE;
  /** ‖X − X*‖_F/‖X*‖_F on those instances (strictly complementary, so the error follows the residuals). */
  static final double CONSTRUCTED_SOLUTION_TOLERANCE = 1e-5;
  /** |tr X_ipm − tr X_admm| / tr X_admm where both certify at 1e-6. */
  static final double AGREEMENT_TOLERANCE = 1e-5;

  static Stream<Arguments> engineProblems() {
    Object[][] cases = {
        {Kind.SENSING, 50, 50, 2, 1}, {Kind.SENSING, 50, 300, 2, 1}, {Kind.SENSING, 20, 100, 2, 1},
        {Kind.SENSING, 1, 1, 1, 1}, {Kind.SENSING, 3, 8, 1, 1}, {Kind.SENSING, 2, 3, 1, 2},
        {Kind.COMPLETION, 30, 100, 2, 1}, {Kind.COMPLETION, 30, 120, 2, 1}, {Kind.COMPLETION, 50, 250, 2, 1},
        {Kind.COMPLETION, 1, 1, 1, 1}, {Kind.COMPLETION, 2, 3, 1, 1}, {Kind.COMPLETION, 10, 55, 2, 2},
        {Kind.DIAGONAL, 10, 30, 2, 1},
    };
    return Stream.of(cases).map(c -> Arguments.of(c[0], c[1], c[2], c[3], ((Integer) c[4]).longValue()));
  }

  /** Every residual of the certificate MinNuclearNorm uses is at most 1e-6, recomputed from the outputs. */
  @ParameterizedTest(name = "{0} n={1} m={2} rank={3} seed={4}")
  @MethodSource("engineProblems")
  void certifiesEngineProblems(Kind kind, int n, int m, int rank, long seed) {
    Problem p = Problems.build(new ProblemSpec(kind, n, m, rank, seed), 1);
    NuclearNormSolution s = new MinNuclearNormIpm(p.train()).solve(p.y(), MinNuclearNormIpm.DEFAULT_SETTINGS);
    System.out.printf(Locale.ROOT, "IPM %s n=%d m=%d: %s in %d iterations, %.3f s; %s%n", kind.configName(), n, m,
        s.status(), s.iterations(), s.seconds(), s.certificate());
    assertEquals(Status.CONVERGED, s.status(), s.certificate().toString());
    assertEquals(NuclearNormSolution.Method.IPM, s.method());
    // the existing certifier, fed the returned pair, agrees: dual feasibility and complementarity hold
    Certificate c = new MinNuclearNorm(p.train()).certificate(p.y(), s.x(), s.nu());
    assertEquals(s.certificate(), c);
    assertTrue(c.holds(TOLERANCE), c.toString());
    assertTrue(s.trace() <= p.truthNuclearNorm() * (1 + 10 * TOLERANCE), s.trace() + " vs " + p.truthNuclearNorm());
  }

  /**
   * The unique optimum known by construction (as in MinNuclearNormTest): X* = UΣUᵀ, S* = U⊥ΛU⊥ᵀ,
   * A_{m−1} = I − S* − Σ_{i<m−1} ν*ᵢAᵢ with ν*_{m−1} = 1, y = A(X*).
   */
  @ParameterizedTest(name = "n={0} r={1} m={2}")
  @MethodSource("constructedShapes")
  void findsTheOptimumKnownByConstruction(int n, int r, int m, long seed) {
    Random rng = new Random(seed);
    double[] basis = Dense.randomVector(n * n, rng);
    Orthonormal.columns(n, n, basis);
    double[] truth = new double[n * n];
    double[] slack = new double[n * n];
    for (int c = 0; c < n; c++) {
      double weight = 0.5 + rng.nextDouble();
      double[] target = c < r ? truth : slack;
      for (int j = 0; j < n; j++) {
        for (int k = 0; k < n; k++) {
          target[j + k * n] += weight * basis[j + c * n] * basis[k + c * n];
        }
      }
    }
    double[] nuStar = Dense.randomVector(m, rng);
    nuStar[m - 1] = 1;
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
        last[t] -= nuStar[i] * a[i][t];
      }
    }
    a[m - 1] = last;
    MeasurementOperator op = MinNuclearNormTest.denseOperator(n, a);
    double[] y = new double[m];
    op.evaluator().apply(truth, y);
    NuclearNormSolution s = new MinNuclearNormIpm(op).solve(y, new Settings(CONSTRUCTED_SOLVE_TOLERANCE, 100));
    assertEquals(Status.CONVERGED, s.status(), s.certificate().toString());
    double error = 0;
    for (int t = 0; t < n * n; t++) {
      error += (s.x()[t] - truth[t]) * (s.x()[t] - truth[t]);
    }
    assertTrue(Math.sqrt(error) <= CONSTRUCTED_SOLUTION_TOLERANCE * Dense.norm(truth), "‖X − X*‖_F = "
        + Math.sqrt(error));
  }

  static Stream<Arguments> constructedShapes() {
    return Stream.of(Arguments.of(2, 1, 3, 1L), Arguments.of(5, 2, 6, 2L), Arguments.of(10, 2, 20, 3L),
        Arguments.of(20, 3, 40, 4L));
  }

  /** Where ADMM certifies, both methods give the same optimal value and nearly the same X. */
  @Test
  void agreesWithAdmmWhereAdmmCertifies() {
    for (ProblemSpec spec : new ProblemSpec[] {new ProblemSpec(Kind.SENSING, 20, 100, 2, 1),
        new ProblemSpec(Kind.COMPLETION, 20, 150, 2, 1)}) {
      Problem p = Problems.build(spec, 1);
      NuclearNormSolution admm = new MinNuclearNorm(p.train()).solve(p.y(), MinNuclearNorm.DEFAULT_SETTINGS);
      NuclearNormSolution ipm = new MinNuclearNormIpm(p.train()).solve(p.y(), MinNuclearNormIpm.DEFAULT_SETTINGS);
      assertEquals(Status.CONVERGED, admm.status(), spec.toString());
      assertEquals(Status.CONVERGED, ipm.status(), spec.toString());
      assertEquals(admm.trace(), ipm.trace(), AGREEMENT_TOLERANCE * admm.trace(), spec.toString());
      assertTrue(References.relativeDistance(ipm.x(), admm.x()) < 1e-3, spec.toString());
    }
  }

  /**
   * The check (completion n = 30, m = 120, rank 2): ADMM stops at its budget with a trace
   * below the optimum, which the interior-point dual bound ⟨y, ν⟩ ≤ p* exposes.
   */
  @Test
  void dualBoundExposesAnUncertifiedAdmmTrace() {
    Problem p = Problems.build(new ProblemSpec(Kind.COMPLETION, 30, 120, 2, 1), 1);
    NuclearNormSolution ipm = new MinNuclearNormIpm(p.train()).solve(p.y(), MinNuclearNormIpm.DEFAULT_SETTINGS);
    assertEquals(Status.CONVERGED, ipm.status(), ipm.certificate().toString());
    double dualBound = Dense.dot(p.y(), ipm.nu()); // ≤ tr X for every feasible X, since I − A*(ν) ⪰ 0 (to 1e-6)
    NuclearNormSolution admm = new MinNuclearNorm(p.train()).solve(p.y(), new Settings(1e-6, 2000));
    assertEquals(Status.MAX_ITERATIONS, admm.status());
    assertFalse(admm.certificate().holds(TOLERANCE));
    assertTrue(admm.trace() < dualBound - 1e-4, admm.trace() + " vs dual bound " + dualBound);
  }

  /** Repeated entries and dependent dense measurements are dropped; the certificate covers all m. */
  @Test
  void dropsDependentMeasurements() {
    EntryOperator op = new EntryOperator(3, new int[] {0, 1, 0, 2, 1}, new int[] {2, 1, 2, 2, 1});
    double[] truth = Dense.outer(new double[] {1, -2, 0.5}, 3, 1);
    double[] y = new double[op.m()];
    op.evaluator().apply(truth, y);
    MinNuclearNormIpm solver = new MinNuclearNormIpm(op);
    assertEquals(3, solver.independentMeasurements());
    NuclearNormSolution s = solver.solve(y, MinNuclearNormIpm.DEFAULT_SETTINGS);
    assertEquals(Status.CONVERGED, s.status(), s.certificate().toString());
    assertEquals(0.0, s.nu()[2]);
    Problem p = Problems.build(new ProblemSpec(Kind.SENSING, 3, 8, 1, 1), 1); // m = 8 > 6 = dim S³
    assertEquals(6, new MinNuclearNormIpm(p.train()).independentMeasurements());
  }

  @Test
  void entryPointPrefersTheInteriorPointMethodOnCompletionAndFallsBackEitherWay() {
    Problem small = Problems.build(new ProblemSpec(Kind.COMPLETION, 30, 100, 2, 2), 1);
    assertTrue(NuclearNormReference.interiorPointFirst(small.train()));
    NuclearNormSolution s = NuclearNormReference.solve(small.train(), small.y(), MinNuclearNorm.DEFAULT_SETTINGS);
    assertEquals(NuclearNormSolution.Method.IPM, s.method());
    assertEquals(Status.CONVERGED, s.status(), s.certificate().toString());
    Problem large = Problems.build(new ProblemSpec(Kind.COMPLETION, 200, 4000, 2, 1), 1);
    assertFalse(NuclearNormReference.interiorPointFirst(large.train()));
    assertFalse(NuclearNormReference.interiorPointFits(large.train()));
    Problem sensing = Problems.build(new ProblemSpec(Kind.SENSING, 20, 100, 2, 1), 1);
    assertFalse(NuclearNormReference.interiorPointFirst(sensing.train()));
    assertTrue(NuclearNormReference.interiorPointFits(sensing.train()));
    NuclearNormSolution admm = NuclearNormReference.solve(sensing.train(), sensing.y(), MinNuclearNorm.DEFAULT_SETTINGS);
    assertEquals(NuclearNormSolution.Method.ADMM, admm.method());
    // ADMM's budget too small to certify: the interior-point method takes over
    NuclearNormSolution fallback = NuclearNormReference.solve(sensing.train(), sensing.y(), new Settings(1e-6, 5));
    assertEquals(NuclearNormSolution.Method.IPM, fallback.method());
    assertEquals(Status.CONVERGED, fallback.status(), fallback.certificate().toString());
    Problem dense = Problems.build(new ProblemSpec(Kind.SENSING, 200, 600, 2, 1), 1);
    assertFalse(NuclearNormReference.interiorPointFits(dense.train()));
  }

  /** References.compute goes through the entry point and hands back ν (for ref_dual) and the method. */
  @Test
  void referenceCarriesTheDualAndTheMethod() {
    ProblemSpec spec = new ProblemSpec(Kind.COMPLETION, 30, 120, 2, 1);
    org.mfsweep.spec.ReferenceResult r = References.compute(spec, new org.mfsweep.spec.ReferenceSettings(true, 1e-6,
        20_000), null);
    assertEquals("CONVERGED", r.status(), r.toString());
    assertEquals("IPM", r.method());
    Problem p = Problems.build(spec, 1);
    Certificate c = new MinNuclearNorm(p.train()).certificate(p.y(), r.x(), r.dual());
    assertTrue(c.holds(TOLERANCE), c.toString());
    assertEquals(c.complementarity(), r.complementarity());
  }

  /**
   * The power-law completion of jobs/completion-threshold.conf that did not certify (n = 50, m = 250,
   * exponent 1, seed 3): Z's Cholesky factor fails near μ ≈ 6e-15 with complementarity 1.4e-6, nearly
   * all of it X's block between ker(I − A*(ν)) and the large eigenvalues of I − A*(ν) (up to 6.6e3).
   * Compressed to that kernel, X certifies; the pair is checked here by the other certifier, X is
   * PSD, lives on the kernel, and its trace agrees with facial reduction's on the same problem.
   */
  @Test
  void compressionToTheSlackKernelCertifiesTheStoppedThresholdInstance() {
    Problem p = Problems.build(new ProblemSpec(Kind.COMPLETION, 50, 250, 2, 3, Sampling.POWER_LAW, 1.0), 1);
    NuclearNormSolution s = new MinNuclearNormIpm(p.train()).solve(p.y(), MinNuclearNormIpm.DEFAULT_SETTINGS);
    System.out.printf(Locale.ROOT, "power-law 1 seed 3: %s in %d iterations, tr X = %.9f, %s%n", s.status(),
        s.iterations(), s.trace(), s.certificate());
    assertEquals(Status.CONVERGED, s.status(), s.certificate().toString());
    Certificate c = new MinNuclearNorm(p.train()).certificate(p.y(), s.x(), s.nu());
    assertEquals(s.certificate(), c);
    assertTrue(c.holds(TOLERANCE), c.toString());
    int n = p.n();
    double[] lambda = new SymmetricEigen(n).eigenvalues(s.x().clone());
    assertTrue(lambda[0] >= -1e-14 * lambda[n - 1], "λ_min(X) = " + lambda[0]);
    NuclearNormSolution face = FacialReduction.solve((EntryOperator) p.train(), p.y(),
        MinNuclearNormIpm.DEFAULT_SETTINGS);
    assertEquals(face.trace(), s.trace(), 1e-6 * s.trace());
  }

  @Test
  void refusesBadInput() {
    Problem p = Problems.build(new ProblemSpec(Kind.SENSING, 4, 3, 1, 1), 1);
    MinNuclearNormIpm solver = new MinNuclearNormIpm(p.train());
    assertThrows(IllegalArgumentException.class, () -> solver.solve(new double[2], MinNuclearNormIpm.DEFAULT_SETTINGS));
    assertThrows(IllegalArgumentException.class, () -> solver.solve(new double[] {1, Double.NaN, 0},
        MinNuclearNormIpm.DEFAULT_SETTINGS));
  }
}
