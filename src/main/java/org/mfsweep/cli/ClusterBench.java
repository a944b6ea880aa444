package org.mfsweep.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code bench --cases cluster}: the same 256-run sweep on a standalone cluster on 127.0.0.1 with 1
 * worker × 1 core and with 2 workers × 1 core, each cluster started for its sweep by
 * {@code ./submit.sh cluster start} in a folder of its own and stopped after it; speed-up = wall(1) /
 * wall(2). Each sweep is submitted as a user submits it, {@code ./submit.sh --master URL run}, in a
 * driver JVM of its own (so neither side inherits a warm driver), and its wall time runs from that
 * command's start to its exit: driver JVM start, executors' start, references, runs, commit,
 * manifest and Spark's stop; the cluster's start and stop are outside it. {@link ClusterEvents},
 * a listener in that driver, writes Spark's events, which {@link Split#parse} turns into the split. Every cluster is stopped and every folder removed on the way out, on failure and
 * on Ctrl-C too (a shutdown hook).
 */
final class ClusterBench {
  /** The local property SweepRunner sets on a wave's compute job (engine.Progress.COMPUTE). */
  static final String COMPUTE_PROPERTY = "mfsweep.compute";

  private ClusterBench() {}

  /** The sweep file: 256 sensing runs that all run to max-iterations (tolerance 0). */
  static String sweepFile(String output, int n, int problems, int iterations) {
    int alphas = 256 / problems;
    return """
        # 256 runs: sensing n = %d, %d problems × %d start scales, every run to max-iterations
        name = bench-cluster
        output = "%s"
        grid {
          kind = sensing
          n = %d
          m = "3*n*rank"
          rank = 2
          alpha = {from = 1e-6, to = 1e-2, steps = %d, scale = log}
          eta = 0.25
          seed = {from = 1, to = %d, steps = %d, scale = linear}
        }
        run { max-iterations = %d, tolerance = 0 }
        engine { progress-interval = 3600 }
        """.formatted(n, problems, alphas, output, n, alphas, problems, problems, iterations);
  }

  static void run(PrintWriter out, List<String> table, int repeats, int n, int problems, int iterations)
      throws IOException, InterruptedException {
    Path root = projectRoot();
    if (root == null) {
      throw new IllegalStateException("bench cluster: no submit.sh in a folder above the jar; run it from the "
          + "project through ./submit.sh bench");
    }
    Path dir = Files.createTempDirectory("mfsweep-bench-cluster");
    Cleanup cleanup = new Cleanup(root, dir);
    Thread hook = new Thread(cleanup::run, "mfsweep-bench-cluster-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
    out.printf(Locale.ROOT, "cluster: 256 sensing runs (n = %d, %d problems, %d iterations each, tolerance 0) on a "
        + "standalone cluster on 127.0.0.1, 1 worker × 1 core then 2 workers × 1 core, %d time(s) each%n", n, problems,
        iterations, repeats);
    out.println("  wall = from `./submit.sh --master URL run` to its exit: driver JVM start, executor start, "
        + "references, runs, commit, manifest, Spark stop; the cluster's own start and stop are outside it");
    out.flush();
    List<Double> one = new ArrayList<>();
    List<Double> two = new ArrayList<>();
    // reads the runs' own seconds back from each output, between the measurements
    SparkSession local = SparkSession.builder().master("local[1]").appName("mfsweep-bench-cluster-reader")
        .config("spark.ui.enabled", "false").getOrCreate();
    try {
      for (int r = 0; r < repeats; r++) {
        for (int workers = 1; workers <= 2; workers++) {
          Split s = once(out, local, root, dir, cleanup, workers, r, n, problems, iterations);
          (workers == 1 ? one : two).add(s.wall());
        }
      }
    } finally {
      local.stop();
      cleanup.run();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or ran: nothing left to remove
      }
    }
    table.add(String.format(Locale.ROOT, "%-44s %s", "cluster 256 runs, 1 vs 2 workers × 1 core",
        speedUp(one, two)));
  }

