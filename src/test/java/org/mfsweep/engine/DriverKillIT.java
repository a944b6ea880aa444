package org.mfsweep.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mfsweep.testing.Scripts.submit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfsweep.results.Views;
import org.mfsweep.sweep.SweepFiles;
import org.mfsweep.testing.Scripts;
import org.mfsweep.testing.Scripts.Result;
import org.mfsweep.testing.Scripts.Running;
import org.mfsweep.testing.Spark;

/** The driver process killed with -9 mid-sweep, then the same command again: resume by run_id. */
class DriverKillIT {
  @TempDir Path dir;

  @Test
  void aKilledDriverLosesAtMostAWaveAndTheSameCommandFinishesTheSweep() throws Exception {
    Path job = dir.resolve("waves.conf");
    Path out = dir.resolve("out");
    Files.writeString(job, """
        name = waves
        output = %s
        grid { n = 30, m = "3*n*rank", rank = 2, alpha = [1e-2, 1e-3, 1e-4], eta = 0.25,
               seed = {from = 1, to = 16, steps = 16, scale = linear} }
        run { max-iterations = 4000, tolerance = 1e-10 }
        engine { wave-runs = 8, progress-interval = 1 }
        """.formatted(out));
    int planned = SweepFiles.load(job, List.of(), null).runs().size();
    Running first = Scripts.start(Map.of(), "./submit.sh", "run", job.toString());
    long deadline = System.nanoTime() + 180_000_000_000L;
    while (committedFiles(out) == 0 && first.process().isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertTrue(first.process().isAlive(), "still running after its first wave: " + first.err());
    new ProcessBuilder("kill", "-9", Long.toString(first.process().pid())).start().waitFor();
    first.process().waitFor();
    double killedAt = (System.nanoTime() - first.startNanos()) * 1e-9;

    SparkSession spark = Spark.local();
    try {
      long before = countRuns(spark, out);
      // waves end between problems: two problems of 3 runs fit in wave-runs = 8, so waves of 6
      assertTrue(before >= 6 && before < planned && before % 6 == 0, "killed after ≥ 1 whole wave, before the end: "
          + before);

      Result second = submit("run", job.toString());
      assertEquals(0, second.code(), second.err());
      assertTrue(second.out().contains(before + " runs are already in"), second.out());
      Views.register(spark, out.toString());
      assertEquals(planned, spark.sql("SELECT run_id FROM runs").count());
      assertEquals(planned, spark.sql("SELECT DISTINCT run_id FROM runs").count(), "no duplicates");
      assertEquals(0, spark.sql("SELECT run_id, iteration FROM traces GROUP BY run_id, iteration "
          + "HAVING count(*) > 1").count(), "no duplicate trace rows");
      assertEquals(planned, spark.sql("SELECT DISTINCT run_id FROM traces").count());

      Result third = submit("run", job.toString());
      assertEquals(0, third.code(), third.err());
      assertTrue(third.out().contains("all " + planned + " planned runs are already in"), third.out());
      System.out.printf("[driver-kill-it] planned %d; driver killed with -9 at %.1f s with %d runs committed "
              + "(waves of 6); the same command again skipped %d and computed %d (%.1f s); a third run computed 0%n",
          planned, killedAt, before, before, planned - before, second.seconds());
    } finally {
      spark.stop();
    }
  }

  private static long committedFiles(Path out) throws Exception {
    Path runs = out.resolve("runs");
    if (!Files.isDirectory(runs)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(runs)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".parquet")).count();
    }
  }

  private static long countRuns(SparkSession spark, Path out) {
    return spark.read().option("basePath", out.resolve("runs").toString()).parquet(out.resolve("runs").toString())
        .count();
  }
}
