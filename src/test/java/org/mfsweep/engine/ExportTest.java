package org.mfsweep.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfsweep.results.Views;
import org.mfsweep.sweep.SweepFiles;
import org.mfsweep.testing.Spark;

/** A problem exported as a data file runs to the same numbers as the original (the round trip). */
class ExportTest {
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

  private void run(Path conf, String output) {
    new SweepRunner(spark, null).run(SweepFiles.load(conf, List.of(), output), new PrintWriter(new StringWriter()));
  }

  /** (alpha, eta) → train_loss, nuclear_norm of the runs of one problem. */
  private static Map<String, double[]> runs(Path out, String where) {
    Views.register(spark, out.toString());
    Map<String, double[]> m = new TreeMap<>();
    for (Row r : spark.sql("SELECT alpha, eta, train_loss, nuclear_norm, iterations FROM runs WHERE " + where)
        .collectAsList()) {
      m.put(r.getDouble(0) + "/" + r.getDouble(1), new double[] {r.getDouble(2), r.getDouble(3), r.getInt(4)});
    }
    return m;
  }

  private static double[] reference(Path out, String where) {
    Views.register(spark, out.toString());
    Row r = spark.sql("SELECT ref_norm, primal_residual, dual_infeasibility, complementarity, duality_gap FROM problems "
        + "WHERE " + where).collectAsList().get(0);
    return new double[] {r.getDouble(0), r.getDouble(1), r.getDouble(2), r.getDouble(3), r.getDouble(4)};
  }

  @Test
  void anExportedProblemRunsToTheSameNumbers() throws IOException {
    Path conf = dir.resolve("orig.conf");
    Files.writeString(conf, """
        name = orig
        output = unused
        grid { kind = [sensing, completion], n = 6, m = 14, rank = 1, alpha = [1e-1, 1e-3], eta = 0.25, seed = 5 }
        run { max-iterations = 3000, tolerance = 1e-14 }
        """);
    Path out = dir.resolve("orig");
    run(conf, out.toString());
    Views.register(spark, out.toString());
    List<Row> problems = spark.sql("SELECT problem_id, kind FROM problems").collectAsList();
    assertEquals(2, problems.size());
    for (Row p : problems) {
      String id = p.getString(0);
      Path folder = dir.resolve("export-" + p.getString(1));
      ProblemExport.Result r = ProblemExport.export(spark, out.toString(), id, folder);
      assertTrue(r.files().stream().allMatch(Files::exists), "every file is written: " + r.files());
      assertTrue(Files.exists(folder.resolve("truth.csv")), "the truth of a generated problem");
      Path again = dir.resolve("again-" + p.getString(1));
      run(r.sweepFile(), again.toString());
      Map<String, double[]> before = runs(out, "problem_id = '" + id + "'");
      Map<String, double[]> after = runs(again, "true");
      assertEquals(before.keySet(), after.keySet(), p.getString(1));
      for (String k : before.keySet()) {
        double[] b = before.get(k);
        double[] a = after.get(k);
        assertEquals(b[0], a[0], 1e-12 * Math.max(b[0], 1e-300), p.getString(1) + " train loss at " + k);
        assertEquals(b[1], a[1], 1e-12 * b[1], p.getString(1) + " nuclear norm at " + k);
        assertEquals(b[2], a[2], p.getString(1) + " iterations at " + k);
      }
      double[] rb = reference(out, "problem_id = '" + id + "'");
      double[] ra = reference(again, "true");
      assertEquals(rb[0], ra[0], 1e-12 * rb[0], p.getString(1) + " reference norm");
      for (int c = 1; c < 5; c++) {
        assertEquals(rb[c], ra[c], 1e-12, p.getString(1) + " certificate residual " + c);
      }
    }
  }
}
