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

/** References once per problem, least squares, gradient flow and data files, through the engine on local[2]. */
class EngineFeaturesTest {
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

  private SweepRunner.Summary run(String name, String conf, Path out, String... sets) throws IOException {
    Path f = dir.resolve(name + ".conf");
    Files.writeString(f, "name = " + name + "\noutput = unused\n" + conf);
    SweepSpec s = SweepFiles.load(f, List.of(sets), out.toString());
    return new SweepRunner(spark, null).run(s, new PrintWriter(new StringWriter()));
  }

  private static List<Row> sql(Path out, String query) {
    Views.register(spark, out.toString());
    return spark.sql(query).collectAsList();
  }

  /**
   * The certificate can be checked from outside the engine: rebuild the problem from its spec, and
   * the stored dual ν gives λ_max(A*(ν)) ≤ 1 (dual feasibility) and ⟨y, ν⟩ = tr X_ref (no gap).
   */
  @Test
  void theStoredDualCertifiesTheStoredReference() throws IOException {
    Path out = dir.resolve("dual");
    run("dual", """
        grid { kind = [sensing, completion], n = 6, m = "2*n*rank", rank = 1, alpha = 1e-2, eta = 0.25, seed = 3 }
        run.max-iterations = 50
        reference.tolerance = 1e-9
        """, out);
    for (Row p : sql(out, "SELECT kind, n, m, rank, seed, ref_x, ref_dual, ref_norm, generator FROM problems")) {
      org.mfsweep.problem.Problem built = org.mfsweep.problem.Problems.build(new org.mfsweep.spec.ProblemSpec(
          new org.mfsweep.spec.Kind(p.getString(0)), p.getInt(1), p.getInt(2), p.getInt(3), p.getLong(4))
          .withGenerator(org.mfsweep.spec.Generator.parse(p.getString(8))), 1);
      double[] nu = p.getList(6).stream().mapToDouble(v -> (Double) v).toArray();
      assertEquals(built.m(), nu.length);
      double[] aStar = new double[36];
      built.train().evaluator().adjoint(nu, aStar);
      double lambdaMax = new org.mfsweep.linalg.SymmetricEigen(6).eigenvalues(aStar)[5];
      assertTrue(lambdaMax <= 1 + 1e-8, p.getString(0) + ": λ_max(A*(ν)) = " + lambdaMax);
      double dual = 0;
      for (int i = 0; i < nu.length; i++) {
        dual += built.y()[i] * nu[i];
      }
      assertEquals(p.getDouble(7), dual, 1e-8 * p.getDouble(7), p.getString(0) + ": ⟨y, ν⟩ = tr X_ref");
    }
    for (Row u : sql(out, "SELECT kind, ref_unique, ref_unique_reason FROM problems")) {
      assertFalse(u.isNullAt(2), u.getString(0) + ": every certified nuclear reference is tested for uniqueness");
    }
  }

  /**
   * Runs keep their final X (tr X is the nuclear norm, ‖X − X_ref‖/‖X_ref‖ is err_ref), and the
   * limits view gives, per group of runs that differ only in α, the path change between
   * consecutive α's as computed from those X.
   */
  @Test
  void runsKeepTheirXAndLimitsFollowTheAlphaPath() throws IOException {
    Path out = dir.resolve("limits");
    run("limits", """
        grid { kind = completion, n = 5, m = 10, rank = 1, alpha = [1e-1, 1e-2, 1e-3], eta = [0.25, 0.1], seed = 2 }
        run { max-iterations = 20000, tolerance = 1e-16 }
        """, out);
    List<Row> runs = sql(out, "SELECT r.run_id, r.alpha, r.eta, r.x, r.nuclear_norm, r.err_ref, p.ref_x FROM runs r "
        + "JOIN problems p ON r.problem_id = p.problem_id ORDER BY r.eta, r.alpha DESC");
    assertEquals(6, runs.size());
    for (Row r : runs) {
      double[] x = r.getList(3).stream().mapToDouble(v -> (Double) v).toArray();
      double[] ref = r.getList(6).stream().mapToDouble(v -> (Double) v).toArray();
      assertEquals(25, x.length, "X is stored n × n");
      double trace = 0;
      double diff = 0;
      double norm = 0;
      for (int j = 0; j < 5; j++) {
        trace += x[j + 5 * j];
      }
      for (int t = 0; t < 25; t++) {
        diff += (x[t] - ref[t]) * (x[t] - ref[t]);
        norm += ref[t] * ref[t];
      }
      assertEquals(r.getDouble(4), trace, 1e-12 * trace, "tr X = ‖U‖_F² = nuclear_norm");
      assertEquals(r.getDouble(5), Math.sqrt(diff / norm), 1e-9, "err_ref from the stored X");
    }
    List<Row> limits = sql(out, "SELECT eta, alpha_from, alpha, run_id_from, run_id, path_change, at_smallest_alpha "
        + "FROM limits ORDER BY eta, alpha DESC");
    assertEquals(4, limits.size(), "two consecutive pairs per group of three α");
    java.util.Map<String, double[]> xs = new java.util.HashMap<>();
    for (Row r : runs) {
      xs.put(r.getString(0), r.getList(3).stream().mapToDouble(v -> (Double) v).toArray());
    }
    for (Row l : limits) {
      double[] a = xs.get(l.getString(3));
      double[] b = xs.get(l.getString(4));
      double d = 0;
      double nb = 0;
      for (int t = 0; t < a.length; t++) {
        d += (a[t] - b[t]) * (a[t] - b[t]);
        nb += b[t] * b[t];
      }
      assertEquals(Math.sqrt(d / nb), l.getDouble(5), 1e-12, "path_change of " + l);
      assertTrue(l.getDouble(1) > l.getDouble(2), "from the larger α to the smaller");
      assertEquals(l.getDouble(2) == 1e-3, l.getBoolean(6), "the pair that ends at the smallest α is flagged");
    }
  }

