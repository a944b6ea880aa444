package org.mfsweep.engine;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkContext;
import org.apache.spark.util.DoubleAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress of a sweep on the driver: runs done of the total, runs per second, failures, and an ETA.
 * Executors add to Spark accumulators as tasks finish. The ETA learns from finished runs: the
 * remaining worst-case cost (every run to max-iterations) is scaled by the fraction of their
 * worst case that finished runs actually used, and divided by the flop rate achieved so far. On a
 * terminal the line is redrawn in place every second; otherwise it is logged every interval.
 */
final class Progress implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Progress.class);

  final LongAccumulator runs;
  final LongAccumulator failed;
  /** flops actually spent by finished runs */
  final DoubleAccumulator flops;
  /** worst-case flops of the finished runs */
  final DoubleAccumulator budget;

  private final int total;
  private final double totalBudget;
  private final long start = System.nanoTime();
  private final boolean terminal;
  private final PrintStream term;
  private final ScheduledExecutorService timer;
  private String last = "";

  Progress(SparkContext sc, int total, double totalBudget, int intervalSeconds, boolean terminal, PrintStream term) {
    this.runs = sc.longAccumulator("mfsweep runs done");
    this.failed = sc.longAccumulator("mfsweep runs failed");
    this.flops = sc.doubleAccumulator("mfsweep flops");
    this.budget = sc.doubleAccumulator("mfsweep worst-case flops done");
    this.total = total;
    this.totalBudget = totalBudget;
    this.terminal = terminal;
    this.term = term;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "mfsweep-progress");
      t.setDaemon(true);
      return t;
    });
    long period = terminal ? 1 : intervalSeconds;
    timer.scheduleAtFixedRate(this::report, period, period, TimeUnit.SECONDS);
  }

  /** "runs 120/1500 (8.0%) · 12.3 runs/s · 0 failed · ETA 1m52s". */
  String line() {
    long done = Math.min(runs.value(), total);
    double seconds = (System.nanoTime() - start) * 1e-9;
    String eta = "ETA …";
    double spent = flops.value();
    double used = budget.value();
    if (done >= total) {
      eta = "all computed";
    } else if (done > 0 && spent > 0 && used > 0) {
      double remaining = Math.max(0, totalBudget - used) * (spent / used);
      eta = "ETA " + duration(remaining / (spent / seconds));
    }
    return String.format(Locale.ROOT, "runs %d/%d (%.1f%%) · %.1f runs/s · %d failed · %s", done, total,
        total == 0 ? 100.0 : 100.0 * done / total, done / Math.max(seconds, 1e-9), failed.value(), eta);
  }

  private synchronized void report() {
    String now = line();
    if (terminal) {
      String pad = " ".repeat(Math.max(0, last.length() - now.length()));
      term.print("\r" + now + pad);
      term.flush();
    } else if (!now.equals(last)) {
      log.info(now);
    }
    last = now;
  }

  @Override public synchronized void close() {
    timer.shutdownNow();
    String now = line();
    if (terminal) {
      String pad = " ".repeat(Math.max(0, last.length() - now.length()));
      term.println("\r" + now + pad);
      term.flush();
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
}
