package org.mfsweep.sweep;

import java.io.Serializable;

/**
 * How a sweep executes (the {@code engine} block of a sweep file); nothing here changes a run's
 * numbers or its run_id.
 *
 * @param waveRuns at most this many runs are committed together; a killed driver loses at most the wave in
 *     progress
 * @param waveSeconds a wave also ends once its runs' worst case (every run to max-iterations, at the flop
 *     rate measured when the sweep starts, on every task slot) reaches this many seconds
 * @param ui whether the Spark UI is served
 * @param progressSeconds seconds between progress lines when not on a terminal
 * @param confirmAboveSeconds {@code run} asks for --yes when the worst case exceeds this (engine.confirm-above)
 */
public record EngineSettings(int waveRuns, int waveSeconds, boolean ui, int progressSeconds, double confirmAboveSeconds)
    implements Serializable {
  /** The default of engine.confirm-above: 30 min. */
  public static final double CONFIRM_ABOVE_SECONDS = 1800;

  public EngineSettings(int waveRuns, int waveSeconds, boolean ui, int progressSeconds) {
    this(waveRuns, waveSeconds, ui, progressSeconds, CONFIRM_ABOVE_SECONDS);
  }
}
