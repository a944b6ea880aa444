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
 */
public record EngineSettings(int waveRuns, int waveSeconds, boolean ui, int progressSeconds) implements Serializable {}