  /** "speed-up S× = best wall(1) / best wall(2)", with each side's spread when repeated. */
  static String speedUp(List<Double> one, List<Double> two) {
    double a = Collections.min(one);
    double b = Collections.min(two);
    String s = String.format(Locale.ROOT, "speed-up %.2f× = wall %.1f s (1 worker) / %.1f s (2 workers), best of %d",
        a / b, a, b, one.size());
    if (one.size() > 1) {
      List<Double> ratios = new ArrayList<>();
      for (int i = 0; i < Math.min(one.size(), two.size()); i++) {
        ratios.add(one.get(i) / two.get(i));
      }
      s += String.format(Locale.ROOT, "; pairs %.2f–%.2f×, wall(1) %.1f–%.1f s, wall(2) %.1f–%.1f s",
          Collections.min(ratios), Collections.max(ratios), a, Collections.max(one), b, Collections.max(two));
    }
    return s;
  }

  /**
   * Starts a cluster of the given workers, runs the sweep on it into a fresh output with
   * {@code ./submit.sh --master URL run} (a driver JVM of its own, as a user submits it), stops it.
   */
  private static Split once(PrintWriter out, SparkSession local, Path root, Path dir, Cleanup cleanup, int workers,
                            int repeat, int n, int problems, int iterations) throws IOException, InterruptedException {
    String tag = workers + "w-" + (repeat + 1);
    Path clusterDir = dir.resolve("cluster-" + tag);
    Path output = dir.resolve("out-" + tag);
    Path events = dir.resolve("events-" + tag + ".txt");
    Path conf = dir.resolve("cluster-" + tag + ".conf");
    Files.writeString(conf, sweepFile(output.toString(), n, problems, iterations));
    String before = uptime();
    cleanup.cluster(clusterDir);
    Split split;
    String started;
    try {
      started = script(root, clusterDir, "cluster", "start", "--workers", Integer.toString(workers), "--cores",
          "1", "--memory", "1g");
      String master = Files.readString(clusterDir.resolve("master-url")).trim();
      long submit = System.currentTimeMillis();
      String log = script(root, clusterDir, "--master", master, "--conf",
          "spark.extraListeners=" + ClusterEvents.class.getName(), "--conf", ClusterEvents.FILE + "=" + events,
          "run", conf.toString());
      long exit = System.currentTimeMillis();
      if (!log.contains("computed 256 runs {MAX_ITERATIONS=256}")) {
        throw new IllegalStateException("bench cluster: the sweep did not compute 256 runs to max-iterations:\n"
            + log);
      }
      Row sums = local.read().parquet(output.resolve("runs").toString()).selectExpr("sum(seconds)", "count(*)")
          .first();
      if (sums.getLong(1) != 256) {
        throw new IllegalStateException("bench cluster: " + sums.getLong(1) + " runs rows in " + output);
      }
      split = Split.parse(Files.readAllLines(events), submit, exit, sums.getDouble(0), workers);
    } finally {
      script(root, clusterDir, "cluster", "stop");
      cleanup.stopped(clusterDir);
      delete(output);
    }
    out.printf(Locale.ROOT, "  %d worker(s) × 1 core, repeat %d: %s%n    %s%n    load before: %s; after: %s%n",
        workers, repeat + 1, started.lines().findFirst().orElse("").trim(), split.describe(), before, uptime());
    if (System.getenv("MFSWEEP_BENCH_TIMELINE") != null) {
      out.println("    events:");
      Files.readAllLines(events).forEach(l -> out.println("      " + l));
    }
    out.flush();
    return split;
  }

