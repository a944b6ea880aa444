package org.mfsweep.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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

/**
 * A scaled-down sweep of many tiny runs (2·10⁴ on 20 problems, waves of 5,000): one Parquet file per
 * partition folder per table per wave, and a driver stopped in the middle of the second wave's
 * renames resumes to exactly the planned runs, each once.
 */
class StreamingSweepTest {
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

  private SweepSpec sweep(Path output) throws IOException {
    Path conf = dir.resolve("tiny.conf");
    Files.writeString(conf, """
        name = tiny
        output = unused
        grid {
          kind = completion, n = 3, m = 4, rank = 1
          alpha = {from = 1e-4, to = 1e-1, steps = 20, scale = log}
          eta = {from = 0.01, to = 0.5, steps = 50, scale = linear}
          seed = {from = 1, to = 20, steps = 20, scale = linear}
        }
        run { max-iterations = 30, trace-growth = 4 }
        engine { wave-runs = 5000, wave-seconds = 1000000, progress-interval = 60, ui = false }
        """);
    return SweepFiles.load(conf, List.of(), output.toString());
  }

  /** Parquet files in each partition folder of each table, by "table/kind=…/n=…". */
  private static Map<String, Long> filesPerFolder(Path output) throws IOException {
    Map<String, Long> out = new TreeMap<>();
    for (String table : List.of("runs", "traces", "problems")) {
      try (Stream<Path> files = Files.walk(output.resolve(table))) {
        for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".parquet")).toList()) {
          out.merge(output.relativize(f.getParent()).toString(), 1L, Long::sum);
        }
      }
    }
    return out;
  }

  @Test
  void manyTinyRunsLandOnceInOneFilePerFolderPerWaveAndResumeExactly() throws IOException {
    Path out = dir.resolve("out");
    SweepSpec s = sweep(out);
    assertEquals(20_000, s.runCount());
    assertEquals(20, s.problemCount());
    Set<String> planned = s.runs().stream().map(RunSpec::runId).collect(Collectors.toSet());
    assertEquals(20_000, planned.size());

    // wave 1 commits traces, problems, runs (3 renamed tables); the 4th passage is wave 2's traces
    System.setProperty(FailureInjection.COMMIT_PROPERTY, "mid-rename#4");
    FailureInjection.reset();
    try {
      RuntimeException killed = assertThrows(RuntimeException.class,
          () -> new SweepRunner(spark, null).run(s, new PrintWriter(new StringWriter())));
      assertTrue(String.valueOf(killed.getMessage()).contains("mid-rename#4"), killed.getMessage());
    } finally {
      System.clearProperty(FailureInjection.COMMIT_PROPERTY);
      FailureInjection.reset();
    }
    assertTrue(Files.exists(out.resolve("_staging")), "wave 2 was cut short in its renames");
    assertEquals(5_000, spark.read().parquet(out.resolve("runs").toString()).count(), "wave 1 only");

    StringWriter said = new StringWriter();
    SweepRunner.Summary resumed = new SweepRunner(spark, null).run(s, new PrintWriter(said));
    assertEquals(10_000, resumed.alreadyPresent(), "wave 1, and wave 2 rolled forward: " + said);
    assertEquals(10_000, resumed.computed());
    assertFalse(Files.exists(out.resolve("_staging")));

    Views.register(spark, out.toString());
    List<Row> ids = spark.sql("SELECT run_id FROM runs").collectAsList();
    Set<String> distinct = ids.stream().map(r -> r.getString(0)).collect(Collectors.toSet());
    assertEquals(ids.size(), distinct.size(), "no duplicate runs");
    assertEquals(planned, distinct, "exactly the planned runs");
    assertEquals(0, spark.sql("SELECT run_id, iteration FROM traces GROUP BY run_id, iteration HAVING count(*) > 1")
        .count(), "no duplicate trace rows");
    assertEquals(20, spark.sql("SELECT DISTINCT problem_id FROM problems").count());

    // 4 waves of 5,000 runs (5 problems each): one file per folder per table per wave
    Map<String, Long> files = filesPerFolder(out);
    assertEquals(Map.of("runs/kind=completion/n=3", 4L, "traces/kind=completion/n=3", 4L,
        "problems/kind=completion/n=3", 4L), files);
  }

  /** Waves cut by worst-case flops: the first pass counts the waves the iterator then gives, every run once. */
  @Test
  void wavesEndByCountOrByWorstCaseWork() throws IOException {
    SweepSpec s = sweep(dir.resolve("unused"));
    double perRun = Plan.runCost(s.runs().get(0));
    Waves byCount = new Waves(s, RunIds.EMPTY, RunIds.EMPTY, 3000, Double.POSITIVE_INFINITY);
    assertEquals(7, byCount.waves());
    Waves byWork = new Waves(s, RunIds.EMPTY, RunIds.EMPTY, 100_000, 999.5 * perRun);
    assertEquals(20_000 / 1000, byWork.waves(), "1000 runs reach 999.5 runs' worth");
    for (Waves w : List.of(byCount, byWork)) {
      assertEquals(20_000, w.count());
      int waves = 0;
      java.util.List<String> seen = new java.util.ArrayList<>();
      for (List<RunSpec> wave : w) {
        waves++;
        wave.forEach(r -> seen.add(r.runId()));
      }
      assertEquals(w.waves(), waves);
      assertEquals(s.runs().stream().map(RunSpec::runId).toList(), seen, "grid order, every run once");
    }
  }

  /**
   * Where a wave ends must not depend on the flop rate measured at the start (it would change which
   * runs step together): whatever the flop budget, a problem of at most maxRuns runs is never cut,
   * and a larger one is cut every maxRuns runs counted from its first. A resumed sweep (the runs of
   * the first waves present) gets the remaining waves unchanged.
   */
  @Test
  void wavesEndBetweenProblemsWhateverTheBudget() throws IOException {
    SweepSpec s = sweep(dir.resolve("unused")); // 20 problems of 1 000 runs
    double perRun = Plan.runCost(s.runs().get(0));
    java.util.Map<String, Integer> problemOf = new java.util.HashMap<>();
    java.util.Map<String, Integer> indexInProblem = new java.util.HashMap<>();
    for (int g = 0; g < s.groups().size(); g++) {
      List<RunSpec> runs = s.groups().get(g).list();
      for (int k = 0; k < runs.size(); k++) {
        problemOf.put(runs.get(k).runId(), g);
        indexInProblem.put(runs.get(k).runId(), k);
      }
    }
    for (int maxRuns : new int[] {100_000, 2_500, 300}) {
      for (double budget : new double[] {Double.POSITIVE_INFINITY, 1500.5 * perRun, 0.5 * perRun}) {
        Waves waves = new Waves(s, RunIds.EMPTY, RunIds.EMPTY, maxRuns, budget);
        List<List<RunSpec>> all = new java.util.ArrayList<>();
        waves.forEach(all::add);
        assertEquals(waves.waves(), all.size());
        for (List<RunSpec> w : all) {
          assertTrue(w.size() <= maxRuns, w.size() + " runs in a wave of at most " + maxRuns);
          RunSpec head = w.get(0);
          RunSpec tail = w.get(w.size() - 1);
          // a wave starts at a problem's first run or at a multiple of maxRuns inside it, and ends
          // at its last run or just before such a multiple
          int start = indexInProblem.get(head.runId());
          int end = indexInProblem.get(tail.runId()) + 1;
          String where = w.size() + " runs, maxRuns " + maxRuns + ", budget " + budget / perRun + " runs";
          assertEquals(0, start % Math.min(maxRuns, 1000), "wave starts at " + start + ": " + where);
          assertTrue(end == 1000 || end % maxRuns == 0, "wave ends at " + end + ": " + where);
          if (maxRuns >= 1000) {
            assertEquals(0, start, where);
          }
        }
        // resumed after each wave: the waves left are the same
        Set<String> present = new java.util.HashSet<>();
        for (int j = 1; j < Math.min(all.size(), 4); j++) {
          all.get(j - 1).forEach(r -> present.add(r.runId()));
          Waves resumed = new Waves(s, RunIds.of(present.iterator(), "present"), RunIds.EMPTY, maxRuns, budget);
          List<List<RunSpec>> rest = new java.util.ArrayList<>();
          resumed.forEach(rest::add);
          assertEquals(all.subList(j, all.size()), rest, "resumed after " + j + " waves");
        }
      }
    }
  }
}
