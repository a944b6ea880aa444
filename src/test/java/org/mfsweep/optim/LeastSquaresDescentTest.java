package org.mfsweep.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mfsweep.problem.Problems;
import org.mfsweep.problem.VectorProblem;
import org.mfsweep.spec.Init;
import org.mfsweep.spec.Kind;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.spec.RunSettings;
import org.mfsweep.spec.RunSpec;
import org.mfsweep.testing.Dense;
import org.mfsweep.spec.Status;
import org.mfsweep.spec.RunOutcome;

class LeastSquaresDescentTest {
  static final ProblemSpec SPEC = new ProblemSpec(Kind.LEAST_SQUARES, 40, 15, 1, 3);

  private static RunSpec run(double alpha, double eta, int iterations) {
    return new RunSpec(SPEC, 1, Init.IDENTITY, alpha, eta, new RunSettings(iterations, 1e-28, 1e6, 2, 20));
  }

  /** x∞ = A⁺y + P_null(x₀): the projection of x₀ on the null space of A survives untouched. */
  @Test
  void fromAlphaOnesItReachesTheMinimumNormSolutionPlusTheNullSpacePartOfTheStart() {
    VectorProblem p = Problems.buildVector(SPEC, 20);
    int n = p.n();
    int m = p.m();
    // A⁺ by the normal equations of the rows, solved the slow obvious way (Gauss–Jordan on AAᵀ)
    double[][] g = new double[m][m + 1];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < m; j++) {
        double s = 0;
        for (int t = 0; t < n; t++) {
          s += p.a()[i + t * m] * p.a()[j + t * m];
        }
        g[i][j] = s;
      }
    }
    GradientDescent ls = new GradientDescent(p);
    for (double alpha : new double[] {0, 0.3}) {
      // right-hand side y − A x₀; x∞ = x₀ + Aᵀ (AAᵀ)⁻¹ (y − A x₀)
      for (int i = 0; i < m; i++) {
        double ax0 = 0;
        for (int t = 0; t < n; t++) {
          ax0 += p.a()[i + t * m] * alpha;
        }
        g[i][m] = p.y()[i] - ax0;
      }
      double[] z = solve(copy(g), m);
      double[] expected = new double[n];
      for (int t = 0; t < n; t++) {
        double s = alpha;
        for (int i = 0; i < m; i++) {
          s += p.a()[i + t * m] * z[i];
        }
        expected[t] = s;
      }
      RunOutcome o = ls.run(run(alpha, 0.1, 200000)); // η < 2m/σ_max(A)² ≈ 0.28 here
      assertEquals(Status.CONVERGED, o.status(), "alpha " + alpha);
      double[] diff = o.factor().clone();
      for (int t = 0; t < n; t++) {
        diff[t] -= expected[t];
      }
      assertTrue(Dense.norm(diff) <= 1e-10 * Dense.norm(expected), "alpha " + alpha + ": " + Dense.norm(diff));
    }
  }

  @Test
  void stepIsTheGradientOfHalfTheMeanSquaredResidual() {
    VectorProblem p = Problems.buildVector(SPEC, 20);
    double eta = 1e-3;
    RunOutcome one = new GradientDescent(p).run(run(0.2, eta, 1));
    double h = 1e-6;
    for (int t = 0; t < p.n(); t++) {
      double[] plus = new double[p.n()];
      double[] minus = new double[p.n()];
      java.util.Arrays.fill(plus, 0.2);
      java.util.Arrays.fill(minus, 0.2);
      plus[t] += h;
      minus[t] -= h;
      double fd = (loss(p, plus) - loss(p, minus)) / (2 * h);
      assertEquals(fd, (0.2 - one.factor()[t]) / eta, 1e-6 * (1 + Math.abs(fd)), "entry " + t);
    }
  }

  private static double loss(VectorProblem p, double[] x) {
    double s = 0;
    for (int i = 0; i < p.m(); i++) {
      double r = -p.y()[i];
      for (int t = 0; t < p.n(); t++) {
        r += p.a()[i + t * p.m()] * x[t];
      }
      s += r * r;
    }
    return s / (2.0 * p.m());
  }

  private static double[][] copy(double[][] a) {
    double[][] c = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      c[i] = a[i].clone();
    }
    return c;
  }

  /** Gauss–Jordan with partial pivoting on the augmented m × (m+1) system. */
  private static double[] solve(double[][] a, int m) {
    for (int c = 0; c < m; c++) {
      int piv = c;
      for (int r = c + 1; r < m; r++) {
        if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) {
          piv = r;
        }
      }
      double[] t = a[c];
      a[c] = a[piv];
      a[piv] = t;
      for (int r = 0; r < m; r++) {
        if (r != c) {
          double f = a[r][c] / a[c][c];
          for (int k = c; k <= m; k++) {
            a[r][k] -= f * a[c][k];
          }
        }
      }
    }
    double[] x = new double[m];
    for (int i = 0; i < m; i++) {
      x[i] = a[i][m] / a[i][i];
    }
    return x;
  }
}
