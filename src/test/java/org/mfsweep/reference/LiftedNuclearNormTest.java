package org.mfsweep.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mfsweep.linalg.Netlib;
import org.mfsweep.problem.GaussianMatrixOperator;
import org.mfsweep.problem.MatrixEntryOperator;
import org.mfsweep.problem.MatrixOperator;
import org.mfsweep.linalg.Orthonormal;
import org.mfsweep.testing.Dense;
import org.netlib.util.intW;

class LiftedNuclearNormTest {
  static final double TOLERANCE = LiftedNuclearNorm.DEFAULT_SETTINGS.tolerance();
  /** ‖X − X*‖_F / ‖X*‖_F where the optimum is unique and known, solved to the 1e-6 certificate. */
  static final double SOLUTION_TOLERANCE = 1e-4;

  /** All entries observed: the only feasible X is the truth, and the optimum is Σσ of it. */
  @ParameterizedTest(name = "{0} × {1} rank {2}")
  @CsvSource({"1, 1, 1", "4, 6, 2", "7, 3, 1", "8, 8, 3"})
  void fullObservationGivesTheTruthsSingularValueSum(int rows, int cols, int rank) {
    Random rng = new Random(rows * 31 + cols);
    double[] truth = Dense.multiply(Dense.randomVector(rows * rank, rng), Dense.randomVector(rank * cols, rng), rows,
        rank, cols);
    int m = rows * cols;
    int[] r = new int[m];
    int[] c = new int[m];
    for (int t = 0; t < m; t++) {
      r[t] = t % rows;
      c[t] = t / rows;
    }
    MatrixEntryOperator op = new MatrixEntryOperator(rows, cols, r, c);
    double[] y = truth.clone();
    MatrixNuclearNormSolution s = new LiftedNuclearNorm(op).solve(y, LiftedNuclearNorm.DEFAULT_SETTINGS);
    assertEquals(Status.CONVERGED, s.status(), s.certificate().toString());
    assertTrue(s.certificate().holds(TOLERANCE));
    double[] sigma = singularValues(rows, cols, truth);
    double sum = 0;
    for (double v : sigma) {
      sum += v;
    }
    assertEquals(sum, s.norm(), 10 * TOLERANCE * sum);
    assertTrue(References.relativeDistance(s.x(), truth) < SOLUTION_TOLERANCE);
  }

  /**
   * A Gaussian instance with its optimum known by construction: X* = UΣVᵀ (rank k) and
   * B* = UVᵀ + U⊥ΓV⊥ᵀ with ‖Γ‖_op ≤ 0.8, so ‖B*‖_op = 1 and ⟨B*, X*⟩ = ‖X*‖_*; A₀ … A_{m−2} are
   * random and A_{m−1} = B* − Σᵢ ν*ᵢAᵢ with ν*_{m−1} = 1, so A*(ν*) = B* and (X*, ν*) is optimal
   * for y = A(X*). The strict inequality ‖Γ‖ < 1 and generic Aᵢ with m ≥ k(r + c − k) make X* unique.
   */
  @ParameterizedTest(name = "{0} × {1} rank {2}, m = {3}")
  @CsvSource({"3, 4, 1, 8, 1", "6, 5, 2, 22, 2", "10, 12, 2, 60, 3"})
  void findsTheOptimumKnownByConstruction(int rows, int cols, int k, int m, long seed) {
    Random rng = new Random(seed);
    double[] left = Dense.randomVector(rows * rows, rng);
    Orthonormal.columns(rows, rows, left);
    double[] right = Dense.randomVector(cols * cols, rng);
    Orthonormal.columns(cols, cols, right);
    double[] truth = new double[rows * cols];
    double[] bStar = new double[rows * cols];
    for (int q = 0; q < Math.min(rows, cols); q++) {
      double weight = q < k ? 0.5 + rng.nextDouble() : 0.8 * rng.nextDouble();
      for (int b = 0; b < cols; b++) {
        for (int a = 0; a < rows; a++) {
          double outer = left[a + q * rows] * right[b + q * cols];
          if (q < k) {
            truth[a + b * rows] += weight * outer;
            bStar[a + b * rows] += outer;
          } else {
            bStar[a + b * rows] += weight * outer;
          }
        }
      }
    }
    double[] nuStar = Dense.randomVector(m, rng);
    nuStar[m - 1] = 1;
    int rc = rows * cols;
    double[] a = new double[rc * m];
    double scale = 1 / Math.sqrt(m);
    for (int t = 0; t < rc * (m - 1); t++) {
      a[t] = scale * rng.nextGaussian();
    }
    for (int t = 0; t < rc; t++) {
      double v = bStar[t];
      for (int i = 0; i < m - 1; i++) {
        v -= nuStar[i] * a[t + i * rc];
      }
      a[t + (m - 1) * rc] = v;
    }
    GaussianMatrixOperator op = new GaussianMatrixOperator(rows, cols, m, a);
    double[] y = new double[m];
    op.apply(truth, y);
    LiftedNuclearNorm solver = new LiftedNuclearNorm(op);
    assertTrue(solver.certificate(y, truth, nuStar).holds(1e-12), "(X*, ν*) certifies itself: "
        + solver.certificate(y, truth, nuStar));
    MatrixNuclearNormSolution s = solver.solve(y, LiftedNuclearNorm.DEFAULT_SETTINGS);
    assertEquals(Status.CONVERGED, s.status(), s.certificate().toString());
    double optimum = solver.nuclearNorm(truth);
    assertEquals(optimum, s.norm(), 10 * TOLERANCE * optimum);
    assertTrue(References.relativeDistance(s.x(), truth) < SOLUTION_TOLERANCE, "‖X − X*‖_F/‖X*‖_F = "
        + References.relativeDistance(s.x(), truth));
  }

