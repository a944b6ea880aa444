package org.mfsweep.engine;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.mfsweep.linalg.Netlib;
import org.mfsweep.optim.Status;
import org.mfsweep.results.Tables;
import org.mfsweep.sweep.SweepSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Spark driver of a sweep: plan → one Spark task per {@link Task} → runs/ and traces/ as
 * partitioned Parquet, plus manifest.json. Executors do all numeric work; the driver only plans,
 * writes and summarises.
 */
public final class SweepRunner {
  private static final Logger log = LoggerFactory.getLogger(SweepRunner.class);

  private final SparkSession spark;

  public SweepRunner(SparkSession spark) {
    this.spark = spark;
  }

  /** Counts of how the runs of a sweep ended. */
  public record Summary(String output, int runs, Map<String, Integer> byStatus, double seconds,
                        List<String> executorBlas) {
    public int failed() {
      return byStatus.getOrDefault(Status.FAILED.name(), 0);
    }
  }

  /**
   * Runs every planned run of the sweep and writes its tables.
   *
   * @throws OutputException when the output folder already holds results or cannot be written
   */
  public Summary run(SweepSpec sweep, PrintWriter out) {
    Instant started = Instant.now();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    Path output = qualify(new Path(sweep.output()), hadoop);
    checkOutput(output, hadoop);

    Netlib.Implementation blas = Netlib.implementation();
    log.info("driver BLAS/LAPACK: {}", blas.summary());
    if (!blas.isNative()) {
      log.warn(blas.warning());
    }

    int slots = spark.sparkContext().defaultParallelism();
    Plan plan = Plan.of(sweep, slots);
    Manifest manifest = new Manifest()
        .put("name", sweep.name())
        .put("source", sweep.source())
        .put("output", output.toString())
        .put("status", "running")
        .put("mfsweep_version", BuildInfo.version())
        .put("git_commit", BuildInfo.gitCommit())
        .put("spark_version", spark.version())
        .put("java_version", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")")
        .put("master", spark.sparkContext().master())
        .put("app_id", spark.sparkContext().applicationId())
        .put("driver_blas", blasFields(blas))
        .put("planned", Map.of("problems", plan.problems(), "runs", plan.runs(), "tasks", plan.tasks().size(),
            "duplicates_merged", sweep.duplicatesMerged()))
        .put("started", started.toString())
        .config(sweep.resolvedJson());
    manifest.write(output, hadoop);

    out.printf("mfsweep %s: %d runs on %d problems in %d tasks, master %s (%d task slots)%n", sweep.name(),
        plan.runs(), plan.problems(), plan.tasks().size(), spark.sparkContext().master(), slots);
    if (spark.sparkContext().uiWebUrl().isDefined()) {
      out.println("Spark UI: " + spark.sparkContext().uiWebUrl().get());
    }
    out.flush();

    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    jsc.setJobGroup("mfsweep-" + sweep.name(), "mfsweep " + sweep.name(), false);
    JavaRDD<TaskOutput> outputs = jsc.parallelize(plan.tasks(), Math.max(1, plan.tasks().size()))
        .map(TaskExecutor::execute)
        .persist(StorageLevel.MEMORY_AND_DISK());
    List<TaskOutput> summaries;
    try {
      // computes every task once, in parallel; the writes below read the cached rows
      summaries = outputs.map(TaskOutput::summary).collect();
      write(outputs.flatMap(o -> o.runs().iterator()), Tables.RUNS_SCHEMA, new Path(output, Tables.RUNS), "run_id");
      write(outputs.flatMap(o -> o.traces().iterator()), Tables.TRACES_SCHEMA, new Path(output, Tables.TRACES),
          "run_id", "iteration");
    } catch (RuntimeException e) {
      manifest.put("status", "failed").put("error", String.valueOf(e.getMessage()))
          .put("finished", Instant.now().toString()).write(output, hadoop);
      throw e;
    } finally {
      outputs.unpersist(false);
    }

    Map<String, Integer> byStatus = new TreeMap<>();
    TreeSet<String> executorBlas = new TreeSet<>();
    boolean allNative = true;
    for (TaskOutput t : summaries) {
      for (String s : t.statuses()) {
        byStatus.merge(s, 1, Integer::sum);
      }
      executorBlas.add(t.blas());
      allNative &= t.nativeBlas();
    }
    Instant finished = Instant.now();
    double seconds = Duration.between(started, finished).toNanos() * 1e-9;
    manifest.put("status", "completed")
        .put("executor_blas", new ArrayList<>(executorBlas))
        .put("executor_blas_native", allNative)
        .put("results", byStatus)
        .put("finished", finished.toString())
        .put("seconds", seconds)
        .write(output, hadoop);
    if (!allNative) {
      log.warn("executors ran without native BLAS/LAPACK: {} (see the executor logs for why)", executorBlas);
    }
    out.printf("done in %.1f s: %s; BLAS on executors: %s%nwrote %s/{runs,traces,manifest.json}%n", seconds,
        byStatus, String.join("; ", executorBlas), output);
    out.flush();
    return new Summary(output.toString(), plan.runs(), byStatus, seconds, new ArrayList<>(executorBlas));
  }

  private void write(JavaRDD<Row> rows, StructType schema, Path path, String... sortBy) {
    Dataset<Row> df = spark.createDataFrame(rows, schema);
    df.repartition(functions.col("kind"), functions.col("n"))
        .sortWithinPartitions(sortBy[0], java.util.Arrays.copyOfRange(sortBy, 1, sortBy.length))
        .write()
        .mode(SaveMode.ErrorIfExists)
        .partitionBy(Tables.PARTITION_COLUMNS.toArray(new String[0]))
        .parquet(path.toString());
  }

  private static Path qualify(Path p, Configuration hadoop) {
    try {
      return p.getFileSystem(hadoop).makeQualified(p);
    } catch (IOException e) {
      throw new OutputException("cannot use output " + p + ": " + e.getMessage(), e);
    }
  }

  /** Refuses an output that already holds tables; creates the folder to fail early when not writable. */
  static void checkOutput(Path output, Configuration hadoop) {
    try {
      FileSystem fs = output.getFileSystem(hadoop);
      for (String table : List.of(Tables.RUNS, Tables.TRACES)) {
        if (fs.exists(new Path(output, table))) {
          throw new OutputException(output + " already holds a " + table + "/ table; choose another --output "
              + "or remove it");
        }
      }
      if (!fs.mkdirs(output)) {
        throw new OutputException("cannot create output folder " + output);
      }
    } catch (IOException e) {
      throw new OutputException("cannot create output folder " + output + ": " + e.getMessage(), e);
    }
  }

  private static Map<String, Object> blasFields(Netlib.Implementation b) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
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
