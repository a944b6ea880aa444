package org.mfsweep.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mfsweep.problem.Problem;
import org.mfsweep.problem.Problems;
import org.mfsweep.spec.Kind;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.testing.Dense;

class FlowFieldTest {
  /** dF_U[δ] against (F(U + εδ) − F(U − εδ))/(2ε), whose error is O(ε²) (F is cubic in U). */
  private static void jvpMatchesCentralDifferences(ProblemSpec spec, int d) {
    Problem p = Problems.build(spec, 30);
    int n = spec.n();
    Random rng = new Random(7);
    double[] u = new double[n * d];
    double[] delta = new double[n * d];
    for (int i = 0; i < u.length; i++) {
      u[i] = 0.5 * rng.nextGaussian();
      delta[i] = rng.nextGaussian();
    }
    FlowField field = new FlowField(p, d);
    field.linearize(u);
    double[] jv = new double[n * d];
    field.jvp(delta, jv);
    double[] plus = new double[n * d];
    double[] minus = new double[n * d];
    double eps = 1e-5;
    double[] up = u.clone();
    double[] um = u.clone();
    for (int i = 0; i < u.length; i++) {
      up[i] += eps * delta[i];
      um[i] -= eps * delta[i];
    }
    field.derivative(up, plus);
    field.derivative(um, minus);
    double[] fd = new double[n * d];
    double[] diff = new double[n * d];
    for (int i = 0; i < fd.length; i++) {
      fd[i] = (plus[i] - minus[i]) / (2 * eps);
      diff[i] = fd[i] - jv[i];
    }
    double rel = Dense.norm(diff) / Dense.norm(jv);
    System.out.printf("%s d=%d: ‖dF[δ] − central difference‖/‖dF[δ]‖ = %.2e%n", spec.kind(), d, rel);
    assertTrue(rel < 1e-8, "analytic vs central difference: " + rel);

    // the dense Jacobian holds the same products, and is symmetric (F = −∇f)
    double[] jac = new double[n * d * n * d];
    field.jacobian(u, jac);
    double[] viaMatrix = Dense.multiply(jac, delta, n * d, n * d, 1);
    for (int i = 0; i < fd.length; i++) {
      assertEquals(jv[i], viaMatrix[i], 1e-12 * Dense.norm(jv));
    }
    for (int i = 0; i < n * d; i++) {
      for (int j = 0; j < i; j++) {
        assertEquals(jac[i + j * n * d], jac[j + i * n * d], 1e-12 * Dense.norm(jv), "symmetric at " + i + "," + j);
      }
    }
  }

  @Test
  void jacobianOfSensingMatchesFiniteDifferences() {
    jvpMatchesCentralDifferences(new ProblemSpec(Kind.SENSING, 5, 12, 2, 3), 5);
    jvpMatchesCentralDifferences(new ProblemSpec(Kind.SENSING, 5, 30, 2, 3), 3);
    // above FlowField.BLAS_MIN_N the products go through BLAS
    jvpMatchesCentralDifferences(new ProblemSpec(Kind.SENSING, FlowField.BLAS_MIN_N + 1, 40, 2, 3), 3);
  }

  @Test
  void jacobianOfCompletionMatchesFiniteDifferences() {
    jvpMatchesCentralDifferences(new ProblemSpec(Kind.COMPLETION, 4, 6, 1, 5), 4);
    // m > n·d: the dense Jacobian is formed column by column instead of from the B_i
    jvpMatchesCentralDifferences(new ProblemSpec(Kind.COMPLETION, 4, 9, 1, 5), 2);
  }

  /**
   * F(U) against central differences of f(U), which comes from the dense X = UUᵀ: for completion F
   * comes from the operator's factored kernels, so the two paths are checked against each other; for
   * sensing and diagonals both are dense. At a tiny size (Java loops) and a larger one.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({"sensing, 4, 10, 3", "sensing, 30, 60, 2", "completion, 3, 4, 3",
      "completion, 40, 200, 5", "diagonal, 5, 4, 5", "diagonal, 40, 30, 3"})
  void derivativeIsMinusTheGradientOfTheLoss(Kind kind, int n, int m, int d) {
    Problem p = Problems.build(new ProblemSpec(kind, n, m, 1, 2), 10);
    double[] u = Dense.randomVector(n * d, new Random(3));
    FlowField field = new FlowField(p, d);
    double[] du = new double[u.length];
    double f = field.derivative(u, du);
    assertEquals(Dense.loss(p.train(), p.y(), u, d), f, 1e-14 * (1 + f));
    double scale = 1 + Math.sqrt(Dense.norm(du) * Dense.norm(du) / du.length);
    double eps = 1e-6;
    for (int i = 0; i < u.length; i++) {
      double[] a = u.clone();
      double[] b = u.clone();
      a[i] += eps;
      b[i] -= eps;
      double grad = (field.loss(a) - field.loss(b)) / (2 * eps);
      assertEquals(-grad, du[i], 1e-8 * scale, "component " + i);
    }
  }
}
