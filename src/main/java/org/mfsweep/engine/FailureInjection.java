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

  private static final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.AtomicInteger>
      PASSED = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * @throws IllegalStateException when point is the commit point named by the property ("point", or
   *     "point#k" for its k-th passage in this JVM, e.g. "mid-rename#2" in the second wave's commit)
   */
  static void commitPoint(String point) {
    String named = System.getProperty(COMMIT_PROPERTY);
    if (named == null || !(named.equals(point) || named.startsWith(point + "#"))) {
      return;
    }
    int passage = PASSED.computeIfAbsent(named, k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
    if (named.equals(point) || Integer.parseInt(named.substring(point.length() + 1)) == passage) {
      throw new IllegalStateException("injected crash at commit point " + named + " (-D" + COMMIT_PROPERTY + ")");
    }
  }

  /** Forgets the passages counted so far (tests that name "point#k" start from zero). */
  static void reset() {
    PASSED.clear();
  }
}
