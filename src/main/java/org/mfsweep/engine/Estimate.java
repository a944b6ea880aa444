package org.mfsweep.engine;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mfsweep.optim.TraceSchedule;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.spec.RunSettings;
import org.mfsweep.spec.RunSpec;
import org.mfsweep.sweep.SweepSpec;

/**
 * A sweep's worst-case wall time: every run to its max-iterations, at the {@link Calibration}'s
 * costs, on the task slots as the engine schedules them. Wave by wave (waves of
 * {@code engine.wave-runs} runs, each a barrier): the references of the wave's new problems, one
 * task each, then the wave's {@link Plan} tasks in its longest-first order, each task (build + its
 * runs) going to the slot that frees first, as Spark hands out partitions; the wave's time is the
 * last slot's end. Then
 * <pre>  worst = k·s·(start + Σ_waves commit) / S + Σ_waves k·s·(references + tasks),</pre>
 * with s = {@link #SAFETY} and k the contention of a shared machine: with S slots on C cores and a
 * load average L of runnable threads already there, each slot gets a core's share C / (L + S) at
 * worst, so k = max(1, (L + S) / C). The calibration's CPU seconds do not depend on the load; k
 * turns them into wall seconds at the load measured now, and s covers what the calibration does not
 * see: two slots sharing caches and memory bandwidth, garbage collection, the load rising by half
 * again during the sweep, flow steps rejected more often later in a run. Gradient descent's batching
 * of runs only makes runs cheaper than timed alone. Spark's start and each wave's jobs and commit
 * are allowances of CPU seconds ({@link #START_CPU_SECONDS}, {@link #FIRST_WAVE_CPU_SECONDS},
 * {@link #WAVE_CPU_SECONDS}, {@link #ROW_CPU_SECONDS}), measured on a 2-core machine with margin, not
 * calibrated (planning starts no Spark); they count k·s·allowance / S, as Spark spreads them over the
 * slots' threads. On a machine at load 25 on 2 cores CPU seconds themselves grew by half (the bench's
 * tiny sweep: 29 and 48 process CPU seconds in two invocations), which s also has to cover.
 *
 * @param seconds the worst case, wall seconds
 * @param compute of which the references and tasks on the slots (after k and s)
 * @param slots task slots simulated
 * @param cores cores of the machine the slots share (0 when not this machine's)
 * @param load the load average used (NaN when not this machine's)
 * @param contention k
 * @param waves waves simulated
 */
