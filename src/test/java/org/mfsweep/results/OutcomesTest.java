package org.mfsweep.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfsweep.testing.Spark;

/**
 * The outcome classes on a hand-built output (runs and problems written as Parquet, as the engine
 * lays them out), one α-path group per class and one for each boundary of the thresholds, read
 * through query's views, the report and serve's catalog views.
 */
class OutcomesTest {
  static SparkSession spark;
  @TempDir static Path dir;
  static Path out;

  /** One run: its problem, α, final X (2 × 2 column-major), err_ref and nuclear norm. */
  record Run(String problem, double alpha, double[] x, Double errRef, double nuclearNorm, String status) {}

  /** One problem: its reference's status, norm and uniqueness. */
  record Problem(String id, long seed, String refStatus, double refNorm, Boolean unique) {}

  static final List<Problem> PROBLEMS = List.of(
      new Problem("p-equal", 1, "CONVERGED", 2, true),
      new Problem("p-equal-edge", 2, "CONVERGED", 2, true),      // err_ref exactly EQUAL: still equal
      new Problem("p-counter", 3, "CONVERGED", 2, true),
      new Problem("p-not-unique", 4, "CONVERGED", 2, false),
      new Problem("p-undecided", 5, "CONVERGED", 2, null),
      new Problem("p-moving", 6, "CONVERGED", 2, true),
      new Problem("p-moving-edge", 7, "CONVERGED", 2, true),     // path_change just above SETTLED
      new Problem("p-diverged", 8, "CONVERGED", 2, true),        // NaN in X: no limit
      new Problem("p-uncertified", 9, "MAX_ITERATIONS", 2, true),
      new Problem("p-one-alpha", 10, "CONVERGED", 2, true),      // a single α: no outcome
      new Problem("p-stopped", 11, "CONVERGED", 2, true),        // settled but short of its tolerance
      new Problem("p-larger", 12, "CONVERGED", 2, null),         // undecided, but its norm is above the minimum
      new Problem("p-counter-close", 13, "CONVERGED", 2, true)); // unique, the norm gap below EQUAL

  static final double[] I2 = {1, 0, 0, 1};

  /** X = I + t·e₁e₁ᵀ: ‖X(t₁) − X(t₂)‖_F / ‖X(t₂)‖_F = |t₁ − t₂| / √((1 + t₂)² + 1). */
  static double[] moved(double t) {
    return new double[] {1 + t, 0, 0, 1};
  }

  /** The t₁ for which the path change from X(t₁) to X(0) = I is exactly c. */
  static double tFor(double c) {
    return c * Math.sqrt(2);
  }