  /** An uncertified reference gives no err_ref or ref_norm; ref_status says why. */
  @Test
  void anUncertifiedReferenceIsNoReference() throws IOException {
    Path out = dir.resolve("uncertified");
    run("uncertified", """
        grid { kind = sensing, n = 6, m = 12, rank = 2, alpha = 1e-2, eta = 0.25, seed = 1 }
        run.max-iterations = 50
        reference { tolerance = 1e-12, max-iterations = 1 }
        """, out);
    List<Row> rows = sql(out, "SELECT r.ref_status, r.err_ref, r.ref_norm, p.ref_status, p.ref_norm FROM runs r "
        + "JOIN problems p ON r.problem_id = p.problem_id");
    assertEquals(1, rows.size());
    Row r = rows.get(0);
    assertTrue(List.of("MAX_ITERATIONS", "STALLED").contains(r.getString(3)), "one iteration certifies nothing: "
        + r.getString(3));
    assertEquals(r.getString(3), r.getString(0), "runs say why err_ref is null");
    assertTrue(r.isNullAt(1) && r.isNullAt(2), "no err_ref or ref_norm from an uncertified reference");
    assertFalse(r.isNullAt(4), "problems keep the solver's own figures for diagnosis");
    assertEquals(0, sql(out, "SELECT * FROM traces WHERE err_ref IS NOT NULL").size());
  }

  @Test
  void everyProblemGetsOneCertifiedReferenceAndEveryRunItsDistance() throws IOException {
    Path out = dir.resolve("refs");
    String conf = """
        grid { kind = [sensing, completion, diagonal], n = 6, m = "2*n*rank", rank = 1,
               alpha = [1e-2, 1e-4], eta = 0.25, seed = [1, 2] }
        run { max-iterations = 20000, tolerance = 1e-14 }
        reference.tolerance = 1e-8
        """;
    run("refs", conf, out);
    List<Row> problems = sql(out, "SELECT problem_id, ref_kind, ref_status, primal_residual, dual_infeasibility, "
        + "complementarity, duality_gap, size(ref_x) FROM problems ORDER BY problem_id");
    assertEquals(6, problems.size(), "one row per problem");
    assertEquals(6, sql(out, "SELECT DISTINCT problem_id FROM runs").size());
    for (Row p : problems) {
      assertEquals("CONVERGED", p.getString(2), p.toString());
      for (int c = 3; c <= 6; c++) {
        assertTrue(p.getDouble(c) <= 1e-8, "certificate residual " + c + " of " + p);
      }
      assertEquals(36, p.getInt(7), "X_ref is stored");
    }
    assertEquals(List.of("l1", "nuclear"), sql(out, "SELECT DISTINCT ref_kind FROM problems ORDER BY 1").stream()
        .map(r -> r.getString(0)).toList());
    List<Row> runs = sql(out, "SELECT r.err_ref, r.ref_norm, p.ref_norm FROM runs r JOIN problems p "
        + "ON r.problem_id = p.problem_id");
    assertEquals(12, runs.size());
    for (Row r : runs) {
      assertFalse(r.isNullAt(0), "err_ref");
      assertEquals(r.getDouble(2), r.getDouble(1), 0.0, "ref_norm is the problem's");
    }
    assertEquals(0, sql(out, "SELECT * FROM traces WHERE err_ref IS NULL").size());

    // more runs on the same problems: their references are read back, not computed again
    run("refs", conf, out, "grid.alpha=[1e-2, 1e-4, 1e-3]");
    assertEquals(6, sql(out, "SELECT * FROM problems").size(), "no second reference for a problem");
    assertEquals(0, sql(out, "SELECT * FROM runs WHERE err_ref IS NULL").size());
  }

