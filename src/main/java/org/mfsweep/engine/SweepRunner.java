package org.mfsweep.engine;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.DoubleAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.mfsweep.spec.BuildInfo;
import org.mfsweep.linalg.Netlib;
import org.mfsweep.spec.Status;
import org.mfsweep.results.ProblemsTable;
import org.mfsweep.results.Tables;
import org.mfsweep.reference.References;
import org.mfsweep.spec.ObservedData;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.spec.ReferenceSettings;
import org.mfsweep.spec.RunSpec;
import org.mfsweep.spec.ReferenceResult;
import org.mfsweep.sweep.SweepSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Spark driver of a sweep. It plans the runs whose run_id is not yet in the output, computes
 * them in waves of at most {@code engine.wave-runs} runs (one Spark job each, one Spark task per
 * {@link Task}), and commits each wave's rows through {@link OutputStore}. Executors do all
 * numeric work; the driver plans, commits, reports progress and keeps the manifest.
 */
public final class SweepRunner {
  private static final Logger log = LoggerFactory.getLogger(SweepRunner.class);

  private final SparkSession spark;
  private final PrintStream terminal;

  /** Progress goes to stderr, redrawn in place when stderr is a terminal. */
  public SweepRunner(SparkSession spark) {
    this(spark, System.console() != null ? System.err : null);
  }

  /** @param terminal where to redraw a progress line, or null to log progress lines instead */
  public SweepRunner(SparkSession spark, PrintStream terminal) {
    this.spark = spark;
    this.terminal = terminal;
  }

  /**
   * What an attempt did.
   *
   * @param runs runs the sweep plans
   * @param alreadyPresent planned runs found in the output before this attempt (not recomputed)
   * @param computed runs this attempt computed
   * @param byStatus statuses of the runs this attempt computed
   */
  /**
   * @param problemBuilds problem builds of this attempt's tasks (reference and run tasks)
   * @param problemReuses times a task took its problem from its executor's {@link ProblemCache} instead
   * @param buildSeconds wall seconds the tasks spent building problems, summed over tasks
   */
  public record Summary(String output, int runs, int alreadyPresent, int computed, Map<String, Integer> byStatus,
                        double seconds, List<String> executorBlas, int problemBuilds, int problemReuses,
                        double buildSeconds) {
    public int failed() {
      return byStatus.getOrDefault(Status.FAILED.name(), 0);
    }
  }

  /**
   * Runs every planned run not yet in the output and commits the results.
   *
   * @throws OutputException when the output cannot take this sweep (not a folder, not writable,
   *     tables of another schema, or another mfsweep writing to it)
   */
  public Summary run(SweepSpec sweep, PrintWriter out) {
    return run(sweep, out, RunOptions.DEFAULT);
  }

  /** Like {@link #run(SweepSpec, PrintWriter)}, with the given options. */
  public Summary run(SweepSpec sweep, PrintWriter out, RunOptions options) {
    try (OutputLock lock = OutputLock.acquire(sweep.output(), spark.sparkContext().hadoopConfiguration())) {
      return run(sweep, out, lock, options);
    }
  }

  /**
   * Runs the sweep into the output whose lock the caller took (before Spark started); releases it.
   *
   * @throws SetupException when a problem of the sweep cannot fit one task's memory
   * @throws Interrupted when the JVM is shutting down (SIGINT, SIGTERM): the attempt is recorded as
   *     interrupted and the lock released
   */
  public Summary run(SweepSpec sweep, PrintWriter out, OutputLock lock, RunOptions options) {
    Instant started = Instant.now();
    Interruption interruption = Interruption.install(spark.sparkContext());
    try {
      checkMemory(sweep);
      awaitExecutors(out);
      OutputStore store = OutputStore.open(spark, lock);
      return run(sweep, out, store, started, options, interruption, lock);
    } finally {
      if (interruption.requested()) {
        interruption.recordNow(); // an attempt still "running" (stopped outside a wave) is recorded as interrupted
      }
      lock.close();
      interruption.close(); // also tells a waiting shutdown hook that the attempt is recorded
    }
  }

