package org.mfsweep.spec;

/**
 * Metrics of one run at its trace points; arrays of equal length, ascending. For gradient descent
 * the points are iterations 1, 2, 4, … and the last, at time = iteration·η; for gradient flow they
 * are times, with the integrator steps taken by then as iteration. singularValues[k] holds the top
 * singular values of X at point k, largest first (null when not recorded).
 */
public record Trace(int[] iterations, double[] time, double[] trainLoss, double[] testError, double[] nuclearNorm,
                    double[] errRef, double[][] singularValues) {

  /** A trace without singular values. */
  public Trace(int[] iterations, double[] time, double[] trainLoss, double[] testError, double[] nuclearNorm,
               double[] errRef) {
    this(iterations, time, trainLoss, testError, nuclearNorm, errRef, null);
  }

  public int size() {
    return iterations.length;
  }
}