  @Test
  void leastSquaresFromZeroReachesTheMinimumL2Solution() throws IOException {
    Path out = dir.resolve("ls");
    run("ls", """
        grid { kind = least-squares, n = 30, m = 12, rank = 1, alpha = [0, 0.1], eta = 0.1, seed = 1 }
        run { max-iterations = 100000, tolerance = 1e-28 }
        """, out);
    List<Row> rows = sql(out, "SELECT alpha, status, err_ref, nuclear_norm, effective_rank FROM runs ORDER BY alpha");
    assertEquals(0.0, rows.get(0).getDouble(0));
    assertTrue(rows.get(0).getDouble(2) < 1e-10, "α = 0 gives A⁺y: " + rows.get(0));
    assertTrue(rows.get(1).getDouble(2) > 1e-2, "α·1 keeps its null-space part: " + rows.get(1));
    assertTrue(rows.get(0).isNullAt(3) && rows.get(0).isNullAt(4), "no matrix metrics for a vector");
    assertEquals("l2", sql(out, "SELECT ref_kind FROM problems").get(0).getString(0));
    // figures skip what does not apply to a vector (nuclear norm) instead of failing on it
    List<org.mfsweep.results.Figures.Figure> figures = org.mfsweep.results.Figures.write(spark, out.toString(),
        dir.resolve("ls-plots"), null);
    assertTrue(figures.size() >= 4, figures.toString());
    assertTrue(figures.stream().noneMatch(f -> f.file().toString().contains("nuclear_norm")), figures.toString());
  }

  @Test
  void anExhaustiveSearchGetsItsPerPatternFigures() throws IOException {
    Path out = dir.resolve("patterns");
    run("patterns", """
        grid { kind = completion, n = 3, m = 4, rank = 1, sampling = pattern, pattern = [0, 2, 9],
               alpha = 1e-3, eta = 0.5, seed = [1, 2] }
        run.max-iterations = 2000
        """, out);
    assertEquals(List.of(0L, 2L, 9L), sql(out, "SELECT DISTINCT pattern FROM problems ORDER BY 1").stream()
        .map(r -> r.getLong(0)).toList());
    List<org.mfsweep.results.Figures.Figure> figures = org.mfsweep.results.Figures.write(spark, out.toString(),
        dir.resolve("pattern-plots"), null);
    assertEquals(2, figures.stream().filter(f -> f.file().getFileName().toString().startsWith("patterns-")).count(),
        figures.toString());
  }

  @Test
  void flowRunsSitBesideGradientDescentWithTimes() throws IOException {
    Path out = dir.resolve("flow");
    run("flow", """
        grid { n = 6, m = "3*n*rank", rank = 1, alpha = 1e-3, eta = 0.25, optimizer = [gd, flow], seed = 1 }
        run { max-iterations = 20000, tolerance = 1e-6, flow.horizon = 100000 }
        """, out);
    List<Row> rows = sql(out, "SELECT optimizer, eta, status, time, iterations, err_ref FROM runs ORDER BY optimizer");
    assertEquals("flow", rows.get(0).getString(0));
    assertEquals(0.0, rows.get(0).getDouble(1));
    assertEquals("gd", rows.get(1).getString(0));
    assertEquals(rows.get(1).getInt(4) * 0.25, rows.get(1).getDouble(3), 1e-12, "gd time = iterations·η");
    for (Row r : rows) {
      assertEquals("CONVERGED", r.getString(2), r.toString());
    }
    List<Row> times = sql(out, "SELECT r.optimizer, min(t.time), max(t.time) FROM traces t JOIN runs r "
        + "ON t.run_id = r.run_id GROUP BY r.optimizer ORDER BY 1");
    assertEquals(Math.pow(2, -10), times.get(0).getDouble(1), 1e-15, "flow traces from t = 2^-10");
    assertEquals(rows.get(0).getDouble(3), times.get(0).getDouble(2), 1e-12, "… to its end");
  }

  @Test
  void aCompletionFileRunsWithoutATruthAndTestsOnHeldOutEntries() throws IOException {
    StringBuilder csv = new StringBuilder("user,item,rating\n");
    java.util.Random rng = new java.util.Random(7);
    double[] a = {1, 2, 0.5, 1.5};
    double[] b = {2, 1, 1, 0.5, 1, 2};
    for (int u = 0; u < 4; u++) {
      for (int i = 0; i < 6; i++) {
        if (rng.nextDouble() < 0.8) {
          csv.append(u + 1).append(',').append(i + 1).append(',').append(a[u] * b[i]).append('\n');
        }
      }
    }
    Path data = dir.resolve("ratings.csv");
    Files.writeString(data, csv);
    Path out = dir.resolve("data");
    run("data", """
        grid { alpha = 1e-3, eta = 0.5, seed = [1, 2] }
        run { max-iterations = 20000, tolerance = 1e-12 }
        data { file = "%s", index-base = 1, shape = rectangular, row-column = user, col-column = item,
               value-column = rating, test-fraction = 0.2 }
        """.formatted(data), out);
    List<Row> rows = sql(out, "SELECT n, rank, data_id, err_truth, truth_nuclear_norm, test_error, err_ref FROM runs");
    assertEquals(2, rows.size());
    for (Row r : rows) {
      assertEquals(10, r.getInt(0), "4 users + 6 items");
      assertEquals(0, r.getInt(1));
      assertFalse(r.isNullAt(2));
      assertTrue(r.isNullAt(3) && r.isNullAt(4), "no truth");
      assertFalse(r.isNullAt(5), "tested on held-out ratings");
      assertFalse(r.isNullAt(6), "compared with the minimum nuclear norm completion");
    }
    assertEquals(data.toString(), sql(out, "SELECT DISTINCT data_file FROM problems").get(0).getString(0));
  }
}
