package org.mfsweep.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfsweep.results.Views;
import org.mfsweep.spec.RunSpec;
import org.mfsweep.sweep.SweepFiles;
import org.mfsweep.sweep.SweepSpec;
import org.mfsweep.testing.Spark;

/** Waves, resume by run_id, recovery of interrupted commits, locks, and outputs that must be refused. */
class ResumeTest {
  static SparkSession spark;
  @TempDir Path dir;

  @BeforeAll
  static void start() {
    spark = Spark.local();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private SweepSpec sweep(Path output, String... sets) throws IOException {
    Path conf = dir.resolve("s.conf");
    Files.writeString(conf, """
        name = resume
        output = unused
        grid { n = 6, m = "2*n*rank", rank = 1, alpha = [1e-1, 1e-2, 1e-3], eta = 0.25, seed = [1, 2, 3, 4] }
        run.max-iterations = 100
        engine.wave-runs = 5
        """);
    return SweepFiles.load(conf, List.of(sets), output.toString());
  }

  private SweepRunner.Summary run(SweepSpec s) {
    return new SweepRunner(spark, null).run(s, new PrintWriter(new StringWriter()));
  }

  /** Every run_id once in runs, and the traces of each run that did not fail, once. */
  private static Set<String> assertConsistent(Path output) {
    Views.register(spark, output.toString());
    List<Row> ids = spark.sql("SELECT run_id FROM runs").collectAsList();
    Set<String> distinct = ids.stream().map(r -> r.getString(0)).collect(Collectors.toSet());
    assertEquals(distinct.size(), ids.size(), "no duplicate runs");
    assertEquals(0, spark.sql("SELECT run_id, iteration FROM traces GROUP BY run_id, iteration HAVING count(*) > 1")
        .count(), "no duplicate trace rows");
    Set<String> completed = spark.sql("SELECT run_id FROM runs WHERE status != 'FAILED'").collectAsList().stream()
        .map(r -> r.getString(0)).collect(Collectors.toSet());
    assertEquals(completed, spark.sql("SELECT DISTINCT run_id FROM traces").collectAsList().stream()
        .map(r -> r.getString(0)).collect(Collectors.toSet()), "traces for exactly the runs that did not fail");
    return distinct;
  }

  /**
   * An output written before the optimizer settings existed (runs without beta, batch_size, beta1,
   * beta2, epsilon) is read with nulls there and resumed: only the new runs are computed.
   */
  @Test
  void outputsOfEarlierVersionsAreReadAndResumed() throws IOException {
    Path out = dir.resolve("old");
    run(sweep(out, "grid.alpha=[1e-1, 1e-2]", "grid.seed=[1, 2]"));
    // runs without the optimizer settings' columns, traces without singular_values: as earlier versions wrote them
    for (String[] table : List.of(new String[] {"runs", "beta", "batch_size", "beta1", "beta2", "epsilon"},
        new String[] {"traces", "singular_values"})) {
      Path path = out.resolve(table[0]);
      Path old = dir.resolve("old-" + table[0]);
      spark.read().parquet(path.toString()).drop(java.util.Arrays.copyOfRange(table, 1, table.length))
          .write().partitionBy("kind", "n").parquet(old.toString());
      try (Stream<Path> files = Files.walk(path)) {
        for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(f);
        }
      }
      Files.move(old, path);
    }
    Path runs = out.resolve("runs");
    assertFalse(List.of(spark.read().parquet(runs.toString()).columns()).contains("beta"), "an old-schema table");
    assertFalse(List.of(spark.read().parquet(out.resolve("traces").toString()).columns()).contains("singular_values"),
        "an old-schema traces table");
    SweepRunner.Summary again = run(sweep(out, "grid.alpha=[1e-1, 1e-2]", "grid.seed=[1, 2]",
        "grid.optimizer=[gd, momentum]", "grid.beta=0.5"));
    assertEquals(4, again.alreadyPresent(), "the old gd runs are found by their run_ids");
    assertEquals(4, again.computed(), "only the momentum runs are new");
    assertConsistent(out);
    assertEquals(4, spark.sql("SELECT * FROM runs WHERE optimizer = 'gd' AND beta IS NULL").count());
    assertEquals(4, spark.sql("SELECT * FROM runs WHERE optimizer = 'momentum' AND beta = 0.5").count());
    assertEquals(0, spark.sql("SELECT * FROM traces t JOIN runs r USING (run_id) WHERE r.optimizer = 'gd' "
        + "AND t.singular_values IS NOT NULL").count(), "the old traces read with null singular values");
  }