public record Estimate(double seconds, double compute, int slots, int cores, double load, double contention,
                       int waves, int runs, Calibration calibration) {
  /** The safety factor s. */
  public static final double SAFETY = 1.5;
  /** Allowance for Spark's start (session, executors), CPU seconds: 7.4 measured in a fresh JVM on 2 cores. */
  public static final double START_CPU_SECONDS = 10;
  /**
   * Allowance for what the first wave adds in a fresh JVM (Spark SQL's and Parquet's classes, code
   * generation), CPU seconds: the tiny bench sweep spent 20 CPU seconds outside its runs, 9 of them
   * in a warm JVM.
   */
  public static final double FIRST_WAVE_CPU_SECONDS = 15;
  /** Allowance for each wave's Spark jobs, commit and manifest, CPU seconds (9 measured, warm JVM). */
  public static final double WAVE_CPU_SECONDS = 12;
  /** Allowance per trace or runs row (serialised, cached, written to Parquet), CPU seconds. */
  public static final double ROW_CPU_SECONDS = 50e-6;

  /** Where the slots run: their number, and the cores and load of this machine when they share it. */
  public record Slots(int slots, int cores, double load) {
    /** k = max(1, (L + S) / C); 1 when the slots are not on this machine (cores = 0). */
    public double contention() {
      return cores <= 0 ? 1 : Math.max(1, (load + slots) / cores);
    }

    /** Slots of this machine's cores (as local[N] gives), at its current load. */
    public static Slots local(int slots) {
      return new Slots(slots, Runtime.getRuntime().availableProcessors(), loadNow());
    }

    /**
     * The slots a Spark master gives, before Spark starts: local[N] (N), local[*] (the cores),
     * local-cluster[W,C,M] (W·C); for a cluster master spark.cores.max when set, else this machine's
     * cores. Contention counts when the slots are on this machine (local modes, a master on
     * 127.0.0.1 or localhost).
     */
    public static Slots forMaster(String master, String coresMax) {
      int cores = Runtime.getRuntime().availableProcessors();
      String m = master == null ? "local[*]" : master.trim();
      Matcher local = Pattern.compile("local(?:\\[(\\*|\\d+)(?:,\\s*\\d+)?\\])?").matcher(m);
      if (local.matches()) {
        String n = local.group(1);
        int slots = n == null ? 1 : "*".equals(n) ? cores : Math.max(1, Integer.parseInt(n));
        return new Slots(slots, cores, loadNow());
      }
      Matcher lc = Pattern.compile("local-cluster\\[\\s*(\\d+)\\s*,\\s*(\\d+)\\s*,.*\\]").matcher(m);
      if (lc.matches()) {
        return new Slots(Math.max(1, Integer.parseInt(lc.group(1)) * Integer.parseInt(lc.group(2))), cores,
            loadNow());
      }
      int slots = cores;
      if (coresMax != null && coresMax.trim().matches("\\d+")) {
        slots = Math.max(1, Integer.parseInt(coresMax.trim()));
      }
      boolean here = m.matches("spark://(127\\.0\\.0\\.1|localhost)(:\\d+)?");
      return here ? new Slots(slots, cores, loadNow()) : new Slots(slots, 0, Double.NaN);
    }

    /** The 1-minute load average, or the cores (a busy machine) where the system does not say. */
    static double loadNow() {
      double l = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
      return l >= 0 ? l : Runtime.getRuntime().availableProcessors();
    }
  }

  /** Calibrates the runs and estimates them on the slots. */
  public static Estimate of(SweepSpec sweep, List<RunSpec> runs, Slots slots) {
    return of(sweep, runs, slots, Calibration.measure(sweep, runs));
  }

  /**
   * Calibrates the sweep's runs and estimates them on the slots, streamed from its problems and cut
   * into the waves the engine makes ({@code engine.wave-runs} runs or {@code engine.wave-seconds}
   * of worst-case work, whichever comes first, as {@link SweepRunner} cuts them): one wave's runs are
   * held at a time.
   */
  public static Estimate of(SweepSpec sweep, Slots slots) {
    Calibration cal = Calibration.measure(sweep);
    Waves waves = new Waves(sweep, RunIds.EMPTY, RunIds.EMPTY, sweep.engine().waveRuns(),
        sweep.engine().waveSeconds() * FlopRate.measure() * Math.max(1, slots.slots()));
    return of(sweep, waves, waves.waves(), waves.count(), slots, cal);
  }

  /** Estimates the runs on the slots at the calibration's costs, in waves of engine.wave-runs runs. */
  public static Estimate of(SweepSpec sweep, List<RunSpec> runs, Slots slots, Calibration cal) {
    int waveRuns = sweep.engine().waveRuns();
    int waves = (runs.size() + waveRuns - 1) / waveRuns;
    List<List<RunSpec>> cut = new ArrayList<>(waves);
    for (int w = 0; w < waves; w++) {
      cut.add(runs.subList(w * waveRuns, Math.min(runs.size(), (w + 1) * waveRuns)));
    }
    return of(sweep, cut, waves, runs.size(), slots, cal);
  }

  private static Estimate of(SweepSpec sweep, Iterable<List<RunSpec>> cut, int waves, int runs, Slots slots,
                             Calibration cal) {
    double k = slots.contention();
    double compute = 0;
    double overhead = runs == 0 ? 0 : START_CPU_SECONDS + FIRST_WAVE_CPU_SECONDS;
    Set<ProblemSpec> known = new HashSet<>();
    for (List<RunSpec> wave : cut) {
      List<Double> references = new ArrayList<>();
      long rows = 0;
      ProblemSpec lastProblem = null; // a wave's runs come problem by problem: hash each problem once
      RunSettings lastSettings = null;
      int lastTraceRows = 0;
      for (RunSpec r : wave) {
        if (r.problem() != lastProblem) {
          lastProblem = r.problem();
          if (sweep.reference().enabled() && known.add(r.problem())) {
            references.add(cal.referenceSeconds(r));
          }
        }
        if (r.settings() != lastSettings) {
          lastSettings = r.settings();
          lastTraceRows = traceRows(r);
        }
        rows += 1 + lastTraceRows;
      }
      Plan plan = Plan.of(sweep.withRuns(wave), slots.slots());
      List<Double> tasks = new ArrayList<>(plan.tasks().size());
      for (Task t : plan.tasks()) {
        tasks.add(taskSeconds(t, cal));
      }
      compute += k * SAFETY * (makespan(references, slots.slots()) + makespan(tasks, slots.slots()));
      overhead += WAVE_CPU_SECONDS + rows * ROW_CPU_SECONDS;
    }
    // the driver's and Spark's own work, spread at best over the slots' threads, at the same contention
    double rest = k * SAFETY * overhead / slots.slots();
    return new Estimate(compute + rest, compute, slots.slots(), slots.cores(), slots.load(), k, waves, runs, cal);
  }

  /** Seconds of a task: its problem's build and each run to its max-iterations, one after the other. */
  public static double taskSeconds(Task t, Calibration cal) {
    double s = cal.buildSeconds(t.problem(), t.runs().get(0));
    for (RunSpec r : t.runs()) {
      s += cal.runSeconds(r);
    }
    return s;
  }

  /** Trace points a run records at most: the trace schedule to max-iterations, and the last. */
  static int traceRows(RunSpec r) {
    return TraceSchedule.iterations(r.settings().traceGrowth(), r.settings().maxIterations()).length + 1;
  }

  /**
   * The end of the last slot when tasks of these seconds are handed out in this order, each to the
   * slot that frees first (all free at 0).
   */
  public static double makespan(List<Double> seconds, int slots) {
    if (slots < 1) {
      throw new IllegalArgumentException("need at least one slot, got " + slots);
    }
    PriorityQueue<Double> free = new PriorityQueue<>();
    for (int i = 0; i < slots; i++) {
      free.add(0.0);
    }
    double end = 0;
    for (double s : seconds) {
      double t = free.poll() + s;
      free.add(t);
      end = Math.max(end, t);
    }
    return end;
  }

  /** What plan and run print: the worst case and how it was obtained. */
  public void describe(PrintWriter out) {
    out.printf(Locale.ROOT, "worst case (every run to max-iterations): %s on %d task slot(s)%n", duration(seconds),
        slots);
    out.printf(Locale.ROOT, "  = %s of references and tasks on the slots + %s of Spark start, %d wave commit(s) "
            + "and rows%n", duration(compute), duration(seconds - compute), waves);
    out.printf(Locale.ROOT, "  calibrated just now in %.1f s (timed iterations capped at %.0f s) on %d class(es) of "
        + "runs; safety factor %.1f", calibration.seconds(), calibration.budget(), calibration.classes().size(), SAFETY);
    if (cores > 0) {
      out.printf(Locale.ROOT, "; load %.1f on %d cores: contention ×%.2f%n", load, cores, contention);
    } else {
      out.printf(Locale.ROOT, "; slots not on this machine: no contention factor, executors assumed as fast as "
          + "this one%n");
    }
    out.printf(Locale.ROOT, "  %-44s %6s %12s %12s %10s %10s%n", "class", "runs", "µs/iter", "ms/run fixed",
        "ms/build", "s/ref");
    for (Calibration.ClassCost c : calibration.classes()) {
      if (c.members().isEmpty()) {
        out.printf(Locale.ROOT, "  %-44s %6d  not timed, counted as 0: %s%n", c.key(), c.runs(), c.failure());
        continue;
      }
      Calibration.Member hi = c.members().get(c.members().size() - 1);
      out.printf(Locale.ROOT, "  %-44s %6d %12.3g %12.3g %10.3g %10.3g%n", c.key(), c.runs(),
          hi.perIteration() * 1e6, hi.fixed() * 1e3, hi.build() * 1e3, c.reference());
    }
  }

  /** Seconds as "12.3 s", "4.5 min" or "2.1 h". */
  public static String duration(double seconds) {
    if (seconds < 120) {
      return String.format(Locale.ROOT, "%.1f s", seconds);
    }
    if (seconds < 7200) {
      return String.format(Locale.ROOT, "%.1f min", seconds / 60);
    }
    return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
  }
}
