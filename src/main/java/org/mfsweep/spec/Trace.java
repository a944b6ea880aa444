package org.mfsweep.spec;

/**
 * Metrics of one run at its trace points; arrays of equal length, ascending. For gradient descent
 * the points are iterations 1, 2, 4, … and the last, at time = iteration·η; for gradient flow they
 * are times, with the integrator steps taken by then as iteration.
 */
public record Trace(int[] iterations, double[] time, double[] trainLoss, double[] testError, double[] nuclearNorm,
                    double[] errRef) {
  public int size() {
    return iterations.length;
  }
}