  /**
   * An output written before generators existed (problems without the generator column: well-polar's)
   * is refused by a sweep that draws by ziggurat, the default, with the key to set and nothing
   * changed; with generator = well-polar it resumes and finds all its runs.
   */
  @Test
  void anOutputOfAnotherGeneratorIsRefusedAndResumesWithItsOwn() throws IOException {
    Path out = dir.resolve("old-generator");
    SweepSpec old = sweep(out, "generator=well-polar", "grid.seed=[1]");
    assertEquals(3, run(old).computed());
    Path problems = out.resolve("problems");
    Path dropped = dir.resolve("old-problems");
    spark.read().parquet(problems.toString()).drop("generator").write().partitionBy("kind", "n")
        .parquet(dropped.toString());
    try (Stream<Path> files = Files.walk(problems)) {
      for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
    Files.move(dropped, problems);
    String manifest = Files.readString(out.resolve("manifest.json"));

    OutputException e = assertThrows(OutputException.class, () -> run(sweep(out, "grid.seed=[1]")));
    assertTrue(e.getMessage().contains("holds problems drawn by generator well-polar, and this sweep draws them by "
        + "ziggurat"), e.getMessage());
    assertTrue(e.getMessage().contains("set generator = well-polar in " + dir.resolve("s.conf")), e.getMessage());
    assertEquals(manifest, Files.readString(out.resolve("manifest.json")), "no attempt recorded");
    assertEquals(3, spark.read().parquet(out.resolve("runs").toString()).count(), "nothing written");

    SweepRunner.Summary resumed = run(sweep(out, "generator=well-polar", "grid.seed=[1, 2]"));
    assertEquals(3, resumed.alreadyPresent(), "the old runs are found by their run_ids");
    assertEquals(3, resumed.computed());
    Views.register(spark, out.toString());
    assertEquals(List.of("well-polar"), spark.sql("SELECT DISTINCT coalesce(generator, 'well-polar') FROM problems")
        .collectAsList().stream().map(r -> r.getString(0)).toList());
    assertConsistent(out);
  }

  @Test
  void wavesCommitEverythingOnce() throws IOException {
    Path out = dir.resolve("out");
    SweepSpec s = sweep(out);
    SweepRunner.Summary summary = run(s);
    assertEquals(12, summary.computed());
    assertEquals(s.runs().stream().map(RunSpec::runId).collect(Collectors.toSet()), assertConsistent(out));
    assertFalse(Files.exists(out.resolve("_staging")), "staging is cleaned up");
    assertFalse(Files.exists(out.resolve("_lock")), "the lock is released");
  }

  @Test
  void overlappingAndChangedSweepsAddOnlyNewRunIds() throws IOException {
    Path out = dir.resolve("out");
    run(sweep(out, "grid.seed=[1, 2]"));
    SweepRunner.Summary second = run(sweep(out));
    assertEquals(6, second.alreadyPresent());
    assertEquals(6, second.computed());
    SweepRunner.Summary changed = run(sweep(out, "grid.alpha=[1e-3, 1e-4]"));
    assertEquals(4, changed.alreadyPresent(), "alpha 1e-3 is shared");
    assertEquals(4, changed.computed());
    assertEquals(16, assertConsistent(out).size());
    Config m = ConfigFactory.parseFile(out.resolve("manifest.json").toFile());
    List<? extends Config> attempts = m.getConfigList("attempts");
    assertEquals(3, attempts.size());
    assertEquals(List.of(1e-3, 1e-4), attempts.get(2).getDoubleList("config.grid.alpha"), "each attempt's sweep file");
    assertEquals(List.of(6, 6, 4), attempts.stream().map(a -> a.getInt("computed")).toList());
  }

  /** A wave whose two Spark writes finished but whose renames were cut short is rolled forward. */
  @Test
  void anInterruptedCommitIsFinishedAndAnUnfinishedWriteDiscarded() throws IOException {
    Path out = dir.resolve("out");
    Path elsewhere = dir.resolve("elsewhere");
    run(sweep(elsewhere, "grid.seed=[3]"));
    run(sweep(out, "grid.seed=[1, 2]"));
    // a wave committed by Spark but not yet renamed into place: what a driver killed mid-commit leaves
    Path staged = out.resolve("_staging/20261128000000-w7");
    Files.createDirectories(staged);
    Files.move(elsewhere.resolve("runs"), staged.resolve("runs"));
    Files.move(elsewhere.resolve("traces"), staged.resolve("traces"));
    Files.createFile(staged.resolve("runs/_SUCCESS")); // as Spark's writer leaves them in staging
    Files.createFile(staged.resolve("traces/_SUCCESS"));
    // and a wave whose Spark write never finished
    Path unfinished = out.resolve("_staging/20261128000000-w8/runs/kind=sensing/n=6");
    Files.createDirectories(unfinished);
    Files.writeString(unfinished.resolve("part-00000-x.snappy.parquet"), "half a file");

    SweepRunner.Summary resumed = run(sweep(out));
    assertEquals(9, resumed.alreadyPresent(), "6 committed + 3 rolled forward");
    assertEquals(3, resumed.computed(), "only seed 4 was left");
    assertEquals(12, assertConsistent(out).size());
    assertFalse(Files.exists(out.resolve("_staging")));
  }

  @Test
  void aLockOfALiveProcessIsRefusedAndAStaleOneTakenOver() throws IOException {
    Path out = dir.resolve("out");
    Files.createDirectories(out);
    Files.writeString(out.resolve("_lock"), ProcessHandle.current().pid() + "@" + OutputStore.host() + " now\n");
    OutputException busy = assertThrows(OutputException.class, () -> run(sweep(out)));
    assertTrue(busy.getMessage().contains("is being written by another mfsweep"), busy.getMessage());
    assertFalse(Files.exists(out.resolve("runs")));

    long dead = new ProcessBuilder("true").start().pid();
    waitFor(dead);
    Files.writeString(out.resolve("_lock"), dead + "@" + OutputStore.host() + " then\n");
    assertEquals(12, run(sweep(out)).computed());
  }

  private static void waitFor(long pid) {
    ProcessHandle.of(pid).ifPresent(h -> h.onExit().join());
  }

  @Test
  void tablesOfAnotherSchemaAreRefusedAndLeftAlone() throws IOException {
    Path out = dir.resolve("out");
    spark.sql("SELECT 'x' AS run_id, 1.5 AS loss, 'sensing' AS kind, 6 AS n").write()
        .partitionBy("kind", "n").parquet(out.resolve("runs").toString());
    List<Path> before = files(out);
    OutputException e = assertThrows(OutputException.class, () -> run(sweep(out)));
    assertTrue(e.getMessage().contains("holds a table of another schema"), e.getMessage());
    assertTrue(e.getMessage().contains("missing column problem_id"), e.getMessage());
    assertTrue(e.getMessage().contains("unexpected column loss"), e.getMessage());
    assertEquals(before, files(out), "nothing written, nothing removed");
  }

  @Test
  void foldersHoldingOtherFilesAreRefused() throws IOException {
    Path out = dir.resolve("out");
    Files.createDirectories(out.resolve("traces"));
    Files.writeString(out.resolve("traces/results.csv"), "a,b\n1,2\n");
    OutputException e = assertThrows(OutputException.class, () -> run(sweep(out)));
    assertTrue(e.getMessage().contains("holds files that are not Parquet (results.csv)"), e.getMessage());
    assertFalse(Files.exists(out.resolve("runs")));
  }

  @Test
  void anOutputUnderAFileIsRefusedBeforeAnythingIsWritten() throws IOException {
    Path file = dir.resolve("a-file");
    Files.writeString(file, "not a folder");
    OutputException e = assertThrows(OutputException.class, () -> run(sweep(file.resolve("out"))));
    assertTrue(e.getMessage().contains("is a file, not a folder"), e.getMessage());
    assertEquals("not a folder", Files.readString(file));
  }

  @Test
  void aRunThatThrowsIsAFailedRowWithItsErrorAndTheSweepSaysHowMany() throws IOException {
    Path out = dir.resolve("out");
    SweepSpec s = sweep(out);
    String victim = s.runs().get(4).runId();
    System.setProperty(FailureInjection.PROPERTY, victim);
    SweepRunner.Summary summary;
    try {
      summary = run(s);
    } finally {
      System.clearProperty(FailureInjection.PROPERTY);
    }
    assertEquals(1, summary.failed());
    assertEquals(12, assertConsistent(out).size());
    Row failed = spark.sql("SELECT status, error, iterations FROM runs WHERE run_id = '" + victim + "'").first();
    assertEquals("FAILED", failed.getString(0));
    assertTrue(failed.getString(1).contains("injected failure for run " + victim), failed.getString(1));
    assertEquals(0, spark.sql("SELECT * FROM runs WHERE status = 'FAILED' AND run_id != '" + victim + "'").count());
  }

  private SweepRunner.Summary run(SweepSpec s, RunOptions options) {
    return new SweepRunner(spark, null).run(s, new PrintWriter(new StringWriter()), options);
  }

  /** Runs the sweep with run victim made to throw: one FAILED row. */
  private SweepSpec sweepWithAFailure(Path out, String victim) throws IOException {
    SweepSpec s = sweep(out);
    System.setProperty(FailureInjection.PROPERTY, victim);
    try {
      assertEquals(1, run(s).failed());
    } finally {
      System.clearProperty(FailureInjection.PROPERTY);
    }
    return s;
  }

  /** Every runs row but the victim's, as text, by run_id. */
  private static java.util.Map<String, String> rowsBut(Path out, String victim) {
    Views.register(spark, out.toString());
    java.util.Map<String, String> rows = new java.util.TreeMap<>();
    for (Row r : spark.sql("SELECT * FROM runs WHERE run_id != '" + victim + "'").collectAsList()) {
      rows.put(r.getString(0), r.toString());
    }
    return rows;
  }

  @Test
  void retryFailedRecomputesExactlyTheFailedRunsAndReplacesTheirRows() throws IOException {
    Path out = dir.resolve("out");
    String victim = sweep(out).runs().get(4).runId();
    SweepSpec s = sweepWithAFailure(out, victim);
    java.util.Map<String, String> others = rowsBut(out, victim);
    assertEquals(11, others.size());

    SweepRunner.Summary plain = run(s);
    assertEquals(0, plain.computed(), "without --retry-failed a FAILED run is done");

    SweepRunner.Summary retried = run(s, new RunOptions(true, false));
    assertEquals(1, retried.computed(), "only the FAILED run");
    assertEquals(11, retried.alreadyPresent());
    assertEquals(0, retried.failed());
    assertEquals(12, assertConsistent(out).size());
    Row now = spark.sql("SELECT status, error FROM runs WHERE run_id = '" + victim + "'").first();
    assertTrue(Set.of("CONVERGED", "MAX_ITERATIONS").contains(now.getString(0)), now.toString());
    assertTrue(now.isNullAt(1), "no error any more");
    assertTrue(spark.sql("SELECT * FROM traces WHERE run_id = '" + victim + "'").count() > 0, "its traces landed");
    assertEquals(others, rowsBut(out, victim), "every other row exactly as it was");
    assertFalse(Files.exists(out.resolve("_staging")));
    assertEquals(0, run(s, new RunOptions(true, false)).computed(), "nothing FAILED is left");
    Config m = ConfigFactory.parseFile(out.resolve("manifest.json").toFile());
    assertEquals(1, m.getConfigList("attempts").get(2).getInt("planned.failed_to_retry"));
  }

  /** Killed after the new rows were renamed in but before the replaced files were deleted: recovery finishes it. */
  @Test
  void aRetryCutShortBetweenPublishAndDeleteIsFinishedByTheNextRun() throws IOException {
    Path out = dir.resolve("out");
    String victim = sweep(out).runs().get(7).runId();
    SweepSpec s = sweepWithAFailure(out, victim);
    java.util.Map<String, String> others = rowsBut(out, victim);
    System.setProperty(FailureInjection.COMMIT_PROPERTY, "before-delete");
    try {
      assertThrows(IllegalStateException.class, () -> run(s, new RunOptions(true, false)));
    } finally {
      System.clearProperty(FailureInjection.COMMIT_PROPERTY);
    }
    assertTrue(Files.exists(out.resolve("_staging")), "the wave that was cut short is still staged");

    SweepRunner.Summary next = run(s);
    assertEquals(0, next.computed(), "recovery finished the replacement; nothing is left to compute");
    assertEquals(12, assertConsistent(out).size());
    assertEquals(0, spark.sql("SELECT * FROM runs WHERE status = 'FAILED'").count());
    assertEquals(others, rowsBut(out, victim));
  }

  @Test
  void anUnreadableManifestIsRefusedAndLeftAsItIs() throws IOException {
    Path out = dir.resolve("out");
    run(sweep(out, "grid.seed=[1]"));
    assertFalse(Files.exists(out.resolve(".manifest.json.tmp")), "written through a renamed temporary file");
    String torn = Files.readString(out.resolve("manifest.json")).substring(0, 200);
    Files.writeString(out.resolve("manifest.json"), torn);
    OutputException e = assertThrows(OutputException.class, () -> run(sweep(out)));
    assertTrue(e.getMessage().contains("manifest.json cannot be read"), e.getMessage());
    assertTrue(e.getMessage().contains("move it aside"), e.getMessage());
    assertEquals(torn, Files.readString(out.resolve("manifest.json")), "never silently replaced");
    assertFalse(Files.exists(out.resolve("_lock")));
    assertEquals(3, spark.read().parquet(out.resolve("runs").toString()).count(), "no run was added");
  }

  @Test
  void anAttemptWhoseProcessIsGoneIsMarkedCrashed() throws IOException {
    Path out = dir.resolve("out");
    run(sweep(out, "grid.seed=[1]"));
    Path manifest = out.resolve("manifest.json");
    // what a driver killed with -9 leaves: its attempt still "running"
    Files.writeString(manifest, Files.readString(manifest).replace("\"completed\"", "\"running\""));
    run(sweep(out));
    Config m = ConfigFactory.parseFile(manifest.toFile());
    assertEquals(List.of("crashed", "completed"), m.getConfigList("attempts").stream()
        .map(a -> a.getString("status")).toList());
    assertTrue(m.getString("pid").matches("\\d+@.+"), "each attempt names its process");
  }

  @Test
  void aTruncatedFileIsRefusedInOneLineAndRepairComputesItsRunsAgain() throws IOException {
    Path out = dir.resolve("out");
    SweepSpec s = sweep(out);
    run(s);
    Path victim;
    try (Stream<Path> files = Files.walk(out.resolve("runs"))) {
      victim = files.filter(p -> p.toString().endsWith(".parquet")).sorted().findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(victim);
    Files.write(victim, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    List<Path> before = files(out);
    OutputException e = assertThrows(OutputException.class, () -> run(s));
    assertTrue(e.getMessage().contains(out + "/runs/kind=sensing/n=6/" + victim.getFileName() + " cannot be read ("),
        e.getMessage());
    assertTrue(e.getMessage().contains("--repair"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line");
    assertEquals(before, files(out), "nothing touched");

    SweepRunner.Summary repaired = run(s, new RunOptions(false, true));
    assertTrue(repaired.computed() > 0 && repaired.computed() < 12, "only the runs of the lost file: "
        + repaired.computed());
    assertEquals(12, assertConsistent(out).size());
    assertEquals(s.runs().stream().map(RunSpec::runId).collect(Collectors.toSet()), assertConsistent(out));
    try (Stream<Path> q = Files.walk(out.resolve("_quarantine"))) {
      assertEquals(1, q.filter(p -> p.getFileName().equals(victim.getFileName())).count(), "kept aside");
    }
  }

  @Test
  void repairRecomputesTheRunsOfALostTracesFile() throws IOException {
    Path out = dir.resolve("out");
    SweepSpec s = sweep(out);
    run(s);
    Path victim;
    try (Stream<Path> files = Files.walk(out.resolve("traces"))) {
      victim = files.filter(p -> p.toString().endsWith(".parquet")).sorted().findFirst().orElseThrow();
    }
    Files.write(victim, new byte[] {'P', 'A', 'R', '1', 0, 0});
    SweepRunner.Summary repaired = run(s, new RunOptions(false, true));
    assertTrue(repaired.computed() > 0, "the runs whose traces were lost");
    assertEquals(s.runs().stream().map(RunSpec::runId).collect(Collectors.toSet()), assertConsistent(out));
  }

  private static List<Path> files(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.sorted().toList();
    }
  }
}
