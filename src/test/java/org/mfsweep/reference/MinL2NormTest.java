package org.mfsweep.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mfsweep.linalg.Orthonormal;
import org.mfsweep.testing.Dense;

class MinL2NormTest {
  /** Backward-stable QR on well-conditioned Gaussian A: residuals at a few hundred ulps. */
  static final double CERTIFICATE_TOLERANCE = 1e-13;
  /** Agreement with an independent reference computation, relative to ‖x‖. */
  static final double AGREEMENT_TOLERANCE = 1e-10;

  static Stream<Arguments> shapes() {
    Stream.Builder<Arguments> b = Stream.builder();
    int[][] shapes = {{1, 1}, {1, 2}, {2, 2}, {2, 5}, {3, 7}, {20, 50}, {60, 200}};
    for (int[] shape : shapes) {
      for (long seed = 1; seed <= 3; seed++) {
        b.add(Arguments.of(shape[0], shape[1], seed));
      }
    }
    return b.build();
  }

  @ParameterizedTest(name = "m={0} n={1} seed={2}")
  @MethodSource("shapes")
  void certificateHoldsOnGaussianMatrices(int m, int n, long seed) {
    Random rng = new Random(seed);
    double[] a = Dense.randomVector(m * n, rng);
    double[] y = Dense.randomVector(m, rng);
    L2Solution s = new MinL2Norm(m, n, a).solve(y);
    assertTrue(s.certificate().holds(CERTIFICATE_TOLERANCE), s.certificate().toString());
  }

  /** Against x = Aᵀ(AAᵀ)⁻¹y with AAᵀ formed and solved by Gaussian elimination in plain Java. */
  @ParameterizedTest(name = "m={0} n={1} seed={2}")
  @MethodSource("shapes")
  void agreesWithTheNormalEquations(int m, int n, long seed) {
    Random rng = new Random(seed + 100);
    double[] a = Dense.randomVector(m * n, rng);
    double[] y = Dense.randomVector(m, rng);
    double[] gram = new double[m * m];
    for (int i = 0; i < m; i++) {
      for (int k = 0; k < m; k++) {
        for (int j = 0; j < n; j++) {
          gram[i + k * m] += a[i + j * m] * a[k + j * m];
        }
      }
    }
    double[] w = solve(m, gram, y.clone());
    double[] expected = new double[n];
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < m; i++) {
        expected[j] += a[i + j * m] * w[i];
      }
    }
    double[] x = new MinL2Norm(m, n, a).solve(y).x();
    assertClose(expected, x, AGREEMENT_TOLERANCE);
  }

  /** Orthonormal rows: AAᵀ = I, so A⁺y = Aᵀy. */
  @ParameterizedTest(name = "m={0} n={1} seed={2}")
  @MethodSource("shapes")
  void orthonormalRowsGiveTheTranspose(int m, int n, long seed) {
    Random rng = new Random(seed + 200);
    double[] q = Dense.randomVector(n * m, rng);
    Orthonormal.columns(n, m, q); // n × m with orthonormal columns: A = Qᵀ
    double[] a = new double[m * n];
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < m; i++) {
        a[i + j * m] = q[j + i * n];
      }
    }
    double[] y = Dense.randomVector(m, rng);
    double[] x = new MinL2Norm(m, n, a).solve(y).x();
    assertClose(Dense.multiply(q, y, n, m, 1), x, AGREEMENT_TOLERANCE);
  }

  /** The certificate can fail: a solution shifted along null(A) still fits but is not the least-norm one. */
  @Test
  void certificateRejectsANonMinimalSolution() {
    int m = 4;
    int n = 9;
    Random rng = new Random(7);
    double[] a = Dense.randomVector(m * n, rng);
    double[] y = Dense.randomVector(m, rng);
    MinL2Norm solver = new MinL2Norm(m, n, a);
    L2Solution s = solver.solve(y);
    // z ∈ null(A): a random vector minus its projection on the row space, via the solver itself
    double[] z = Dense.randomVector(n, rng);
    double[] az = Dense.multiply(a, z, m, n, 1);
    double[] rowPart = solver.solve(az).x();
    double[] shifted = s.x().clone();
    for (int j = 0; j < n; j++) {
      shifted[j] += z[j] - rowPart[j];
    }
    L2Certificate c = solver.certificate(y, shifted, s.w());
    assertTrue(c.residual() <= CERTIFICATE_TOLERANCE, c.toString());
    assertTrue(c.rowSpaceDistance() > 1e-3, c.toString());
    assertTrue(Dense.norm(shifted) > Dense.norm(s.x()));
  }

  @Test
  void refusesRankDeficientAndWideShapes() {
    Random rng = new Random(3);
    int n = 6;
    double[] a = Dense.randomVector(3 * n, rng);
    for (int j = 0; j < n; j++) {
      a[2 + j * 3] = a[0 + j * 3] - 2 * a[1 + j * 3]; // row 2 = row 0 − 2·row 1
    }
    assertThrows(RankDeficientException.class, () -> new MinL2Norm(3, n, a));
    assertThrows(IllegalArgumentException.class, () -> new MinL2Norm(5, 4, new double[20]));
    assertThrows(IllegalArgumentException.class, () -> new MinL2Norm(2, 4, new double[7]));
    MinL2Norm solver = new MinL2Norm(1, 2, new double[] {1, 1});
    assertThrows(IllegalArgumentException.class, () -> solver.solve(new double[2]));
    assertEquals(0.5, solver.solve(new double[] {1}).x()[0], 1e-15);
  }

  private static void assertClose(double[] expected, double[] actual, double tolerance) {
    double diff = 0;
    for (int j = 0; j < expected.length; j++) {
      diff += (expected[j] - actual[j]) * (expected[j] - actual[j]);
    }
    assertTrue(Math.sqrt(diff) <= tolerance * Dense.norm(expected), "‖x − x_ref‖ = " + Math.sqrt(diff)
        + ", ‖x_ref‖ = " + Dense.norm(expected));
  }

  /** Gaussian elimination with partial pivoting on a (k × k, overwritten); returns the solution in b. */
  static double[] solve(int k, double[] a, double[] b) {
    for (int c = 0; c < k; c++) {
      int p = c;
      for (int i = c + 1; i < k; i++) {
        if (Math.abs(a[i + c * k]) > Math.abs(a[p + c * k])) {
          p = i;
        }
      }
      for (int j = 0; j < k; j++) {
        double t = a[c + j * k];
        a[c + j * k] = a[p + j * k];
        a[p + j * k] = t;
      }
      double t = b[c];
      b[c] = b[p];
      b[p] = t;
      for (int i = c + 1; i < k; i++) {
        double f = a[i + c * k] / a[c + c * k];
        for (int j = c; j < k; j++) {
          a[i + j * k] -= f * a[c + j * k];
        }
        b[i] -= f * b[c];
      }
    }
    for (int c = k - 1; c >= 0; c--) {
      for (int j = c + 1; j < k; j++) {
        b[c] -= a[c + j * k] * b[j];
      }
      b[c] /= a[c + c * k];
    }
    return b;
  }
}
