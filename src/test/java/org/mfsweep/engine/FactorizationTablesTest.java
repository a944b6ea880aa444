package org.mfsweep.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfsweep.results.Views;
import org.mfsweep.sweep.SweepFiles;
import org.mfsweep.sweep.SweepSpec;
import org.mfsweep.testing.Spark;

/**
 * The factorization columns on real local[2] Spark: runs.factorization, depth, rows, cols and
 * problems.rows, cols, general are filled for every new row, general problems get their lifted
 * reference, and outputs written before these columns existed are read (with nulls) and resumed.
 */
class FactorizationTablesTest {
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
        name = factorizations
        output = unused
        # an instance whose lifted reference certifies at 1e-8, so that err_ref is filled (ziggurat's draw
        # of seed 0 stalls at complementarity 3.9e-8, and its err_ref is then null, as it must be)
        generator = well-polar
        grid { kind = completion, n = 4, m = 8, rank = 1, alpha = [1e-1, 1e-2], eta = 0.25 }
        run.max-iterations = 50
        """);
    return SweepFiles.load(conf, List.of(sets), output.toString());
  }

  private static SweepRunner.Summary run(SweepSpec s) {
    return new SweepRunner(spark, null).run(s, new PrintWriter(new StringWriter()));
  }

  @Test
  void newRowsFillTheFactorizationColumnsAndGeneralProblemsTheirReference() throws IOException {
    Path out = dir.resolve("out");
    run(sweep(out, "grid.factorization=[symmetric, asymmetric]", "grid.depth=[2, 3]", "grid.cols=5"));
    Views.register(spark, out.toString());
    assertEquals(0, spark.sql("SELECT * FROM runs WHERE factorization IS NULL OR depth IS NULL OR rows IS NULL "
        + "OR cols IS NULL").count(), "null-free for new rows");
    assertEquals(2, spark.sql("SELECT * FROM runs WHERE factorization = 'symmetric' AND depth = 2 AND rows = 4 "
        + "AND cols = 4 AND width = 4").count());
    assertEquals(4, spark.sql("SELECT * FROM runs WHERE factorization = 'asymmetric' AND rows = 4 AND cols = 5 "
        + "AND width = 5").count());
    assertEquals(List.of(2, 3), spark.sql("SELECT DISTINCT depth FROM runs WHERE factorization = 'asymmetric' "
        + "ORDER BY depth").collectAsList().stream().map(r -> r.getInt(0)).toList());
    assertEquals(List.of(), spark.sql("SELECT factorization, depth, error FROM runs WHERE status = 'FAILED'")
        .collectAsList().stream().map(Row::toString).toList(), "asymmetric runs run on general problems");
    assertEquals(0, spark.sql("SELECT * FROM runs WHERE factorization = 'asymmetric' AND (nuclear_norm IS NULL "
        + "OR err_truth IS NULL OR err_ref IS NULL OR test_error IS NULL)").count(), "their metrics are filled");
    assertEquals(0, spark.sql("SELECT * FROM problems WHERE rows IS NULL OR cols IS NULL OR general IS NULL").count());
    List<Row> general = spark.sql("SELECT rows, cols, n, ref_status, ref_kind, ref_method, size(ref_x), size(ref_dual), "
        + "ref_unique, ref_unique_reason, duality_gap, ref_norm, truth_norm FROM problems WHERE general").collectAsList();
    assertEquals(1, general.size());
    Row g = general.get(0);
    assertEquals(List.of(4, 5, 4), List.of(g.getInt(0), g.getInt(1), g.getInt(2)));
    assertEquals("CONVERGED", g.getString(3));
    assertEquals("nuclear", g.getString(4));
    assertEquals("IPM", g.getString(5));
    assertEquals(20, g.getInt(6), "ref_x is rows × cols");
    assertEquals(8, g.getInt(7));
    assertTrue(g.isNullAt(8));
    assertTrue(g.getString(9).contains("not tested"));
    assertTrue(g.getDouble(10) <= 1e-8);
    assertTrue(g.getDouble(11) > 0 && g.getDouble(11) <= g.getDouble(12) * (1 + 1e-6), "‖X_ref‖_* ≤ ‖X*‖_*");
    assertEquals(1, spark.sql("SELECT * FROM problems WHERE NOT general AND rows = 4 AND cols = 4").count());
  }

  /** An output of before the factorization columns: read with nulls there, and its runs found by their run_ids. */
  @Test
  void outputsOfBeforeTheFactorizationColumnsAreReadAndResumed() throws IOException {
    Path out = dir.resolve("old");
    run(sweep(out));
    rewriteWithout(out.resolve("runs"), "factorization", "depth", "rows", "cols");
    rewriteWithout(out.resolve("problems"), "rows", "cols", "general");
    assertFalse(List.of(spark.read().parquet(out.resolve("runs").toString()).columns()).contains("factorization"));
    SweepRunner.Summary again = run(sweep(out, "grid.factorization=[symmetric, asymmetric]"));
    assertEquals(2, again.alreadyPresent(), "the old symmetric runs are found by their run_ids");
    assertEquals(2, again.computed(), "only the asymmetric runs are new");
    Views.register(spark, out.toString());
    assertEquals(2, spark.sql("SELECT * FROM runs WHERE factorization IS NULL AND depth IS NULL").count());
    assertEquals(2, spark.sql("SELECT * FROM runs WHERE factorization = 'asymmetric' AND depth = 2").count());
    assertEquals(1, spark.sql("SELECT * FROM problems WHERE general IS NULL").count());
    assertEquals(1, spark.sql("SELECT * FROM problems WHERE general AND rows = 4 AND cols = 4").count());
  }

  /**
   * A MovieLens-style u.data file run with both factorizations: the general 3 × 4 problem and the
   * symmetric 7 × 7 embedding, whose ref_norm is twice the general one's (README "Problems from
   * your data").
   */
  @Test
  void aUDataFileRunsWithBothFactorizationsAndTheEmbeddingsRefNormIsTwice() throws IOException {
    Path data = dir.resolve("u.data");
    Files.writeString(data, "1\t1\t5\t881250949\n1\t3\t3\t891717742\n2\t2\t4\t878887116\n2\t4\t1\t880606923\n"
        + "3\t1\t2\t886397596\n3\t4\t4\t884182806\n1\t2\t1\t881251949\n3\t3\t5\t891628467\n");
    Path conf = dir.resolve("u.conf");
    Files.writeString(conf, """
        name = movielens
        output = unused
        grid { alpha = 1e-2, eta = 0.05, factorization = [symmetric, asymmetric], depth = [2, 3] }
        run.max-iterations = 50
        data { file = "%s", separator = "\\t", header = false, columns = [row, col, value, timestamp],
               index-base = 1, shape = rectangular }
        """.formatted(data));
    Path out = dir.resolve("movielens");
    run(SweepFiles.load(conf, List.of(), out.toString()));
    Views.register(spark, out.toString());
    List<Row> p = spark.sql("SELECT general, rows, cols, n, ref_status, ref_norm FROM problems ORDER BY general")
        .collectAsList();
    assertEquals(2, p.size());
    assertEquals(List.of(false, 7, 7, 7, "CONVERGED"), List.of(p.get(0).getBoolean(0), p.get(0).getInt(1),
        p.get(0).getInt(2), p.get(0).getInt(3), p.get(0).getString(4)));
    assertEquals(List.of(true, 3, 4, 3, "CONVERGED"), List.of(p.get(1).getBoolean(0), p.get(1).getInt(1),
        p.get(1).getInt(2), p.get(1).getInt(3), p.get(1).getString(4)));
    assertEquals(2 * p.get(1).getDouble(5), p.get(0).getDouble(5), 1e-6 * p.get(0).getDouble(5));
    assertEquals(3, spark.sql("SELECT * FROM runs WHERE status != 'FAILED'").count());
    assertEquals(2, spark.sql("SELECT * FROM runs WHERE factorization = 'asymmetric' AND rows = 3 AND cols = 4 "
        + "AND width = 4 AND data_id IS NOT NULL").count());
  }

  private static void rewriteWithout(Path table, String... columns) throws IOException {
    Path old = table.resolveSibling(table.getFileName() + "-old");
    spark.read().parquet(table.toString()).drop(columns).write().partitionBy("kind", "n").parquet(old.toString());
    try (Stream<Path> files = Files.walk(table)) {
      for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
    Files.move(old, table);
  }
}
