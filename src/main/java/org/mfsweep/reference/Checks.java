package org.mfsweep.reference;

/** Input checks and small reductions the reference solvers share. */
final class Checks {
  private Checks() {}

  /** @throws IllegalArgumentException if a (m × n column-major) has a non-finite entry */
  static void finiteMatrix(int m, double[] a) {
    for (int k = 0; k < a.length; k++) {
      if (!Double.isFinite(a[k])) {
        throw new IllegalArgumentException("A(" + k % m + ", " + k / m + ") is not finite: " + a[k]);
      }
    }
  }

  /** @throws IllegalArgumentException if y does not have m entries, or one is not finite */
  static void measurements(int m, double[] y) {
    if (y.length != m) {
      throw new IllegalArgumentException("expected " + m + " measurements, got " + y.length);
    }
    for (int i = 0; i < m; i++) {
      if (!Double.isFinite(y[i])) {
        throw new IllegalArgumentException("measurement " + i + " is not finite: " + y[i]);
      }
    }
  }

  /** The largest entry (at least 0), or NaN if any is NaN. */
  static double max(double[] c) {
    double worst = 0;
    for (double value : c) {
      if (Double.isNaN(value)) {
        return Double.NaN;
      }
      worst = Math.max(worst, value);
    }
    return worst;
  }
}