  /** Rethrows t as it is, checked or not (Spark's checked exceptions pass through Java undeclared). */
  @SuppressWarnings("unchecked")
  private static <T extends Throwable> RuntimeException rethrow(Throwable t) throws T {
    throw (T) t;
  }

  /** The JVM is shutting down: the sweep stopped, the attempt is recorded as interrupted. */
  public static final class Interrupted extends RuntimeException {
    Interrupted(String message) {
      super(message);
    }
  }

  /**
   * Trace rows of a wave below which one task per table writes all its folders rather than a
   * shuffle into one task per folder. One-folder waves were always written by one task, up to the
   * 600 000 trace rows of a 10⁵-run wave of jobs/tiny-million.conf; this bound keeps waves of that
   * size on the same path whatever their folders, and leaves larger ones the parallel write. The
   * per-row write time behind it was not measured on its own (BENCHMARKS.md, "The commit").
   */
  static final long ONE_WRITER_ROWS = 500_000;

  /** Refuses, before any work, a sweep whose largest problem needs more memory than a task has. */
  private void checkMemory(SweepSpec sweep) {
    org.apache.spark.SparkContext sc = spark.sparkContext();
    if (sc.isLocal()) {
      long heap = Runtime.getRuntime().maxMemory();
      int slots = sc.defaultParallelism();
      ProblemSize.check(sweep, Math.max(0, heap - ProblemSize.SPARK_RESERVED) / (double) slots,
          String.format(java.util.Locale.ROOT, "local mode: driver heap %s over %d task slots",
              ProblemSize.bytes(heap), slots));
    } else {
      long heap = (long) sc.executorMemory() << 20;
      int cores = sc.getConf().getInt("spark.executor.cores", 1);
      int perTask = sc.getConf().getInt("spark.task.cpus", 1);
      int slots = Math.max(1, cores / Math.max(1, perTask));
      ProblemSize.check(sweep, Math.max(0, heap - ProblemSize.SPARK_RESERVED) / (double) slots,
          String.format(java.util.Locale.ROOT, "executor memory %s over %d task slot(s) per executor",
              ProblemSize.bytes(heap), slots));
    }
  }

