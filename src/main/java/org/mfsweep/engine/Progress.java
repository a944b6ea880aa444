package org.mfsweep.engine;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.util.DoubleAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Progress of a sweep on the driver: runs done of the total, runs per second of compute time,
 * failures, an ETA, and what the driver is doing (computing, committing a wave and how many rows).
 *
 * <p>Counts come from task-completion events: executors add to Spark accumulators, and a
 * {@link SparkListener} takes each successful task's own updates once per (stage, partition) of
 * a wave's compute job. A retried or recomputed task is therefore counted once, and a cached
 * partition recomputed later by the commit's jobs not at all. The compute time is the time those
 * jobs ran, so the rate does not fall while the driver commits or computes references. The ETA
 * learns from finished runs: the remaining worst-case cost (every run to max-iterations) is scaled
 * by the fraction of their worst case that finished runs actually used, and divided by the flop
 * rate achieved per compute second. On a terminal the line is redrawn in place every second and
 * log lines are routed around it ({@link TerminalLine}); otherwise it is logged every interval.
 */
final class Progress implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Progress.class);
  /** Local property marking a wave's compute job (whose tasks the listener counts). */
  static final String COMPUTE = "mfsweep.compute";

  final LongAccumulator runs;
  final LongAccumulator failed;
  final LongAccumulator traceRows;
  /** flops actually spent by finished runs */
  final DoubleAccumulator flops;
  /** worst-case flops of the finished runs */
  final DoubleAccumulator budget;

  private final SparkContext sc;
  private final int total;
  private final double totalBudget;
  private final boolean terminal;
  private final TerminalLine line;
  private final PrintStream originalErr;
  private final ScheduledExecutorService timer;
  private final Listener listener = new Listener();
  private String last = "";

  // counted from task-end events (listener thread), read by the timer: guarded by this
  private long doneRuns;
  private long doneFailed;
  private long doneTraceRows;
  private double doneFlops;
  private double doneBudget;
  private final Set<Long> counted = new HashSet<>();
  private final Map<Integer, Integer> computeStages = new HashMap<>(); // stage → job
  private final Set<Integer> computeJobs = new HashSet<>();
  private long computeNanos;
  private long runningSince = -1;
  private String phase;

  Progress(SparkContext sc, int total, double totalBudget, int intervalSeconds, boolean terminal, PrintStream term) {
    this.sc = sc;
    this.runs = sc.longAccumulator("mfsweep runs done");
    this.failed = sc.longAccumulator("mfsweep runs failed");
    this.traceRows = sc.longAccumulator("mfsweep trace rows");
    this.flops = sc.doubleAccumulator("mfsweep flops");
    this.budget = sc.doubleAccumulator("mfsweep worst-case flops done");
    this.total = total;
    this.totalBudget = totalBudget;
    this.terminal = terminal;
    this.line = terminal ? new TerminalLine(term) : null;
    this.originalErr = System.err;
    if (terminal) {
      System.setErr(line.stream()); // log4j2's console appender follows System.err (conf/log4j2.properties)
    }
    sc.addSparkListener(listener);
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "mfsweep-progress");
      t.setDaemon(true);
      return t;
    });
    long period = terminal ? 1 : intervalSeconds;
    timer.scheduleAtFixedRate(this::report, period, period, TimeUnit.SECONDS);
  }

  /** What the driver does now, shown after the counts ("committing wave 2/3: 8 runs, 96 trace rows"); null for nothing. */
  synchronized void phase(String now) {
    phase = now;
  }

  /**
   * A writer for the sweep's own messages on stdout while the line is drawn: on a terminal each
   * flushed message is printed around the line (see {@link TerminalLine#printAround}); otherwise out itself.
   */
  java.io.PrintWriter around(java.io.PrintWriter out) {
    if (!terminal) {
      return out;
    }
    return new java.io.PrintWriter(new java.io.Writer() {
      private final StringBuilder pending = new StringBuilder();

      @Override public void write(char[] c, int off, int len) {
        pending.append(c, off, len);
      }

      @Override public void flush() {
        line.printAround(out, pending.toString());
        pending.setLength(0);
      }

      @Override public void close() {
        flush();
      }
    });
  }

  /** Trace rows of the runs counted so far (the commit says how many it writes). */
  synchronized long traceRowsDone() {
    return doneTraceRows;
  }

  synchronized long runsDone() {
    return doneRuns;
  }

  /**
   * Waits (at most millis) until the listener, which hears of tasks asynchronously, has counted
   * expected runs: after a wave's compute job returned, its last task events may still be queued.
   */
  void awaitCounted(long expected, long millis) {
    long deadline = System.nanoTime() + millis * 1_000_000L;
    while (runsDone() < expected && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Seconds the compute jobs ran so far. */
  synchronized double computeSeconds() {
    long now = System.nanoTime();
    return (computeNanos + (runningSince >= 0 ? now - runningSince : 0)) * 1e-9;
  }

  /** "runs 120/1500 (8.0%) · 12.3 runs/s · 0 failed · ETA 1m52s[ · committing …]". */
  synchronized String line() {
    long done = doneRuns;
    double seconds = computeSeconds();
    String eta = "ETA …";
    if (done >= total) {
      eta = "all computed";
    } else if (done > 0 && doneFlops > 0 && doneBudget > 0 && seconds > 0) {
      double remaining = Math.max(0, totalBudget - doneBudget) * (doneFlops / doneBudget);
      eta = "ETA " + duration(remaining / (doneFlops / seconds));
    }
    String rate = seconds > 0 ? String.format(Locale.ROOT, "%.1f runs/s", done / seconds) : "… runs/s";
    return String.format(Locale.ROOT, "runs %d/%d (%.1f%%) · %s · %d failed · %s%s", done, total,
        total == 0 ? 100.0 : 100.0 * done / total, rate, doneFailed, eta, phase == null ? "" : " · " + phase);
  }

  private void report() {
    String now = line();
    if (terminal) {
      line.draw(now);
    } else if (!now.equals(last)) {
      log.info(now);
    }
    last = now;
  }

  @Override public void close() {
    timer.shutdownNow();
    sc.removeSparkListener(listener);
    phase(null);
    String now = line();
    if (terminal) {
      line.finish(now);
      System.setErr(originalErr);
    } else {
      log.info(now);
    }
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return (s / 60) + "m" + String.format("%02d", s % 60) + "s";
    }
    return (s / 3600) + "h" + String.format("%02d", (s % 3600) / 60) + "m";
  }

  /** Counts each successful task of a compute job once, from the task's own accumulator updates. */
  private final class Listener extends SparkListener {
    @Override public void onJobStart(SparkListenerJobStart start) {
      java.util.Properties props = start.properties();
      if (props == null || props.getProperty(COMPUTE) == null) {
        return;
      }
      synchronized (Progress.this) {
        computeJobs.add(start.jobId());
        for (Object stage : CollectionConverters.asJava(start.stageIds())) {
          computeStages.put((Integer) stage, start.jobId());
        }
        if (runningSince < 0) {
          runningSince = System.nanoTime();
        }
      }
    }

    @Override public void onJobEnd(SparkListenerJobEnd end) {
      synchronized (Progress.this) {
        if (computeJobs.remove(end.jobId()) && computeJobs.isEmpty() && runningSince >= 0) {
          computeNanos += System.nanoTime() - runningSince;
          runningSince = -1;
        }
      }
    }

    @Override public void onTaskEnd(SparkListenerTaskEnd end) {
      if (!end.taskInfo().successful()) {
        return;
      }
      synchronized (Progress.this) {
        if (!computeStages.containsKey(end.stageId())
            || !counted.add(((long) end.stageId() << 32) | end.taskInfo().index())) {
          return;
        }
        for (AccumulableInfo a : CollectionConverters.asJava(end.taskInfo().accumulables())) {
          if (a.update().isEmpty()) {
            continue;
          }
          Object v = a.update().get();
          long id = a.id();
          if (id == runs.id()) {
            doneRuns += ((Number) v).longValue();
          } else if (id == failed.id()) {
            doneFailed += ((Number) v).longValue();
          } else if (id == traceRows.id()) {
            doneTraceRows += ((Number) v).longValue();
          } else if (id == flops.id()) {
            doneFlops += ((Number) v).doubleValue();
          } else if (id == budget.id()) {
            doneBudget += ((Number) v).doubleValue();
          }
        }
      }
    }
  }
}