  static List<Run> runs() {
    List<Run> r = new ArrayList<>();
    // settled (path change 1e-6 at the smallest α), err_ref well below EQUAL
    r.add(new Run("p-equal", 1e-2, moved(tFor(1e-2)), 2e-3, 2.01, "CONVERGED"));
    r.add(new Run("p-equal", 1e-4, moved(tFor(1e-6)), 2e-5, 2.0001, "CONVERGED"));
    r.add(new Run("p-equal", 1e-6, I2, 1e-6, 2.00001, "CONVERGED"));
    r.add(new Run("p-equal-edge", 1e-3, moved(tFor(1e-5)), Outcomes.EQUAL, 2.001, "CONVERGED"));
    r.add(new Run("p-equal-edge", 1e-6, I2, Outcomes.EQUAL, 2.001, "CONVERGED"));
    // settled, err_ref above EQUAL: counterexample when unique, else not unique
    r.add(new Run("p-counter", 1e-3, moved(tFor(1e-5)), 0.05, 2.04, "CONVERGED"));
    r.add(new Run("p-counter", 1e-6, I2, 0.05, 2.04, "CONVERGED"));
    r.add(new Run("p-not-unique", 1e-3, moved(tFor(1e-5)), 0.2, 2.0, "CONVERGED"));
    r.add(new Run("p-not-unique", 1e-6, I2, 0.2, 2.0, "CONVERGED"));
    r.add(new Run("p-undecided", 1e-3, moved(tFor(1e-5)), 0.3, 2.0001, "CONVERGED"));
    r.add(new Run("p-undecided", 1e-6, I2, 0.3, 2.0001, "CONVERGED"));
    // a norm 5 % above the certified minimum: no minimizer at all, whether or not the minimizer is unique
    r.add(new Run("p-larger", 1e-3, moved(tFor(1e-5)), 0.3, 2.1, "CONVERGED"));
    r.add(new Run("p-larger", 1e-6, I2, 0.3, 2.1, "CONVERGED"));
    // far from the unique reference with nearly its norm (gap 5e-5): a counterexample only by uniqueness
    r.add(new Run("p-counter-close", 1e-3, moved(tFor(1e-5)), 0.05, 2.0001, "CONVERGED"));
    r.add(new Run("p-counter-close", 1e-6, I2, 0.05, 2.0001, "CONVERGED"));
    // the path still moves at the smallest α: whatever err_ref says (here 1e-6), no limit yet
    r.add(new Run("p-moving", 1e-3, moved(tFor(0.1)), 0.1, 2.1, "CONVERGED"));
    r.add(new Run("p-moving", 1e-6, I2, 1e-6, 2.0, "CONVERGED"));
    r.add(new Run("p-moving-edge", 1e-3, moved(tFor(Outcomes.SETTLED * 1.01)), 1e-3, 2.0, "CONVERGED"));
    r.add(new Run("p-moving-edge", 1e-6, I2, 1e-6, 2.0, "CONVERGED"));
    r.add(new Run("p-diverged", 1e-3, I2, 1e-6, 2.0, "CONVERGED"));
    r.add(new Run("p-diverged", 1e-6, new double[] {Double.NaN, 0, 0, 1}, null, Double.NaN, "DIVERGED"));
    // an uncertified reference: err_ref and ref_norm are null, whatever the path does
    r.add(new Run("p-uncertified", 1e-3, moved(tFor(1e-8)), null, 2.0, "CONVERGED"));
    r.add(new Run("p-uncertified", 1e-6, I2, null, 2.0, "CONVERGED"));
    r.add(new Run("p-one-alpha", 1e-6, I2, 0.5, 2.5, "CONVERGED"));
    // settled and far from the reference, but stopped at its budget: not (yet) a counterexample
    r.add(new Run("p-stopped", 1e-3, moved(tFor(1e-5)), 0.05, 1.96, "MAX_ITERATIONS"));
    r.add(new Run("p-stopped", 1e-6, I2, 0.05, 1.96, "MAX_ITERATIONS"));
    return r;
  }

  /** The expected class of each problem that has one. */
  static final Map<String, String> EXPECTED = new TreeMap<>(Map.ofEntries(Map.entry("p-stopped", Outcomes.NO_LIMIT),
      Map.entry("p-equal", Outcomes.EQUALS),
      Map.entry("p-equal-edge", Outcomes.EQUALS),
      Map.entry("p-counter", Outcomes.DIFFERS),
      Map.entry("p-not-unique", Outcomes.DIFFERS_NOT_UNIQUE),
      Map.entry("p-undecided", Outcomes.DIFFERS_NOT_UNIQUE),
      Map.entry("p-larger", Outcomes.DIFFERS),
      Map.entry("p-counter-close", Outcomes.DIFFERS),
      Map.entry("p-moving", Outcomes.NO_LIMIT),
      Map.entry("p-moving-edge", Outcomes.NO_LIMIT),
      Map.entry("p-diverged", Outcomes.NO_LIMIT),
      Map.entry("p-uncertified", Outcomes.NOT_CERTIFIED)));