  private Summary run(SweepSpec sweep, PrintWriter out, OutputStore store, Instant started, RunOptions options,
                      Interruption interruption, OutputLock lock) {
    String attemptId = started.toString().replaceAll("[^0-9]", "").substring(0, 14);
    // an unreadable manifest is refused before anything changes
    List<Map<String, Object>> attempts = store.previousAttempts();
    int recovered = store.recover();
    List<String> quarantined = store.checkReadable(options.repair(), attemptId);
    int dropped = options.repair() ? store.dropOrphans(attemptId + "-repair") : 0;
    store.checkSchema();
    store.checkGenerator(sweep.generator(), sweep.source());
    RunIds existing = store.existingRunIds();
    RunIds failedBefore = options.retryFailed() ? store.failedRunIds() : RunIds.EMPTY;
    int slots = spark.sparkContext().defaultParallelism();
    double rate = FlopRate.measure();
    int waveRuns = sweep.engine().waveRuns();
    Waves todo = new Waves(sweep, existing, failedBefore, waveRuns,
        sweep.engine().waveSeconds() * rate * Math.max(1, slots));
    existing = null; // only the first pass needs them
    int retried = todo.retried();
    int planned = sweep.runCount();
    int present = planned - todo.count();

    Netlib.Implementation blas = Netlib.implementation();
    log.info("driver BLAS/LAPACK: {}", blas.summary());
    if (!blas.isNative()) {
      log.warn(blas.warning());
    }
    // we hold the lock: an attempt still "running" belongs to a process that is gone
    for (Map<String, Object> a : attempts) {
      if ("running".equals(a.get("status"))) {
        a.put("status", "crashed");
        log.info("attempt {} of {} ended without recording it (its process is gone): marked crashed",
            a.get("attempt"), a.getOrDefault("pid", "an earlier process"));
      }
    }
    Map<String, Object> attempt = new LinkedHashMap<>();
    attempt.put("attempt", attempts.size() + 1);
    attempt.put("name", sweep.name());
    attempt.put("source", sweep.source());
    attempt.put("output", store.root().toString());
    attempt.put("status", "running");
    attempt.put("pid", OutputLock.me());
    attempt.put("mfsweep_version", BuildInfo.version());
    attempt.put("git_commit", BuildInfo.gitCommit());
    attempt.put("generator", sweep.generator().configName());
    attempt.put("spark_version", spark.version());
    attempt.put("java_version", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
    attempt.put("master", spark.sparkContext().master());
    attempt.put("app_id", spark.sparkContext().applicationId());
    attempt.put("driver_blas", blasFields(blas));
    attempt.put("options", Map.of("retry_failed", options.retryFailed(), "repair", options.repair()));
    Map<String, Object> plannedFields = new LinkedHashMap<>();
    plannedFields.put("runs", planned);
    plannedFields.put("problems", sweep.problemCount());
    plannedFields.put("already_present", present);
    plannedFields.put("to_compute", todo.count());
    plannedFields.put("failed_to_retry", retried);
    plannedFields.put("duplicates_merged", sweep.duplicatesMerged());
    plannedFields.put("waves_recovered", recovered);
    attempt.put("planned", plannedFields);
    if (options.repair()) {
      attempt.put("repair", Map.of("quarantined", quarantined, "runs_dropped", dropped));
    }
    attempt.put("started", started.toString());
    attempt.put("config", com.typesafe.config.ConfigFactory.parseString(sweep.resolvedJson()).root().unwrapped());
    attempts.add(attempt);
    writeManifest(store, attempts);
    // should the sweep thread not answer a shutdown in time, the hook records the attempt itself
    interruption.onTimeout(() -> {
      synchronized (attempt) {
        if ("running".equals(attempt.get("status"))) {
          attempt.put("status", "interrupted");
          attempt.put("signal", Interruption.cause());
          attempt.put("finished", Instant.now().toString());
          writeManifest(store, attempts);
        }
      }
      lock.close();
    });

    if (!quarantined.isEmpty()) {
      out.printf("  moved %d unreadable file(s) to %s/%s/%s: %s%n", quarantined.size(), store.root(),
          OutputStore.QUARANTINE, attemptId, String.join(", ", quarantined));
    }
    if (dropped > 0) {
      out.printf("  removed the rows of %d run(s) that lost their runs row, traces or problem: computing them "
          + "again%n", dropped);
    }
    if (todo.count() == 0) {
      out.printf("mfsweep %s: all %d planned runs are already in %s; nothing to do%s%n", sweep.name(),
          planned, store.root(), options.retryFailed() ? " (none FAILED)" : "");
      out.flush();
      return finish(store, attempts, attempt, started, planned, present, 0, new TreeMap<>(), Set.of(),
          true, new double[3]);
    }

    int waves = todo.waves();
    out.printf("mfsweep %s: %d runs on %d problems, master %s (%d task slots)%n", sweep.name(), planned,
        sweep.problemCount(), spark.sparkContext().master(), slots);
    if (present > 0) {
      out.printf("  %d runs are already in %s: computing the other %d%n", present, store.root(), todo.count());
    }
    if (retried > 0) {
      out.printf("  %d of them FAILED before: computing them again, their rows replaced in the same commit%n",
          retried);
    }
    if (recovered > 0) {
      out.printf("  finished committing %d wave(s) an interrupted attempt had written%n", recovered);
    }
    out.printf("  %d wave(s) of at most %d runs or %d s of worst-case work; results are committed after each wave%n",
        waves, waveRuns, sweep.engine().waveSeconds());
    if (spark.sparkContext().uiWebUrl().isDefined()) {
      out.println("  Spark UI: " + spark.sparkContext().uiWebUrl().get());
    }
    out.flush();

    Map<String, Integer> byStatus = new TreeMap<>();
    double[] builds = new double[3]; // builds, reuses, build seconds of every task of this attempt
    TreeSet<String> executorBlas = new TreeSet<>();
    boolean allNative = true;
    int computed = 0;
    double budget = todo.budget();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Set<String> knownProblems = store.existingProblemIds();
    Broadcast<ObservedData> data = sweep.data() == null ? null : jsc.broadcast(sweep.data());
    java.util.Iterator<List<RunSpec>> nextWave = todo.iterator();
    try (Progress progress = new Progress(spark.sparkContext(), todo.count(), budget,
        sweep.engine().progressSeconds(), terminal != null, terminal)) {
      PrintWriter said = progress.around(out); // messages of the waves go around the progress line
      for (int w = 0; w < waves; w++) {
        if (interruption.requested()) {
          throw interrupted(store, attempts, attempt, computed, null);
        }
        List<RunSpec> wave = nextWave.next();
        String waveName = attemptId + "-w" + (w + 1);
        Set<String> replace = new java.util.HashSet<>();
        for (RunSpec r : wave) {
          if (todo.replaces(r)) {
            replace.add(r.runId());
          }
        }
        jsc.setJobGroup("mfsweep-" + sweep.name() + "-wave-" + (w + 1),
            "mfsweep " + sweep.name() + " wave " + (w + 1) + "/" + waves, false);
        List<Row> problemRows = new ArrayList<>();
        Broadcast<Map<String, TaskExecutor.Reference>> refs = null;
        JavaRDD<TaskOutput> outputs = null;
        try {
          progress.phase("references of wave " + (w + 1) + "/" + waves);
          refs = jsc.broadcast(references(jsc, sweep, wave, knownProblems, data, store, problemRows, said, builds));
          Broadcast<Map<String, TaskExecutor.Reference>> waveRefs = refs;
          Plan plan = Plan.of(sweep.withRuns(wave), slots, spark.sparkContext().isLocal());
          LongAccumulator runsDone = progress.runs;
          LongAccumulator failed = progress.failed;
          LongAccumulator traceRows = progress.traceRows;
          DoubleAccumulator flops = progress.flops;
          DoubleAccumulator worst = progress.budget;
          outputs = jsc.parallelize(plan.tasks(), Math.max(1, plan.tasks().size()))
              .map(task -> {
                TaskOutput o = TaskExecutor.execute(task, waveRefs.value().get(task.problem().id()),
                    data == null ? null : data.value());
                account(task, o, runsDone, failed, flops, worst);
                traceRows.add(o.traces().size());
                return o;
              })
              .persist(StorageLevel.MEMORY_AND_DISK());
          // computes every task once, in parallel; the commit below reads the cached rows
          progress.phase("computing wave " + (w + 1) + "/" + waves);
          long tracesBefore = progress.traceRowsDone();
          jsc.setLocalProperty(Progress.COMPUTE, waveName);
          List<TaskOutput> summaries;
          try {
            summaries = outputs.map(TaskOutput::summary).collect();
          } finally {
            jsc.setLocalProperty(Progress.COMPUTE, null);
          }
          progress.awaitCounted(computed + wave.size(), 2000);
          long folders = wave.stream().map(r -> r.problem().kind() + "/" + r.problem().n()).distinct().count();
          Map<String, JavaRDD<Row>> rows = new LinkedHashMap<>();
          // the commit reads the cached outputs in a few partitions per slot, not one Spark task per
          // compute task: a wave of 10⁵ tiny runs has thousands of tasks of a few runs each
          JavaRDD<TaskOutput> written = outputs.getNumPartitions() > slots * Plan.TASKS_PER_SLOT
              ? outputs.coalesce(slots * Plan.TASKS_PER_SLOT) : outputs;
          rows.put(Tables.TRACES, written.flatMap(o -> o.traces().iterator()));
          if (!problemRows.isEmpty()) {
            rows.put(Tables.PROBLEMS, jsc.parallelize(problemRows, 1));
          }
          rows.put(Tables.RUNS, written.flatMap(o -> o.runs().iterator()));
          progress.phase(String.format(java.util.Locale.ROOT, "committing wave %d/%d: %d runs, %d trace rows%s%s",
              w + 1, waves, wave.size(), progress.traceRowsDone() - tracesBefore,
              problemRows.isEmpty() ? "" : ", " + problemRows.size() + " problems",
              replace.isEmpty() ? "" : ", replacing " + replace.size() + " FAILED"));
          // a small wave is written by one task per table, whatever its folders (see ONE_WRITER_ROWS)
          long waveTraceRows = progress.traceRowsDone() - tracesBefore;
          store.commitWave(waveName, rows, waveTraceRows < ONE_WRITER_ROWS ? 1 : (int) folders, replace);
          progress.phase(null);
          for (TaskOutput t : summaries) {
            for (String st : t.statuses()) {
              byStatus.merge(st, 1, Integer::sum);
            }
            executorBlas.add(t.blas());
            allNative &= t.nativeBlas();
            builds[0] += t.problemsBuilt();
            builds[1] += t.problemsReused();
            builds[2] += t.problemsBuilt() > 0 ? t.problemSeconds() : 0;
          }
          computed += wave.size();
          log.info("wave {}/{} committed: {} runs; problems so far: {} built, {} reused", w + 1, waves, wave.size(),
              (long) builds[0], (long) builds[1]);
        } catch (Exception e) { // Spark's exceptions (a cancelled job) are checked ones that Scala does not declare
          if (interruption.requested()) {
            throw interrupted(store, attempts, attempt, computed, waveName);
          }
          synchronized (attempt) {
            attempt.put("status", "failed");
            attempt.put("error", String.valueOf(e.getMessage()));
            attempt.put("computed", computed);
            attempt.put("finished", Instant.now().toString());
            writeManifest(store, attempts);
          }
          throw SweepRunner.<RuntimeException>rethrow(e);
        } finally {
          if (outputs != null) {
            outputs.unpersist(false);
          }
          if (refs != null) {
            refs.destroy(false);
          }
        }
      }
    }
    if (!allNative) {
      log.warn("executors ran without native BLAS/LAPACK: {} (see the executor logs for why)", executorBlas);
    }
    Summary summary = finish(store, attempts, attempt, started, planned, present, computed, byStatus,
        executorBlas, allNative, builds);
    out.printf("done in %.1f s: computed %d runs %s", summary.seconds(), computed, byStatus);
    out.printf("; BLAS on executors: %s%nwrote %s/{%s,%s,%s,%s}%n", String.join("; ", executorBlas), store.root(),
        Tables.RUNS, Tables.TRACES, Tables.PROBLEMS, OutputStore.MANIFEST);
    out.flush();
    return summary;
  }

  /**
   * Records the attempt as interrupted: the wave in progress is abandoned (its staging folder
   * removed unless its renames had begun, which recovery then finishes).
   */
  private Interrupted interrupted(OutputStore store, List<Map<String, Object>> attempts, Map<String, Object> attempt,
                                  int computed, String waveName) {
    if (waveName != null) {
      store.discardStaged(waveName);
    }
    synchronized (attempt) {
      attempt.put("status", "interrupted");
      attempt.put("signal", Interruption.cause());
      attempt.put("computed", computed);
      attempt.put("finished", Instant.now().toString());
      writeManifest(store, attempts);
    }
    log.warn("{}: stopped after {} committed runs; the attempt is recorded as interrupted", Interruption.cause(),
        computed);
    return new Interrupted("interrupted (" + Interruption.cause() + ") after " + computed + " runs were committed");
  }

  /**
   * On a cluster, waits until an executor has registered, so that a master that refuses the
   * application (wrong secret, say) fails the sweep before anything is written.
   */
  private void awaitExecutors(PrintWriter out) {
    org.apache.spark.SparkContext sc = spark.sparkContext();
    if (sc.isLocal()) {
      return;
    }
    long start = System.nanoTime();
    boolean said = false;
    while (true) {
      try {
        if (!sc.isStopped() && sc.statusTracker().getExecutorInfos().length >= 2) { // the driver counts as one
          return;
        }
      } catch (IllegalStateException stopping) {
        // the context stopped between the two calls: reported below
      }
      if (sc.isStopped()) {
        throw new OutputException("the Spark application stopped before any executor registered: the master "
            + sc.master() + " refused it or went away (a cluster started with `./submit.sh cluster start` "
            + "needs its secret, which submit.sh passes unless --properties-file is given); nothing was written");
      }
      if (!said && System.nanoTime() - start > 5_000_000_000L) {
        out.println("  waiting for executors from " + sc.master() + " …");
        out.flush();
        said = true;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for executors", e);
      }
    }
  }

  /**
   * The references of a wave's problems, by problem_id: computed once per problem, in parallel (one
   * Spark task each), for the problems the output does not hold yet, whose problems rows are added
   * to problemRows; read back from DIR/problems for the others.
   */
  private Map<String, TaskExecutor.Reference> references(JavaSparkContext jsc, SweepSpec sweep, List<RunSpec> wave,
                                                          Set<String> knownProblems, Broadcast<ObservedData> data,
                                                          OutputStore store, List<Row> problemRows, PrintWriter out,
                                                          double[] builds) {
    Map<String, ProblemSpec> inWave = new LinkedHashMap<>();
    for (RunSpec r : wave) {
      inWave.putIfAbsent(r.problem().id(), r.problem());
    }
    List<ProblemSpec> fresh = new ArrayList<>();
    List<String> old = new ArrayList<>();
    inWave.forEach((id, p) -> {
      if (knownProblems.contains(id)) {
        old.add(id);
      } else {
        fresh.add(p);
      }
    });
    ReferenceSettings settings = sweep.reference();
    Map<String, TaskExecutor.Reference> refs = new HashMap<>();
    if (!fresh.isEmpty()) {
      List<ReferenceResult> computed = new ArrayList<>();
      if (settings.enabled()) {
        long start = System.nanoTime();
        int testSize = sweep.settings().testSize();
        // one task per problem up to 64 per slot (balance for large SDPs), then several problems a task:
        // 10⁴ tiny problems are not 10⁴ Spark tasks of a millisecond each
        int partitions = Math.min(fresh.size(), Math.max(1, jsc.defaultParallelism() * 64));
        // built with the runs' test size, so that the run tasks on this executor reuse the build
        List<ReferenceTask> done = jsc.parallelize(fresh, partitions).map(p -> {
          ProblemCache.Lookup[] got = new ProblemCache.Lookup[1];
          ReferenceResult r = References.computeOn(p, settings, () -> {
            got[0] = ProblemCache.shared().get(p, testSize, data == null ? null : data.value());
            return got[0].problem();
          });
          ProblemCache.Lookup g = got[0]; // null when the build threw (a FAILED reference)
          return new ReferenceTask(r, g != null && g.built() ? 1 : 0, g != null && !g.built() ? 1 : 0,
              g == null ? 0 : g.seconds());
        }).collect();
        for (ReferenceTask t : done) {
          computed.add(t.result());
          builds[0] += t.built();
          builds[1] += t.reused();
          builds[2] += t.buildSeconds();
        }
        out.printf("  references of %d problem(s) in %.1f s%n", fresh.size(), (System.nanoTime() - start) * 1e-9);
        out.flush();
      }
      for (int i = 0; i < fresh.size(); i++) {
        ProblemSpec p = fresh.get(i);
        ReferenceResult ref = settings.enabled() ? computed.get(i) : null;
        problemRows.add(problemRow(p, ref, sweep.data()));
        if (ref != null) {
          refs.put(p.id(), new TaskExecutor.Reference(ref.x(), ref.norm(), ref.status()));
        }
        knownProblems.add(p.id());
      }
    }
    Dataset<Row> table = settings.enabled() && !old.isEmpty() ? store.table(Tables.PROBLEMS) : null;
    if (table != null) {
      for (Row r : table.where(functions.col("problem_id").isin(old.toArray()).and(functions.col("ref_status")
              .notEqual("OFF"))).select("problem_id", "ref_x", "ref_norm", "ref_status").collectAsList()) {
        double[] xs = null;
        if (!r.isNullAt(1)) {
          List<Double> x = r.getList(1);
          xs = new double[x.size()];
          for (int i = 0; i < xs.length; i++) {
            xs[i] = x.get(i);
          }
        }
        refs.put(r.getString(0), new TaskExecutor.Reference(xs, r.isNullAt(2) ? Double.NaN : r.getDouble(2),
            r.getString(3)));
      }
    }
    return refs;
  }

  /** What a reference task hands back: its result and whether it built its problem. */
  private record ReferenceTask(ReferenceResult result, int built, int reused, double buildSeconds)
      implements java.io.Serializable {}

  /** A problems row; ref null when references are off. */
  private static Row problemRow(ProblemSpec p, ReferenceResult ref, ObservedData data) {
    return ProblemsTable.TABLE.row(new ProblemsTable.Source(p, ref, References.refKind(p.kind()),
        data == null ? null : data.source()));
  }

  /** Executor side, after a task: counts for the progress line. */
  private static void account(Task task, TaskOutput o, LongAccumulator runs, LongAccumulator failed,
                              DoubleAccumulator flops, DoubleAccumulator worst) {
    int iterationsColumn = Tables.RUNS_SCHEMA.fieldIndex("iterations");
    List<RunSpec> specs = task.runs();
    for (int i = 0; i < specs.size(); i++) {
      RunSpec r = specs.get(i);
      double perIteration = Plan.iterationFlops(r);
      flops.add(perIteration * o.runs().get(i).getInt(iterationsColumn));
      worst.add(perIteration * r.settings().maxIterations());
      if (Status.FAILED.name().equals(o.statuses().get(i))) {
        failed.add(1);
      }
    }
    runs.add(specs.size());
  }

  private Summary finish(OutputStore store, List<Map<String, Object>> attempts, Map<String, Object> attempt,
                         Instant started, int planned, int present, int computed, Map<String, Integer> byStatus,
                         Set<String> executorBlas, boolean allNative, double[] builds) {
    Instant finished = Instant.now();
    double seconds = Duration.between(started, finished).toNanos() * 1e-9;
    synchronized (attempt) {
      attempt.put("status", "completed");
      attempt.put("computed", computed);
      attempt.put("results", byStatus);
      attempt.put("executor_blas", new ArrayList<>(executorBlas));
      attempt.put("executor_blas_native", allNative);
      Map<String, Object> problems = new LinkedHashMap<>();
      problems.put("built", (long) builds[0]);
      problems.put("reused", (long) builds[1]);
      problems.put("build_seconds", builds[2]);
      attempt.put("problem_builds", problems);
      attempt.put("finished", finished.toString());
      attempt.put("seconds", seconds);
      writeManifest(store, attempts);
    }
    return new Summary(store.root().toString(), planned, present, computed, byStatus, seconds,
        new ArrayList<>(executorBlas), (int) builds[0], (int) builds[1], builds[2]);
  }

  /** The latest attempt's fields at the top level, and every attempt under "attempts". */
  private static void writeManifest(OutputStore store, List<Map<String, Object>> attempts) {
    Manifest m = new Manifest();
    attempts.get(attempts.size() - 1).forEach(m::put);
    m.put("attempts", attempts);
    store.writeManifest(m);
  }

  private static Map<String, Object> blasFields(Netlib.Implementation b) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("blas", b.blas());
    m.put("lapack", b.lapack());
    m.put("native", b.isNative());
    m.put("libraries", b.libraries());
    if (!b.isNative()) {
      m.put("why_not_native", b.whyNotNative());
    }
    return m;
  }
}