  /**
   * Where a sweep's wall time went, in seconds from the submit (the start of {@code ./submit.sh run}).
   *
   * @param wall submit to the driver's exit
   * @param appStart when the Spark application started (driver JVM and SparkContext up)
   * @param firstExecutor, lastExecutor when the first and the last executor registered
   * @param computeStart, computeEnd the span of the compute job (every task of the wave)
   * @param appEnd when the application stopped (after the commit and the manifest)
   * @param before Spark task core-seconds of the jobs before the compute job (references, mostly)
   * @param computeBusy task core-seconds of the compute job; runs the sum of the runs' own seconds
   * @param after task core-seconds of the jobs after the compute job (the commit's)
   * @param slots task slots (one per worker here)
   */
  record Split(double wall, double appStart, double firstExecutor, double lastExecutor, double computeStart,
               double computeEnd, double appEnd, double before, double computeBusy, double runs, double after,
               int computeTasks, int jobsAfter, int slots) {
    /** The compute job's core-seconds in which a slot had no task: the tail and the late executor. */
    double idle() {
      return (computeEnd - computeStart) * slots - computeBusy;
    }

    String describe() {
      return String.format(Locale.ROOT, "wall %.1f s = driver start %.1f + executors registered at +%.1f (first), "
              + "+%.1f (last) + until the compute job %.1f (planning, references: %.1f task core-s) + compute job "
              + "%.1f (%d tasks, busy %.1f of %.1f core-s: runs %.1f, builds and task overhead %.1f, idle %.1f) + "
              + "commit and manifest %.1f (%d jobs, %.1f task core-s) + stop %.1f", wall, appStart,
          firstExecutor - appStart, lastExecutor - appStart, computeStart - firstExecutor, before,
          computeEnd - computeStart, computeTasks, computeBusy, (computeEnd - computeStart) * slots, runs,
          computeBusy - runs, idle(), appEnd - computeEnd, jobsAfter, after, wall - appEnd);
    }

    /**
     * The split from {@link ClusterEvents}' lines of one one-wave sweep: the compute job is the one
     * SweepRunner marks; the jobs that started before it count as before, the others as after.
     *
     * @throws IllegalArgumentException on a line it cannot read, or without an application start,
     *     an executor, a compute job or an application end
     */
    static Split parse(List<String> lines, long submit, long exit, double runSeconds, int slots) {
      long appStart = -1;
      long appEnd = -1;
      List<Long> executors = new ArrayList<>();
      Map<Long, long[]> jobs = new HashMap<>(); // id → start, end, compute
      Map<Long, Long> stageJob = new HashMap<>();
      List<long[]> tasks = new ArrayList<>();
      for (String line : lines) {
        String[] f = line.trim().split(" ");
        try {
          switch (f[0]) {
            case "app-start" -> appStart = Long.parseLong(f[1]);
            case "app-end" -> appEnd = Long.parseLong(f[1]);
            case "executor" -> executors.add(Long.parseLong(f[1]));
            case "job" -> {
              long id = Long.parseLong(f[1]);
              jobs.put(id, new long[] {Long.parseLong(f[2]), Long.MAX_VALUE, Long.parseLong(f[3])});
              for (int i = 4; i < f.length; i++) {
                stageJob.put(Long.parseLong(f[i]), id);
              }
            }
            case "job-end" -> {
              long[] j = jobs.get(Long.parseLong(f[1]));
              if (j == null) {
                throw new IllegalArgumentException("the end of a job that did not start");
              }
              j[1] = Long.parseLong(f[2]);
            }
            case "task" -> tasks.add(new long[] {Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])});
            default -> throw new IllegalArgumentException("unknown event " + f[0]);
          }
        } catch (RuntimeException e) {
          throw new IllegalArgumentException("bench cluster: cannot read the event line '" + line + "': " + e, e);
        }
      }
      long computeStart = Long.MAX_VALUE;
      long computeEnd = Long.MIN_VALUE;
      for (long[] j : jobs.values()) {
        if (j[2] == 1) {
          computeStart = Math.min(computeStart, j[0]);
          computeEnd = Math.max(computeEnd, j[1]);
        }
      }
      if (appStart < 0 || appEnd < 0 || executors.isEmpty() || computeStart == Long.MAX_VALUE
          || computeEnd == Long.MAX_VALUE) {
        throw new IllegalArgumentException("bench cluster: the events lack the application's start or end, an "
            + "executor or a finished compute job (" + lines.size() + " lines)");
      }
      double before = 0;
      double busy = 0;
      double after = 0;
      int computeTasks = 0;
      for (long[] t : tasks) {
        long[] j = jobs.get(stageJob.get(t[0]));
        double seconds = (t[2] - t[1]) / 1e3;
        if (j == null) {
          continue; // a stage of no recorded job (none in one wave)
        } else if (j[2] == 1) {
          busy += seconds;
          computeTasks++;
        } else if (j[0] < computeStart) {
          before += seconds;
        } else {
          after += seconds;
        }
      }
      int jobsAfter = 0;
      for (long[] j : jobs.values()) {
        jobsAfter += j[2] == 0 && j[0] >= computeStart ? 1 : 0;
      }
      Collections.sort(executors);
      return new Split((exit - submit) / 1e3, (appStart - submit) / 1e3, (executors.get(0) - submit) / 1e3,
          (executors.get(executors.size() - 1) - submit) / 1e3, (computeStart - submit) / 1e3,
          (computeEnd - submit) / 1e3, (appEnd - submit) / 1e3, before, busy, runSeconds, after, computeTasks,
          jobsAfter, slots);
    }
  }

  /** Stops the clusters still running and removes the bench's folder; safe to call twice, from a hook too. */
  private static final class Cleanup {
    private final Path root;
    private final Path dir;
    private final List<Path> running = Collections.synchronizedList(new ArrayList<>());
    private boolean done;

    Cleanup(Path root, Path dir) {
      this.root = root;
      this.dir = dir;
    }

    void cluster(Path clusterDir) {
      running.add(clusterDir);
    }

    void stopped(Path clusterDir) {
      running.remove(clusterDir);
    }

    synchronized void run() {
      if (done) {
        return;
      }
      done = true;
      Process child = current;
      if (child != null && child.isAlive()) { // a driver or a cluster start of ours still running (Ctrl-C)
        child.destroy();
        try {
          if (!child.waitFor(20, TimeUnit.SECONDS)) {
            child.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      for (Path c : new ArrayList<>(running)) {
        try {
          script(root, c, "cluster", "stop");
        } catch (IOException | InterruptedException | RuntimeException e) {
          System.err.println("bench cluster: could not stop the cluster of " + c + ": " + e);
        }
      }
      try {
        delete(dir);
      } catch (IOException e) {
        System.err.println("bench cluster: could not remove " + dir + ": " + e);
      }
    }
  }

  /** The ./submit.sh child running now, for the shutdown hook to stop first. */
  private static volatile Process current;

  /** ./submit.sh ARGS with the cluster's folder; its output, or an exception with it when it fails. */
  private static String script(Path root, Path clusterDir, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(root.resolve("submit.sh").toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true);
    pb.environment().put("MFSWEEP_CLUSTER_DIR", clusterDir.toString());
    Process p = pb.start();
    if (!"stop".equals(args[args.length - 1])) {
      current = p;
    }
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
      p.destroy();
      throw new IllegalStateException("bench cluster: " + String.join(" ", args) + " failed:\n" + text);
    }
    return text;
  }

  /** uptime's load averages, for the record of a measurement on a shared machine. */
  private static String uptime() {
    try {
      String s = Files.readString(Path.of("/proc/loadavg")).trim();
      String[] f = s.split("\\s+");
      return "load average " + f[0] + ", " + f[1] + ", " + f[2];
    } catch (IOException | RuntimeException e) {
      return "load average unknown";
    }
  }

  private static void delete(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> files = Files.walk(p)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  /** The folder of submit.sh above the running jar (target/mfsweep.jar sits in the project). */
  static Path projectRoot() {
    try {
      Path d = Path.of(ClusterBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      for (; d != null; d = d.getParent()) {
        if (Files.isRegularFile(d.resolve("submit.sh"))) {
          return d;
        }
      }
    } catch (java.net.URISyntaxException | RuntimeException e) {
      return null;
    }
    return null;
  }
}
