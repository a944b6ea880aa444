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
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfsweep.sweep.SweepFiles;
import org.mfsweep.testing.Spark;

/** Progress counts from task-end events, once per task of a compute job; a problem no task can hold is refused. */
class ProgressTest {
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

  @Test
  void aTaskComputedAgainOutsideTheComputeJobIsNotCountedTwice() throws InterruptedException {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    try (Progress progress = new Progress(spark.sparkContext(), 8, 8, 3600, false, null)) {
      LongAccumulator runs = progress.runs;
      JavaRDD<Integer> tasks = jsc.parallelize(List.of(1, 2, 3, 4, 5, 6, 7, 8), 4).map(x -> {
        runs.add(1);
        return x;
      });
      jsc.setLocalProperty(Progress.COMPUTE, "test");
      try {
        assertEquals(8, tasks.collect().size());
      } finally {
        jsc.setLocalProperty(Progress.COMPUTE, null);
      }
      progress.awaitCounted(8, 5000);
      assertEquals(8, progress.runsDone());
      // what the commit's jobs do when a cached partition is lost: the map runs again
      assertEquals(8, tasks.count());
      assertEquals(16, runs.value(), "the accumulator counts both");
      Thread.sleep(300); // let the listener hear of the second job's tasks
      assertEquals(8, progress.runsDone(), "progress counts the compute job's tasks once");
      double computing = progress.computeSeconds();
      assertTrue(computing > 0, "the compute job's time");
      Thread.sleep(300);
      assertEquals(computing, progress.computeSeconds(), 0.0, "no compute time passes between compute jobs");
      assertTrue(progress.line().startsWith("runs 8/8 (100.0%) · "), progress.line());
      progress.phase("committing wave 1/1: 8 runs, 0 trace rows");
      assertTrue(progress.line().endsWith("all computed · committing wave 1/1: 8 runs, 0 trace rows"),
          progress.line());
    }
  }

  @Test
  void aProblemTooLargeForATaskIsRefusedBeforeAnythingIsWritten() throws IOException {
    Path conf = dir.resolve("huge.conf");
    Path out = dir.resolve("out");
    Files.writeString(conf, "name = huge\noutput = x\ngrid { n = 1e9, m = 10, rank = 1, alpha = 1e-3, eta = 0.25 }\n");
    SetupException e = assertThrows(SetupException.class, () -> new SweepRunner(spark, null)
        .run(SweepFiles.load(conf, List.of(), out.toString()), new PrintWriter(new StringWriter())));
    assertTrue(e.getMessage().contains("n = 1000000000") && e.getMessage().contains("nothing was written"),
        e.getMessage());
    assertFalse(Files.exists(out), "no output folder, no lock");
    Files.writeString(conf, "name = big\noutput = x\ngrid { kind = completion, n = 30000, m = 100, rank = 1, "
        + "alpha = 1e-3, eta = 0.25 }\n");
    SetupException f = assertThrows(SetupException.class, () -> new SweepRunner(spark, null)
        .run(SweepFiles.load(conf, List.of(), out.toString()), new PrintWriter(new StringWriter())));
    assertTrue(f.getMessage().contains("needs at least 140.8 GB per task, and a task has")
        && f.getMessage().contains("local mode: driver heap"),
        f.getMessage());
    assertFalse(Files.exists(out));
  }
}
