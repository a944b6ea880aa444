package org.mfsweep.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mfsweep.testing.Scripts.submit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfsweep.results.Tables;
import org.mfsweep.sweep.SweepFiles;
import org.mfsweep.testing.Scripts;
import org.mfsweep.testing.Scripts.Result;
import org.mfsweep.testing.Scripts.Running;
import org.mfsweep.testing.Spark;

/**
 * A real standalone cluster on 127.0.0.1 (./submit.sh cluster start), a sweep through it with an
 * executor killed mid-sweep, the same sweep in local mode, and a submit without the secret.
 */
class ClusterIT {
  @TempDir static Path dir;
  static String master;
  static List<Long> daemons;
  static Path job;

  @BeforeAll
  static void startCluster() throws Exception {
    Result started = submit("cluster", "start", "--workers", "2", "--cores", "1", "--memory", "1g");
    assertEquals(0, started.code(), started.err() + started.out());
    System.out.printf("[cluster-it] cluster start: %.1f s wall: %s", started.seconds(), started.out());
    master = Files.readString(Scripts.projectDir().resolve("target/cluster/master-url")).trim();
    daemons = Files.readAllLines(Scripts.projectDir().resolve("target/cluster/pids")).stream()
        .map(Long::parseLong).toList();
    job = dir.resolve("cluster.conf");
    Files.writeString(job, """
        name = cluster
        output = unused
        grid {
          kind = [sensing, diagonal]
          n = 40
          m = "3*n*rank"
          rank = 2
          alpha = [1e-1, 1e-2, 1e-3, 1e-4]
          eta = 0.25
          seed = [1, 2, 3, 4, 5, 6]
        }
        run { max-iterations = 8000, tolerance = 1e-10 }
        engine { progress-interval = 1 }
        """);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    Result stopped = submit("cluster", "stop");
    System.out.println("[cluster-it] " + stopped.out().trim());
    for (long pid : daemons) {
      assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "daemon " + pid + " stopped");
    }
  }

  /** Executors are children of the workers the cluster script started. */
  private static List<ProcessHandle> executors() {
    List<ProcessHandle> out = new ArrayList<>();
    for (long pid : daemons.subList(1, daemons.size())) {
      ProcessHandle.of(pid).ifPresent(w -> w.children().forEach(out::add));
    }
    return out;
  }

  private static int runsDone(String log) {
    Matcher m = Pattern.compile("runs (\\d+)/(\\d+)").matcher(log);
    int done = -1;
    while (m.find()) {
      done = Integer.parseInt(m.group(1));
    }
    return done;
  }

  @Test
  void aSweepSurvivesAKilledExecutorAndEqualsTheLocalRunBitForBit() throws Exception {
    Path onCluster = dir.resolve("cluster-out");
    Path local = dir.resolve("local-out");
    int planned = SweepFiles.load(job, List.of(), "x").runs().size();
    Running sweep = Scripts.start(Map.of(), "./submit.sh", "--master", master, "run", job.toString(), "--output",
        onCluster.toString());
    long deadline = System.nanoTime() + 180_000_000_000L;
    ProcessHandle victim = null;
    while (victim == null && System.nanoTime() < deadline && sweep.process().isAlive()) {
      List<ProcessHandle> executors = executors();
      int done = runsDone(sweep.err());
      if (executors.size() == 2 && done > 0 && done < planned) {
        victim = executors.get(0);
      } else {
        Thread.sleep(100);
      }
    }
    assertTrue(victim != null, "found a running executor mid-sweep: " + sweep.err());
    double killedAt = (System.nanoTime() - sweep.startNanos()) * 1e-9;
    int doneAtKill = runsDone(sweep.err());
    new ProcessBuilder("kill", "-9", Long.toString(victim.pid())).start().waitFor();
    Result r = sweep.await(5);
    assertEquals(0, r.code(), r.err());
    System.out.printf("[cluster-it] executor %d killed with -9 at %.1f s, %d/%d runs done; sweep ended at %.1f s%n",
        victim.pid(), killedAt, doneAtKill, planned, r.seconds());
    r.err().lines().filter(l -> l.contains("Lost task") || l.contains("Lost executor") || l.contains("Removed executor")
        || l.contains("ExecutorLostFailure")).map(l -> l.length() > 220 ? l.substring(0, 220) + "…" : l)
        .forEach(l -> System.out.println("[cluster-it]   " + l));
    assertTrue(r.err().contains("Lost") || r.err().contains("lost"), "the driver saw the executor go: " + r.err());

    Result localRun = submit("run", job.toString(), "--output", local.toString());
    assertEquals(0, localRun.code(), localRun.err());

    SparkSession spark = Spark.local();
    try {
      Dataset<Row> a = runs(spark, onCluster);
      Dataset<Row> b = runs(spark, local);
      assertEquals(planned, a.count(), "every planned run");
      assertEquals(planned, a.select("run_id").distinct().count(), "exactly once");
      List<Row> clusterRows = a.collectAsList();
      List<Row> localRows = b.collectAsList();
      assertEquals(localRows, clusterRows, () -> "same run_ids, same numbers, bit for bit; "
          + differences(a.columns(), localRows, clusterRows));
      assertEquals(traces(spark, local).collectAsList(), traces(spark, onCluster).collectAsList(), "same traces");
      System.out.printf("[cluster-it] local and cluster runs tables: %d rows, identical bit for bit (all columns but "
          + "seconds); traces identical%n", planned);
    } finally {
      spark.stop();
    }
  }

  /** The first rows that differ, column by column (the whole tables would be cut off in a CI log). */
  private static String differences(String[] columns, List<Row> local, List<Row> cluster) {
    StringBuilder out = new StringBuilder();
    int shown = 0;
    for (int i = 0; i < Math.min(local.size(), cluster.size()) && shown < 5; i++) {
      Row l = local.get(i);
      Row c = cluster.get(i);
      if (l.equals(c)) {
        continue;
      }
      shown++;
      out.append("run ").append(l.get(0)).append(':');
      for (int k = 0; k < columns.length; k++) {
        if (!java.util.Objects.equals(l.get(k), c.get(k))) {
          out.append(' ').append(columns[k]).append(" local ").append(l.get(k)).append(" cluster ").append(c.get(k));
        }
      }
      out.append("; ");
    }
    return out.append(local.size()).append(" local rows, ").append(cluster.size()).append(" cluster rows").toString();
  }

  /** Every column but the wall time, ordered by run_id. */
  private static Dataset<Row> runs(SparkSession spark, Path out) {
    List<String> columns = new ArrayList<>(List.of(Tables.columns(Tables.RUNS_SCHEMA)));
    columns.remove("seconds");
    return spark.read().option("basePath", out.resolve("runs").toString()).parquet(out.resolve("runs").toString())
        .selectExpr(columns.toArray(new String[0])).orderBy("run_id");
  }

  private static Dataset<Row> traces(SparkSession spark, Path out) {
    return spark.read().option("basePath", out.resolve("traces").toString())
        .parquet(out.resolve("traces").toString()).selectExpr(Tables.columns(Tables.TRACES_SCHEMA))
        .orderBy("run_id", "iteration");
  }

  @Test
  void aSubmitWithoutTheSecretIsRefusedAndWritesNothing() throws Exception {
    Path empty = dir.resolve("no-secret.properties");
    Files.writeString(empty, "");
    Path out = dir.resolve("refused");
    Result r = submit("--master", master, "--properties-file", empty.toString(), "run", job.toString(), "--output",
        out.toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("requires authentication (spark.authenticate) and this submit has no secret"),
        r.err());
    assertTrue(r.err().contains("needs its secret"), r.err());
    // asked before Spark starts: not after Spark's registration retries (about 70 s)
    assertTrue(r.seconds() < 60, "refused before Spark's registration retries: " + r.seconds() + " s");
    assertFalse(Files.exists(out), "nothing written");
    System.out.printf("[cluster-it] submit without the secret refused after %.1f s%n", r.seconds());
  }
}
