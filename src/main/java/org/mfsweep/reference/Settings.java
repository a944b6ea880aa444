package org.mfsweep.reference;

/**
 * When an iterative reference solver stops.
 *
 * @param tolerance CONVERGED once every residual of the certificate is at most this (&gt; 0)
 * @param maxIterations MAX_ITERATIONS after this many iterations (≥ 1)
 */
public record Settings(double tolerance, int maxIterations) {
  public Settings {
    if (!(tolerance > 0) || Double.isInfinite(tolerance)) {
      throw new IllegalArgumentException("tolerance must be finite and > 0, got " + tolerance);
    }
    if (maxIterations < 1) {
      throw new IllegalArgumentException("maxIterations must be ≥ 1, got " + maxIterations);
    }
  }
}