  /** The certificate can fail: a scaled X misses y, a scaled ν has ‖A*(ν)‖_op > 1. */
  @Test
  void certificateRejectsPerturbedPairs() {
    Random rng = new Random(7);
    GaussianMatrixOperator op = GaussianMatrixOperator.random(5, 7, 30, rng);
    double[] truth = Dense.multiply(Dense.randomVector(5, rng), Dense.randomVector(7, rng), 5, 1, 7);
    double[] y = new double[30];
    op.apply(truth, y);
    LiftedNuclearNorm solver = new LiftedNuclearNorm(op);
    MatrixNuclearNormSolution s = solver.solve(y, LiftedNuclearNorm.DEFAULT_SETTINGS);
    assertEquals(Status.CONVERGED, s.status(), s.certificate().toString());
    double[] x = s.x().clone();
    for (int t = 0; t < x.length; t++) {
      x[t] *= 1.01;
    }
    Certificate scaledX = solver.certificate(y, x, s.nu());
    assertTrue(scaledX.primalResidual() > 1e-3 && scaledX.dualityGap() > 1e-3, scaledX.toString());
    double[] nu = s.nu().clone();
    for (int i = 0; i < nu.length; i++) {
      nu[i] *= 1.01;
    }
    Certificate scaledNu = solver.certificate(y, s.x(), nu);
    assertTrue(scaledNu.dualInfeasibility() > 1e-3 && scaledNu.dualityGap() > 1e-3, scaledNu.toString());
    assertThrows(IllegalArgumentException.class, () -> solver.solve(new double[29], LiftedNuclearNorm.DEFAULT_SETTINGS));
    assertThrows(IllegalArgumentException.class, () -> new MatrixEntryOperator(2, 2, new int[] {2}, new int[] {0}));
  }

  static double[] singularValues(int rows, int cols, double[] x) {
    int k = Math.min(rows, cols);
    double[] a = x.clone();
    double[] s = new double[k];
    double[] query = new double[1];
    intW info = new intW(0);
    Netlib.lapack.dgesvd("N", "N", rows, cols, a, rows, s, new double[1], 1, new double[1], 1, query, -1, info);
    double[] work = new double[(int) query[0]];
    Netlib.lapack.dgesvd("N", "N", rows, cols, a, rows, s, new double[1], 1, new double[1], 1, work, work.length, info);
    return s;
  }
}
