package org.mfsweep.engine;

import java.util.Set;

/**
 * A test-only switch: the JVM property {@code mfsweep.test.fail-runs} (comma-separated run_ids)
 * makes those runs throw, to exercise per-run failure isolation in real sweeps. On a cluster, set it
 * on executors with {@code --conf spark.executor.extraJavaOptions=-Dmfsweep.test.fail-runs=…}.
 */
final class FailureInjection {
  static final String PROPERTY = "mfsweep.test.fail-runs";
  /** A point of the commit protocol (e.g. "before-delete") at which the driver stops as if killed. */
  static final String COMMIT_PROPERTY = "mfsweep.test.crash-at";

  private FailureInjection() {}

  /** @throws IllegalStateException when runId is listed in the property */
  static void check(String runId) {
    String listed = System.getProperty(PROPERTY);
    if (listed != null && Set.of(listed.split(",")).contains(runId)) {
      throw new IllegalStateException("injected failure for run " + runId + " (-D" + PROPERTY + ")");
    }
  }

  /** @throws IllegalStateException when point is the commit point named by the property */
  static void commitPoint(String point) {
    if (point.equals(System.getProperty(COMMIT_PROPERTY))) {
      throw new IllegalStateException("injected crash at commit point " + point + " (-D" + COMMIT_PROPERTY + ")");
    }
  }
}
