package org.mfsweep.optim;

/**
 * Metrics of one run at its trace iterations; arrays of equal length, ascending iterations.
 * Values are those of U after that many gradient steps.
 */
public record Trace(int[] iterations, double[] trainLoss, double[] testError, double[] nuclearNorm) {
  public int size() {
    return iterations.length;
  }
}
