package org.mfsweep.engine;

/**
 * How {@code run} treats what the output already holds.
 *
 * @param retryFailed compute again the planned runs whose row has status FAILED, replacing those rows
 * @param repair move unreadable table files to DIR/_quarantine and compute their runs again
 */
public record RunOptions(boolean retryFailed, boolean repair) {
  public static final RunOptions DEFAULT = new RunOptions(false, false);
}
