package org.mfsweep.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfsweep.results.Tables;
import org.mfsweep.results.Views;
import org.mfsweep.spec.RunSpec;
import org.mfsweep.sweep.SweepFiles;
import org.mfsweep.sweep.SweepSpec;
import org.mfsweep.testing.Spark;

/**
 * A real sweep on local[2], read back with Spark SQL and with parquet-hadoop's own reader. The
 * sweep runs once; no test writes to its output (a test that runs again works on its own copy), so
 * the tests do not depend on their order.
 */
class SweepRunnerTest {
  static SparkSession spark;
  @TempDir static Path dir;
  @TempDir Path own;
  static Path conf;
  static SweepSpec sweep;
  static Path output;
  static SweepRunner.Summary summary;

  @BeforeAll
  static void runSweep() throws IOException {
    spark = Spark.local();
    conf = dir.resolve("mixed.conf");
    output = dir.resolve("out");
    Files.writeString(conf, """
        name = mixed
        output = unused
        grid {
          kind = [sensing, completion, diagonal]
          n = [6, 8]
          m = "2*n*rank"
          rank = 1
          alpha = [1e-2, 1e-3]
          eta = [0.25, 1000]
          seed = [1, 2]
        }
        run { max-iterations = 300, test-size = 50 }
        """);
    sweep = SweepFiles.load(conf, List.of(), output.toString());
    summary = new SweepRunner(spark).run(sweep, new PrintWriter(new StringWriter()));
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void everyPlannedRunHasExactlyOneRow() {
    assertEquals(48, sweep.runs().size());
    Views.register(spark, output.toString());
    List<Row> rows = spark.sql("SELECT run_id FROM runs").collectAsList();
    Set<String> ids = rows.stream().map(r -> r.getString(0)).collect(Collectors.toSet());
    assertEquals(sweep.runs().size(), rows.size(), "no duplicates");
    assertEquals(sweep.runs().stream().map(RunSpec::runId).collect(Collectors.toSet()), ids);
    assertEquals(48, summary.runs());
  }

  @Test
  void tablesArePartitionedByKindAndN() {
    for (String table : List.of("runs", "traces")) {
      for (String kind : List.of("sensing", "completion", "diagonal")) {
        for (int n : new int[] {6, 8}) {
          assertTrue(Files.isDirectory(output.resolve(table).resolve("kind=" + kind).resolve("n=" + n)),
              table + "/kind=" + kind + "/n=" + n);
        }
      }
    }
  }

  @Test
  void largeStepsDivergeAsRowsAndSmallStepsDoNot() {
    Views.register(spark, output.toString());
    List<Row> rows = spark.sql("SELECT eta, status, count(*) FROM runs GROUP BY eta, status").collectAsList();
    for (Row r : rows) {
      if (r.getDouble(0) == 1000) {
        assertEquals("DIVERGED", r.getString(1));
      } else {
        assertTrue(Set.of("CONVERGED", "MAX_ITERATIONS").contains(r.getString(1)), r.toString());
      }
    }
    assertEquals(0, summary.failed());
    assertEquals(24, summary.byStatus().get("DIVERGED"));
  }

  @Test
  void tracesEndAtEachRunsLastIteration() {
    Views.register(spark, output.toString());
    long mismatched = spark.sql("""
        SELECT r.run_id FROM runs r JOIN (
          SELECT run_id, max(iteration) AS last, count(*) AS points FROM traces GROUP BY run_id) t
        ON r.run_id = t.run_id
        WHERE t.last != r.iterations OR t.points < 1""").count();
    assertEquals(0, mismatched);
    assertEquals(48, spark.sql("SELECT DISTINCT run_id FROM traces").count());
    Row first = spark.sql("SELECT min(iteration) FROM traces WHERE run_id IN "
        + "(SELECT run_id FROM runs WHERE iterations > 1)").first();
    assertEquals(1, first.getInt(0));
  }

  @Test
  void parquetIsReadableWithoutSpark() throws IOException {
    List<Path> parts;
    try (Stream<Path> s = Files.walk(output.resolve("runs"))) {
      parts = s.filter(p -> p.getFileName().toString().endsWith(".parquet")).toList();
    }
    long rows = 0;
    Set<String> columns = new HashSet<>();
    for (Path part : parts) {
      try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(
          new org.apache.hadoop.fs.Path(part.toUri()), new Configuration()))) {
        rows += reader.getRecordCount();
        reader.getFooter().getFileMetaData().getSchema().getFields().forEach(f -> columns.add(f.getName()));
      }
    }
    assertEquals(48, rows);
    assertTrue(columns.containsAll(List.of("run_id", "problem_id", "alpha", "eta", "status", "test_error",
        "nuclear_norm", "err_truth", "effective_rank", "seconds")), columns.toString());
  }

  @Test
  void manifestSaysWhatRanOnWhat() {
    Config latest = ConfigFactory.parseFile(output.resolve("manifest.json").toFile());
    assertEquals("completed", latest.getString("status"));
    assertEquals(1, latest.getConfigList("attempts").size(), "one attempt: no test writes to this output");
    Config m = latest.getConfigList("attempts").get(0);
    assertEquals(1, m.getInt("attempt"));
    assertEquals("mixed", m.getString("name"));
    assertEquals(48, m.getInt("planned.runs"));
    assertEquals(spark.version(), m.getString("spark_version"));
    assertTrue(m.getString("driver_blas.blas").startsWith("dev.ludovic.netlib.blas."));
    assertTrue(m.getString("driver_blas.lapack").startsWith("dev.ludovic.netlib.lapack."));
    assertTrue(m.getStringList("executor_blas").size() >= 1);
    assertEquals(300, m.getInt("config.run.max-iterations"));
    assertTrue(m.hasPath("started") && m.hasPath("finished") && m.hasPath("mfsweep_version"));
    assertEquals(24, m.getInt("results.DIVERGED"));
    assertEquals(48, m.getInt("computed"));
  }

  @Test
  void aSecondRunOfAFinishedSweepIsANoOpThatSaysSo() throws IOException {
    Path copy = own.resolve("out");
    copyTree(output, copy);
    List<Path> before = tableFiles(copy);
    StringWriter text = new StringWriter();
    SweepRunner.Summary again = new SweepRunner(spark, null).run(SweepFiles.load(conf, List.of(), copy.toString()),
        new PrintWriter(text));
    assertEquals(0, again.computed());
    assertEquals(48, again.alreadyPresent());
    assertTrue(text.toString().contains("all 48 planned runs are already in"), text.toString());
    assertEquals(before, tableFiles(copy), "tables untouched");
    Config m = ConfigFactory.parseFile(copy.resolve("manifest.json").toFile());
    assertEquals(2, m.getConfigList("attempts").size(), "each attempt is recorded");
    assertEquals(0, m.getInt("computed"));
  }

  private static List<Path> tableFiles(Path out) throws IOException {
    try (Stream<Path> s = Files.walk(out)) {
      return s.filter(p -> p.toString().contains("/runs/") || p.toString().contains("/traces/"))
          .map(out::relativize).sorted().toList();
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Files.copy(p, to.resolve(from.relativize(p).toString()));
      }
    }
  }

  /** Each problem is built at most once for its reference task and its run tasks (this JVM's ProblemCache). */
  @Test
  void problemsAreBuiltOnceForTheReferenceAndTheRuns() {
    int problems = sweep.runsByProblem().size();
    assertTrue(summary.problemBuilds() <= problems, summary.problemBuilds() + " builds of " + problems + " problems");
    // one reference task per problem and at least one run task
    assertTrue(summary.problemBuilds() + summary.problemReuses() >= 2 * problems,
        summary.problemBuilds() + " builds + " + summary.problemReuses() + " reuses");
  }

  /** A run that throws becomes a FAILED row with the error; the task's other runs still land. */
  @Test
  void aRunThatThrowsIsAFailedRowAndTheOthersLand() {
    RunSpec good = sweep.runs().get(0);
    RunSpec other = sweep.runs().stream().filter(r -> !r.problem().equals(good.problem())).findFirst().orElseThrow();
    // the solver refuses a run on another problem than the one the task built: a real exception
    TaskOutput out = TaskExecutor.execute(new Task(0, good.problem(), List.of(good, other, good)));
    assertEquals("FAILED", out.statuses().get(1));
    assertTrue(!out.statuses().get(0).equals("FAILED") && out.statuses().get(0).equals(out.statuses().get(2)));
    Row failed = out.runs().get(1);
    assertEquals(other.runId(), failed.getString(0));
    assertEquals("FAILED", failed.getString(Tables.RUNS_SCHEMA.fieldIndex("status")));
    assertTrue(failed.getString(Tables.RUNS_SCHEMA.fieldIndex("error")).contains("IllegalArgumentException"));
    assertEquals(3, out.runs().size());
  }
}
