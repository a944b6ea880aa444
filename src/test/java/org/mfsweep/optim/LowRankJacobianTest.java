package org.mfsweep.optim;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mfsweep.linalg.SymmetricEigen;
import org.mfsweep.problem.Problem;
import org.mfsweep.problem.Problems;
import org.mfsweep.spec.Kind;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.testing.Dense;

/**
 * The Woodbury solves with W = fac·I − J against the residual W·x − b (J·x from the field's
 * Jacobian–vector product, which never forms J) and against the dense LU of the same W.
 */
class LowRankJacobianTest {
  private static final int N = 7;
  private static final int M = 15;
  private static final int D = 4;

  private static Problem sensing() {
    return Problems.build(new ProblemSpec(Kind.SENSING, N, M, 2, 4), 10);
  }

  private static double[] point(double scale, long seed) {
    Random rng = new Random(seed);
    double[] u = new double[N * D];
    for (int i = 0; i < u.length; i++) {
      u[i] = scale * rng.nextGaussian();
    }
    return u;
  }

  /** ‖(fac·I − J)·x − b‖ / ‖b‖ with J·x by {@link FlowField#jvp}. */
  private static double residual(FlowField field, double[] u, double fac, double[] x, double[] b) {
    field.linearize(u);
    double[] jx = new double[x.length];
    field.jvp(x, jx);
    double[] r = new double[x.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = fac * x[i] - jx[i] - b[i];
    }
    return Dense.norm(r) / Dense.norm(b);
  }

  private static double gap(double[] a, double[] b) {
    double[] d = a.clone();
    for (int i = 0; i < d.length; i++) {
      d[i] -= b[i];
    }
    return Dense.norm(d) / Dense.norm(b);
  }

  /** The smallest eigenvalue of A*(r) at u. */
  private static double smallestEigenvalue(FlowField field, double[] u) {
    double[] g = new double[M * N * D];
    double[] a = new double[N * N];
    field.gaussNewton(u, g, a);
    return new SymmetricEigen(N).eigenvalues(a)[0];
  }

  private static void solvesAgree(FlowField field, double[] u, double fac) {
    LowRankJacobian low = new LowRankJacobian(field);
    DenseJacobian dense = new DenseJacobian(new Rodas5.DenseField() {
      @Override public int dimension() {
        return N * D;
      }

      @Override public void derivative(double[] y, double[] dy) {
        field.derivative(y, dy);
      }

      @Override public void jacobian(double[] y, double[] jac) {
        field.jacobian(y, jac);
      }
    });
    low.at(u);
    dense.at(u);
    assertTrue(low.factor(fac), "fac = " + fac);
    assertTrue(dense.factor(fac));
    double[] b = point(1.0, 11);
    double[] x = b.clone();
    low.solve(x);
    double[] y = b.clone();
    dense.solve(y);
    double res = residual(field, u, fac, x, b);
    double g = gap(x, y);
    System.out.printf("fac %.3g: Woodbury residual %.2e, gap to the dense LU %.2e%n", fac, res, g);
    assertTrue(res < 1e-11, "‖W·x − b‖/‖b‖ = " + res);
    assertTrue(g < 1e-10, "Woodbury vs LU: " + g);
  }

  @Test
  void solvesMatchTheResidualAndTheDenseLu() {
    Problem p = sensing();
    FlowField field = new FlowField(p, D);
    assertTrue(LowRankJacobian.applies(field), "m = 15 < n·d = 28 on a dense operator");
    int compared = 0;
    for (double scale : new double[] {0.3, 1.0}) {
      double[] u = point(scale, 5);
      for (double fac : new double[] {1e3, 10, 1}) {
        double lambda = smallestEigenvalue(field, u);
        if (fac + lambda / M >= LowRankJacobian.MIN_DIAGONAL * fac) {
          solvesAgree(field, u, fac);
          compared++;
        }
      }
    }
    assertTrue(compared >= 3, "compared at " + compared + " points");
  }

  /**
   * Near U = 0, A*(r) ≈ −A*(y) has a negative eigenvalue λ: factor refuses exactly where
   * fac + λ/m falls below fac/4, and solves correctly just above.
   */
  @Test
  void refusesWhereTheDiagonalWouldCancel() {
    Problem p = sensing();
    FlowField field = new FlowField(p, D);
    double[] u = point(1e-3, 6);
    double lambda = smallestEigenvalue(field, u);
    assertTrue(lambda < 0, "A*(r) has a negative eigenvalue near 0: " + lambda);
    double edge = -lambda / M / (1 - LowRankJacobian.MIN_DIAGONAL);
    LowRankJacobian low = new LowRankJacobian(field);
    low.at(u);
    assertFalse(low.factor(0.9 * edge), "refused below the edge");
    assertFalse(low.factor(0.0));
    assertFalse(low.factor(Double.NaN));
    solvesAgree(field, u, 1.1 * edge);
  }

  @Test
  void appliesToDenseOperatorsWithFewerMeasurementsThanUnknowns() {
    assertTrue(LowRankJacobian.applies(new FlowField(sensing(), D)));
    assertFalse(LowRankJacobian.applies(new FlowField(sensing(), 2)), "m = 15 ≥ n·d = 14: the dense LU");
    Problem completion = Problems.build(new ProblemSpec(Kind.COMPLETION, 6, 10, 1, 1), 0);
    assertFalse(LowRankJacobian.applies(new FlowField(completion, 6)), "completion: the factored kernels");
  }
}
