package org.mfsweep.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mfsweep.testing.Dense;

class LinalgTest {
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 5, 17})
  void packRoundTripsAndUnpackScalesOffDiagonals(int n) {
    double[] x = Dense.randomSymmetric(n, new Random(n));
    double[] p = new double[Packed.size(n)];
    Packed.pack(n, x, p);
    double[] back = new double[n * n];
    Packed.unpack(n, p, 1.0, back);
    assertArrayEquals(x, back, 0.0);
    Packed.unpack(n, p, 0.5, back);
    for (int j = 0; j < n; j++) {
      for (int k = 0; k < n; k++) {
        assertEquals(j == k ? x[j + k * n] : 0.5 * x[j + k * n], back[j + k * n], 0.0);
      }
    }
    // at an offset, into the upper triangle only
    double[] shifted = new double[3 + p.length];
    Packed.pack(n, x, shifted, 3);
    double[] upper = new double[n * n];
    java.util.Arrays.fill(upper, Double.NaN);
    Packed.unpackUpper(n, shifted, 3, 0.5, upper);
    for (int j = 0; j < n; j++) {
      for (int k = 0; k < n; k++) {
        double expected = j > k ? Double.NaN : j == k ? x[j + k * n] : 0.5 * x[j + k * n];
        assertEquals(expected, upper[j + k * n], 0.0);
      }
    }
  }

  /** Q·diag(λ)·Qᵀ with a known spectrum, Q orthonormal from QR. */
  @ParameterizedTest
  @ValueSource(ints = {1, 3, 20, 64})
  void eigenvaluesOfAMatrixBuiltFromItsSpectrum(int n) {
    Random rng = new Random(n);
    double[] q = Dense.randomVector(n * n, rng);
    Orthonormal.columns(n, n, q);
    double[] lambda = new double[n];
    for (int i = 0; i < n; i++) {
      lambda[i] = i - n / 3.0;
    }
    double[] ql = q.clone();
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < n; i++) {
        ql[i + j * n] *= lambda[j];
      }
    }
    double[] qt = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        qt[j + i * n] = q[i + j * n];
      }
    }
    double[] a = Dense.multiply(ql, qt, n, n, n);
    double[] w = new SymmetricEigen(n).eigenvalues(a);
    assertArrayEquals(lambda, w, 1e-12 * n);
  }

  @Test
  void orthonormalColumnsAreOrthonormalAndSpanTheInput() {
    int rows = 9;
    int cols = 4;
    double[] a = Dense.randomVector(rows * cols, new Random(3));
    double[] q = a.clone();
    Orthonormal.columns(rows, cols, q);
    for (int i = 0; i < cols; i++) {
      for (int j = 0; j < cols; j++) {
        double s = 0;
        for (int t = 0; t < rows; t++) {
          s += q[t + i * rows] * q[t + j * rows];
        }
        assertEquals(i == j ? 1 : 0, s, 1e-13);
      }
    }
    // first column of Q is the first column of a, normalised (R₁₁ > 0)
    double norm = Math.sqrt(Dense.dot(Arrays.copyOf(a, rows), Arrays.copyOf(a, rows)));
    for (int t = 0; t < rows; t++) {
      assertEquals(a[t] / norm, q[t], 1e-13);
    }
  }

  @Test
  void implementationIsReportedWithAReasonWhenNotNative() {
    Netlib.Implementation impl = Netlib.implementation();
    assertEquals(Netlib.blas.getClass().getName(), impl.blas());
    assertEquals(Netlib.lapack.getClass().getName(), impl.lapack());
    assertTrue(impl.summary().startsWith(Netlib.blas.getClass().getSimpleName()));
    if (impl.isNative()) {
      assertEquals("", impl.warning());
    } else {
      assertFalse(impl.whyNotNative().isEmpty());
      assertTrue(impl.warning().contains("libopenblas0"), impl.warning());
    }
  }
}
