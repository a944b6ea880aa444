package org.mfsweep.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.mfsweep.problem.GeneralProblem;
import org.mfsweep.problem.Kinds;
import org.mfsweep.spec.Kind;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.spec.ReferenceResult;
import org.mfsweep.spec.ReferenceSettings;
import org.mfsweep.spec.Sampling;

/** References.compute on general rows × cols problems: the lifted SDP, stored like the symmetric reference. */
class GeneralReferenceTest {
  static final ReferenceSettings SETTINGS = new ReferenceSettings(true, 1e-8, 50000);

  /**
   * Every entry observed (completion, m = rows·cols) or at least rows·cols generic Gaussian
   * measurements (sensing): the only feasible X is the truth, so the reference is X* and its norm ‖X*‖_*.
   */
  @ParameterizedTest(name = "{0} {1} × {2} rank {3}, m = {4}")
  @CsvSource({"completion, 4, 3, 2, 12", "completion, 3, 5, 1, 15", "sensing, 3, 4, 2, 14"})
  void theOnlyFeasibleMatrixIsTheReference(String kind, int rows, int cols, int rank, int m) {
    ProblemSpec spec = ProblemSpec.general(new Kind(kind), rows, cols, m, rank, 2, Sampling.UNIFORM, 0, null);
    GeneralProblem p = (GeneralProblem) Kinds.of(spec.kind()).build(spec, 1);
    ReferenceResult r = References.compute(spec, SETTINGS, null);
    assertEquals("CONVERGED", r.status(), r.toString());
    assertEquals("nuclear", r.refKind());
    assertEquals("IPM", r.method());
    assertEquals(rows * cols, r.x().length);
    assertEquals(m, r.dual().length);
    assertEquals(p.truthNuclearNorm(), r.truthNorm(), 0);
    assertEquals(p.truthNuclearNorm(), r.norm(), 1e-6 * p.truthNuclearNorm());
    assertTrue(r.errTruth() < 1e-5, "‖X_ref − X*‖/‖X*‖ = " + r.errTruth());
    for (double residual : new double[] {r.primalResidual(), r.dualInfeasibility(), r.complementarity(),
        r.dualityGap()}) {
      assertTrue(residual <= 1e-8, r.toString());
    }
    assertEquals(0, r.coneViolation());
    assertNull(r.unique(), "the uniqueness test is for the PSD problem");
    assertTrue(r.uniqueReason().contains("not tested"));
  }

  /**
   * Razin and Cohen's 2 × 2 completion: X₁₂ = 1, X₂₁ = 1, X₂₂ = 0 observed. X = [[x, 1], [1, 0]]
   * is symmetric with eigenvalues (x ± √(x² + 4))/2, so ‖X‖_* = √(x² + 4): the unique minimum is
   * x = 0 with ‖X‖_* = 2 (while the minimum rank, 1, needs |x| → ∞).
   */
  @Test
  void razinCohenTwoByTwoHasItsMinimumAtZero() {
    org.mfsweep.problem.MatrixEntryOperator op = new org.mfsweep.problem.MatrixEntryOperator(2, 2,
        new int[] {0, 1, 1}, new int[] {1, 0, 1});
    MatrixNuclearNormSolution s = new LiftedNuclearNorm(op).solve(new double[] {1, 1, 0}, new Settings(1e-8, 50000));
    assertEquals(Status.CONVERGED, s.status(), s.certificate().toString());
    assertEquals(2, s.norm(), 1e-7);
    assertEquals(0, s.x()[0], 1e-6);
    assertEquals(1, s.x()[2], 1e-8);
    assertEquals(1, s.x()[1], 1e-8);
    assertEquals(0, s.x()[3], 1e-8);
  }
}
