package org.mfsweep.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfsweep.results.Views;
import org.mfsweep.spec.RunSpec;
import org.mfsweep.sweep.SweepFiles;
import org.mfsweep.sweep.SweepSpec;
import org.mfsweep.testing.Scripts;
import org.mfsweep.testing.Scripts.Running;
import org.mfsweep.testing.Spark;

/**
 * One sweep through every fault in turn, each time a real ./submit.sh process: the driver killed
 * with SIGKILL mid-wave, run again and interrupted with SIGINT mid-wave, run again and stopped with
 * SIGTERM mid-wave, run again to the end, then one committed Parquet file truncated and the sweep
 * repaired with {@code run --repair}. At the end every table holds each of its keys exactly once,
 * the manifest lists each attempt with its final state, and no lock remains.
 */
class FaultCampaignIT {
  @TempDir Path dir;

  /**
   * Started as a terminal would start it: SIGINT and SIGTERM at their default disposition (a
   * process started in the background of a non-interactive shell inherits SIGINT ignored).
   */
  private static Running submit(String... args) throws IOException {
    List<String> cmd = new java.util.ArrayList<>(List.of("python3", "-c",
        "import os, signal, sys\n"
            + "signal.signal(signal.SIGINT, signal.SIG_DFL); signal.signal(signal.SIGTERM, signal.SIG_DFL)\n"
            + "os.execvp(sys.argv[1], sys.argv[1:])", "./submit.sh"));
    cmd.addAll(List.of(args));
    return Scripts.start(Map.of(), cmd.toArray(new String[0]));
  }

  private static void signal(Running r, String signal) throws Exception {
    new ProcessBuilder("kill", "-" + signal, Long.toString(r.process().pid())).start().waitFor();
  }

  /** Waits until this attempt committed a wave (the runs table has more files than before), then returns. */
  private static void awaitACommittedWave(Running r, Path out, long before) throws Exception {
    long deadline = System.nanoTime() + 120_000_000_000L;
    // this attempt's own first wave (not a wave that recovery rolled forward): the signal then falls in a later one
    while ((committed(out) <= before || !r.err().contains("SweepRunner: wave 1/")) && r.process().isAlive()
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(r.process().isAlive(), "still running after a committed wave: " + r.err());
  }

  @Test
  void killInterruptStopTruncateAndRepairLoseNothingAndDuplicateNothing() throws Exception {
    Path job = dir.resolve("campaign.conf");
    Path out = dir.resolve("out");
    Files.writeString(job, """
        name = campaign
        output = %s
        grid { n = 24, m = "3*n*rank", rank = 2, alpha = [1e-2, 1e-3, 1e-4], eta = 0.25,
               seed = {from = 1, to = 16, steps = 16, scale = linear} }
        run { max-iterations = 3000, tolerance = 1e-10 }
        engine { wave-runs = 6, progress-interval = 1, ui = false }
        """.formatted(out));
    SweepSpec sweep = SweepFiles.load(job, List.of(), null);
    long start = System.nanoTime();

    // 1. SIGKILL mid-wave: nothing can run, the attempt stays "running" and the lock stays
    Running killed = submit("run", job.toString());
    awaitACommittedWave(killed, out, 0);
    signal(killed, "KILL");
    assertEquals(137, killed.await(1).code());
    assertTrue(Files.exists(out.resolve("_lock")), "a killed driver leaves its lock");

    // 2. SIGINT mid-wave: the wave is abandoned, the attempt recorded, the lock released, exit 130
    Running interrupted = submit("run", job.toString());
    awaitACommittedWave(interrupted, out, committed(out));
    signal(interrupted, "INT");
    Scripts.Result i = interrupted.await(2);
    assertEquals(130, i.code(), i.err());
    assertTrue(i.err().contains("SIGINT received"), i.err());
    assertFalse(Files.exists(out.resolve("_lock")), "SIGINT releases the lock");

    // 3. SIGTERM mid-wave: the same, exit 143
    Running stopped = submit("run", job.toString());
    awaitACommittedWave(stopped, out, committed(out));
    signal(stopped, "TERM");
    Scripts.Result t = stopped.await(2);
    assertEquals(143, t.code(), t.err());
    assertFalse(Files.exists(out.resolve("_lock")), "SIGTERM releases the lock");

    // 4. the same command finishes the sweep
    Scripts.Result finished = submit("run", job.toString()).await(4);
    assertEquals(0, finished.code(), finished.err());

    // 5. a committed file truncated: --repair quarantines it and computes its runs again
    Path victim;
    try (Stream<Path> s = Files.walk(out.resolve("runs"))) {
      victim = s.filter(p -> p.toString().endsWith(".parquet")).sorted().findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(victim);
    Files.write(victim, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    Scripts.Result repaired = submit("run", job.toString(), "--repair").await(4);
    assertEquals(0, repaired.code(), repaired.err());
    assertTrue(repaired.out().contains("moved 1 unreadable file(s)"), repaired.out());
    double seconds = (System.nanoTime() - start) * 1e-9;

    Set<String> planned = sweep.runs().stream().map(RunSpec::runId).collect(Collectors.toCollection(TreeSet::new));
    SparkSession spark = Spark.local();
    try {
      Views.register(spark, out.toString());
      List<Row> runs = spark.sql("SELECT run_id FROM runs").collectAsList();
      assertEquals(planned.size(), runs.size(), "one runs row per planned run_id");
      assertEquals(planned, runs.stream().map(r -> r.getString(0)).collect(Collectors.toCollection(TreeSet::new)));
      assertEquals(0, spark.sql("SELECT run_id, iteration FROM traces GROUP BY run_id, iteration HAVING count(*) > 1")
          .count(), "one traces row per (run_id, iteration)");
      assertEquals(planned.size(), spark.sql("SELECT DISTINCT run_id FROM traces").count(), "every run traced");
      assertEquals(0, spark.sql("SELECT r.run_id FROM runs r LEFT ANTI JOIN (SELECT run_id, max(iteration) AS last "
          + "FROM traces GROUP BY run_id) t ON r.run_id = t.run_id AND t.last = r.iterations").count(),
          "each trace ends at its run's last iteration");
      long problems = spark.sql("SELECT problem_id FROM problems").count();
      assertEquals(sweep.runsByProblem().size(), problems, "one problems row per problem_id");
      assertEquals(problems, spark.sql("SELECT DISTINCT problem_id FROM problems").count());
    } finally {
      spark.stop();
    }
    Config manifest = ConfigFactory.parseFile(out.resolve("manifest.json").toFile());
    List<? extends Config> attempts = manifest.getConfigList("attempts");
    assertEquals(List.of("crashed", "interrupted", "interrupted", "completed", "completed"),
        attempts.stream().map(a -> a.getString("status")).toList());
    assertEquals("SIGINT", attempts.get(1).getString("signal"));
    assertEquals("SIGTERM", attempts.get(2).getString("signal"));
    assertEquals(1, attempts.get(4).getStringList("repair.quarantined").size());
    assertFalse(Files.exists(out.resolve("_lock")), "no lock at the end");
    assertFalse(Files.exists(out.resolve("_staging")), "no staged wave at the end");
    System.out.printf("[fault-campaign-it] %d runs; SIGKILL, SIGINT (%d), SIGTERM (%d), rerun, truncation and "
            + "--repair (%d runs computed again) in %.1f s%n", planned.size(), i.code(), t.code(),
        attempts.get(4).getInt("computed"), seconds);
  }

  private static long committed(Path out) throws IOException {
    Path runs = out.resolve("runs");
    if (!Files.isDirectory(runs)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(runs)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".parquet")).count();
    }
  }
}