  @BeforeAll
  static void start() {
    // serve's databases are folders under the warehouse: a throw-away one, as Outputs gives the commands
    spark = Spark.local(dir.resolve("warehouse"));
    out = dir.resolve("hand-built");
    StringBuilder runs = new StringBuilder();
    int k = 0;
    for (Run r : runs()) {
      Problem p = PROBLEMS.stream().filter(q -> q.id().equals(r.problem())).findFirst().orElseThrow();
      boolean certified = p.refStatus().equals("CONVERGED");
      runs.append(runs.length() > 0 ? ",\n" : "").append(String.format(Locale.ROOT,
          "('run-%d', '%s', %d, %s, %s, %s, %s, '%s', '%s', %s)", k++, r.problem(), p.seed(), d(r.alpha()),
          r.errRef() == null ? "CAST(NULL AS DOUBLE)" : d(r.errRef()), d(r.nuclearNorm()),
          certified ? d(p.refNorm()) : "CAST(NULL AS DOUBLE)", p.refStatus(), r.status(), array(r.x())));
    }
    spark.sql("SELECT run_id, problem_id, 'completion' AS kind, 2 AS n, 3 AS m, 1 AS rank, 2 AS width, "
        + "'identity' AS init, alpha, 0.25D AS eta, seed, 'uniform' AS sampling, 'gd' AS optimizer, "
        + "1000 AS max_iterations, 1e-12D AS tolerance, status, 10 AS iterations, 1e-13D AS train_loss, "
        + "nuclear_norm, err_ref, ref_norm, ref_status, x FROM VALUES " + runs
        + " AS t(run_id, problem_id, seed, alpha, err_ref, nuclear_norm, ref_norm, ref_status, status, x)")
        .write().partitionBy("kind", "n").parquet(out.resolve("runs").toString());
    spark.sql("SELECT run_id, kind, n, iterations AS iteration, 2.5D AS time, train_loss, nuclear_norm, err_ref "
        + "FROM parquet.`" + out.resolve("runs") + "` UNION ALL SELECT run_id, kind, n, 1, 0.25D, 1D, 10 * nuclear_norm, "
        + "0.5D + err_ref FROM parquet.`" + out.resolve("runs") + "`").write().partitionBy("kind", "n")
        .parquet(out.resolve("traces").toString());
    StringBuilder problems = new StringBuilder();
    for (Problem p : PROBLEMS) {
      problems.append(problems.length() > 0 ? ",\n" : "").append(String.format(Locale.ROOT,
          "('%s', %d, '%s', %s, %s)", p.id(), p.seed(), p.refStatus(), d(p.refNorm()),
          p.unique() == null ? "CAST(NULL AS BOOLEAN)" : p.unique().toString()));
    }
    spark.sql("SELECT problem_id, 'completion' AS kind, 2 AS n, 3 AS m, 1 AS rank, seed, 'uniform' AS sampling, "
        + "'nuclear' AS ref_kind, ref_status, ref_norm, ref_unique FROM VALUES " + problems
        + " AS t(problem_id, seed, ref_status, ref_norm, ref_unique)")
        .write().partitionBy("kind", "n").parquet(out.resolve("problems").toString());
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static String d(double v) {
    return Double.isNaN(v) ? "CAST('NaN' AS DOUBLE)" : Double.toString(v) + "D";
  }

  private static String array(double[] x) {
    StringBuilder s = new StringBuilder("array(");
    for (int i = 0; i < x.length; i++) {
      s.append(i > 0 ? ", " : "").append(d(x[i]));
    }
    return s.append(")").toString();
  }

  private static Map<String, String> classes(String view) {
    Map<String, String> got = new TreeMap<>();
    for (Row r : spark.sql("SELECT problem_id, outcome FROM " + view).collectAsList()) {
      assertEquals(null, got.put(r.getString(0), r.getString(1)), "one row per group: " + r);
    }
    return got;
  }

  @Test
  void eachGroupGetsItsClassAtItsSmallestAlpha() {
    List<String> views = Views.register(spark, out.toString());
    assertTrue(views.contains(Outcomes.VIEW), views.toString());
    assertEquals(EXPECTED, classes(Outcomes.VIEW));
    for (String c : Outcomes.CLASSES) {
      assertTrue(EXPECTED.containsValue(c), "the hand-built output covers " + c);
    }
    Row counter = spark.sql("SELECT alpha, alpha_from, path_change, err_ref, norm_gap, ref_unique, status "
        + "FROM outcomes WHERE problem_id = 'p-counter'").first();
    assertEquals(1e-6, counter.getDouble(0), "the smallest α");
    assertEquals(1e-3, counter.getDouble(1));
    assertEquals(1e-5, counter.getDouble(2), 1e-12);
    assertEquals(0.05, counter.getDouble(3));
    assertEquals(0.02, counter.getDouble(4), 1e-12, "(2.04 − 2) / 2");
    assertTrue(counter.getBoolean(5));
    Row equal = spark.sql("SELECT alpha, path_change FROM outcomes WHERE problem_id = 'p-equal'").first();
    assertEquals(1e-6, equal.getDouble(0), "only the pair ending at the smallest α is classified");
    assertEquals(1e-6, equal.getDouble(1), 1e-12);
  }

  @Test
  void withoutAProblemsTableNoReferenceCountsAsUnique() throws IOException {
    Path bare = dir.resolve("no-problems");
    Files.createDirectories(bare);
    spark.read().parquet(out.resolve("runs").toString()).write().partitionBy("kind", "n")
        .parquet(bare.resolve("runs").toString());
    Views.register(spark, bare.toString());
    Map<String, String> expected = new TreeMap<>(EXPECTED);
    expected.put("p-counter-close", Outcomes.DIFFERS_NOT_UNIQUE); // p-counter's norm gap 0.02 still decides
    assertEquals(expected, classes(Outcomes.VIEW));
  }

  @Test
  void theReportCountsTheClassesAndListsTheGaps() throws IOException {
    // the figures draw no NaN axis (a diverged run's NaN nuclear norm): the report is read without that group
    Path finite = dir.resolve("finite");
    for (String table : List.of("runs", "traces", "problems")) {
      spark.read().parquet(out.resolve(table).toString())
          .where(table.equals("problems") ? "problem_id != 'p-diverged'" : "NOT isnan(nuclear_norm)")
          .write().partitionBy("kind", "n").parquet(finite.resolve(table).toString());
    }
    Views.register(spark, finite.toString());
    String page = Files.readString(Report.write(spark, finite.toString(), dir.resolve("report"), null));
    int at = page.indexOf("<section id=\"outcomes\">");
    assertTrue(at >= 0, "an outcomes section");
    String section = page.substring(at, page.indexOf("</section>", at));
    assertTrue(section.contains("&gt; 0.001") && section.contains("err_ref ≤ 0.001"),
        "the thresholds are printed: " + section);
    for (Map.Entry<String, Long> e : Map.of(Outcomes.EQUALS, 2L, Outcomes.DIFFERS, 3L, Outcomes.DIFFERS_NOT_UNIQUE, 2L,
        Outcomes.NO_LIMIT, 3L, Outcomes.NOT_CERTIFIED, 1L).entrySet()) {
      assertTrue(section.contains("<td>" + e.getKey() + "</td><td class=\"n\">" + e.getValue() + "</td>"),
          e + " in " + section);
    }
    assertTrue(section.contains("<th class=\"n\">11</th>"), "11 groups in all");
    String gaps = section.substring(section.indexOf("Limits that differ from the reference"));
    for (String p : List.of("p-counter", "p-not-unique", "p-undecided")) {
      assertTrue(gaps.contains(p), p + " in the list of gaps");
    }
    for (String p : List.of("p-equal", "p-moving", "p-uncertified", "p-stopped")) {
      assertFalse(gaps.contains(p + "<"), p + " is not a differing limit");
    }
    assertTrue(gaps.contains("0.02"), "p-counter's norm gap");
    assertTrue(gaps.indexOf("p-counter") < gaps.indexOf("p-not-unique"), "counterexamples first");
  }

  @Test
  void serveSeesTheOutcomesToo() {
    List<SharedViews.Output> served = SharedViews.register(spark, List.of(out.toString()));
    String db = served.get(0).database();
    assertTrue(served.get(0).tables().contains(Outcomes.VIEW), served.toString());
    assertEquals(EXPECTED, classes(SharedViews.quote(db) + "." + Outcomes.VIEW));
    assertEquals(EXPECTED, classes("default." + Outcomes.VIEW));
    assertEquals(13L, spark.sql("SELECT count(*) FROM default.limits").first().getLong(0),
        "two pairs of p-equal's three α, one for each other group of two α");
  }
}
