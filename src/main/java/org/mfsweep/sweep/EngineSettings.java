package org.mfsweep.sweep;

import java.io.Serializable;

/**
 * How a sweep executes (the {@code engine} block of a sweep file); nothing here changes a run's
 * numbers or its run_id.
 *
 * @param waveRuns runs committed together; a killed driver loses at most the wave in progress
 * @param ui whether the Spark UI is served
 * @param progressSeconds seconds between progress lines when not on a terminal
 */
public record EngineSettings(int waveRuns, boolean ui, int progressSeconds) implements Serializable {}
