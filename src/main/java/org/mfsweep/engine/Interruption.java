package org.mfsweep.engine;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.util.ShutdownHookManager;
import org.apache.spark.SparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGINT or SIGTERM during a sweep. The JVM runs its shutdown hooks; this one runs before Spark's
 * (which stop the context) and before Hadoop closes its file systems: it asks the sweep to stop,
 * cancels the running Spark jobs (so the wave being computed or written is abandoned), and waits
 * until the sweep has recorded the attempt as {@code interrupted} and released the lock. The JVM
 * then exits with 128 + the signal's number (130, 143).
 */
final class Interruption implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Interruption.class);
  /** Above Spark's hooks (SparkContext 50 within Spark's manager, registered at 40) and FileSystem's (10). */
  static final int PRIORITY = 100;
  /** How long the hook waits for the sweep to stop cleanly. */
  static final long WAIT_SECONDS = 25;

  private static volatile String lastSignal;

  static {
    for (String name : new String[] {"INT", "TERM"}) {
      try {
        sun.misc.Signal signal = new sun.misc.Signal(name);
        sun.misc.SignalHandler[] previous = new sun.misc.SignalHandler[1];
        previous[0] = sun.misc.Signal.handle(signal, s -> {
          lastSignal = "SIG" + s.getName();
          if (previous[0] == sun.misc.SignalHandler.SIG_DFL || previous[0] == sun.misc.SignalHandler.SIG_IGN
              || previous[0] == null) {
            System.exit(128 + s.getNumber());
          } else {
            previous[0].handle(s);
          }
        });
      } catch (IllegalArgumentException | UnsupportedOperationException e) {
        // the signal is not available (e.g. -Xrs): the shutdown hook still runs, without the signal's name
      }
    }
  }

  private final SparkContext sc;
  private final Runnable hook = this::shutdown;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean requested;
  private volatile Runnable fallback = () -> {};

  private Interruption(SparkContext sc) {
    this.sc = sc;
  }

  /** Watches for a shutdown until {@link #close()}. */
  static Interruption install(SparkContext sc) {
    Interruption i = new Interruption(sc);
    ShutdownHookManager.get().addShutdownHook(i.hook, PRIORITY, WAIT_SECONDS + 5, TimeUnit.SECONDS);
    return i;
  }

  /** Whether the JVM is shutting down (a signal, or System.exit from elsewhere). */
  boolean requested() {
    return requested;
  }

  /** "SIGINT", "SIGTERM", or "shutdown" when the JVM exits for another reason. */
  static String cause() {
    String s = lastSignal;
    return s == null ? "shutdown" : s;
  }

  /** What the hook does itself when the sweep does not stop in time (record the attempt, release the lock). */
  void onTimeout(Runnable r) {
    fallback = r;
  }

  /** Runs what {@link #onTimeout} registered now: it records the attempt only when nothing else did. */
  void recordNow() {
    fallback.run();
  }

  /** Called by the sweep once it has recorded the attempt and released the lock. */
  void stopped() {
    stopped.countDown();
  }

  private void shutdown() {
    requested = true;
    // straight to stderr: log4j2 stops in a shutdown hook of its own, which may run first
    System.err.println("mfsweep: " + cause() + " received: abandoning the wave in progress (a wave already being "
        + "renamed into place is finished)");
    System.err.flush();
    try {
      if (!sc.isStopped()) {
        sc.cancelAllJobs();
      }
    } catch (RuntimeException e) {
      log.debug("cancelling Spark jobs", e);
    }
    try {
      if (!stopped.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
        log.warn("the sweep did not stop within {} s; recording the attempt as interrupted", WAIT_SECONDS);
        fallback.run();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fallback.run();
    }
  }

  /** The sweep is over: stop watching (a no-op while the JVM is already shutting down). */
  @Override public void close() {
    stopped.countDown();
    try {
      ShutdownHookManager.get().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // hooks cannot be removed once shutdown began
    }
  }
}
