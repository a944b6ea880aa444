package org.mfsweep.results;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.expr;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The figures of a sweep, as PNG or SVG: for each group of runs that differ only in α and seed, each
 * trace metric against iteration with one line per α (each seed faint, the median over seeds bold),
 * and, when the traces hold singular values, σ₁ … σₖ against iteration with one panel per α; and for
 * each group that differs only in α, m and seed, each final metric against α with one line per m.
 */
public final class Figures {
  /** Groups beyond this are left out (narrow the runs with --where). */
  public static final int MAX_GROUPS = 24;

  /** Columns that, with α and seed, identify a run. */
  static final List<String> GROUP = List.of("kind", "n", "cols", "m", "rank", "sampling", "power_law_exponent",
      "factorization", "depth", "width", "init", "eta", "optimizer");

  public record Figure(Path file, String title, String caption) {}

  private Figures() {}

  /** A metric: its column, axis label, whether a log axis suits it. */
  record Metric(String column, String label, boolean log) {}

  static final List<Metric> TRACE_METRICS = List.of(
      new Metric("train_loss", "train loss f(U)", true),
      new Metric("test_error", "test error (relative)", true),
      new Metric("nuclear_norm", "nuclear norm ‖X‖*", true),
      new Metric("err_ref", "‖X − X_ref‖F / ‖X_ref‖F", true));

  static final List<Metric> FINAL_METRICS = List.of(
      new Metric("test_error", "final test error (relative)", true),
      new Metric("err_truth", "‖X − X*‖F / ‖X*‖F", true),
      new Metric("err_ref", "‖X − X_ref‖F / ‖X_ref‖F", true),
      new Metric("nuclear_norm", "final nuclear norm ‖X‖*", true));

  /**
   * Writes the figures of the sweep in dir (views registered by {@link Views#register}) into outDir.
   *
   * @param where a Spark SQL predicate on runs, or null for all runs
   */
  public static List<Figure> write(SparkSession spark, String dir, Path outDir, String where) throws IOException {
    return write(spark, dir, outDir, where, "png");
  }

  /**
   * As {@link #write(SparkSession, String, Path, String)}, in the given format: "png" or "svg".
   */
  public static List<Figure> write(SparkSession spark, String dir, Path outDir, String where, String ext)
      throws IOException {
    if (!ext.equals("png") && !ext.equals("svg")) {
      throw new IllegalArgumentException("figure format must be png or svg, got " + ext);
    }
    Views.register(spark, dir);
    Files.createDirectories(outDir);
    Dataset<Row> runs = spark.table(Tables.RUNS).where("status != 'FAILED'");
    if (where != null && !where.isBlank()) {
      runs = runs.where(where);
    }
    List<Figure> out = new ArrayList<>();
    out.addAll(traceFigures(spark, runs, outDir, ext));
    out.addAll(alphaFigures(runs, outDir, ext));
    out.addAll(patternFigures(runs, outDir, ext));
    return out;
  }

  /**
   * For pattern sampling (the exhaustive search): per pattern, the median relative gap between the
   * nuclear norm reached and the minimum, and the median err_ref; one figure per (n, m, rank,
   * optimizer), one line per α.
   */
  private static List<Figure> patternFigures(Dataset<Row> runs, Path outDir, String ext) throws IOException {
    Dataset<Row> patterned = runs.where("sampling = 'pattern' AND ref_norm IS NOT NULL");
    if (patterned.isEmpty()) {
      return List.of();
    }
    List<Figure> out = new ArrayList<>();
    List<Row> groups = patterned.select("n", "m", "rank", "optimizer").distinct()
        .orderBy("n", "m", "rank", "optimizer").limit(MAX_GROUPS).collectAsList();
    for (Row g : groups) {
      Dataset<Row> members = patterned.where(col("n").equalTo(g.getInt(0)).and(col("m").equalTo(g.getInt(1)))
          .and(col("rank").equalTo(g.getInt(2))).and(col("optimizer").equalTo(g.getString(3))));
      for (Metric m : List.of(new Metric("abs(nuclear_norm / ref_norm - 1)", "|‖X‖* / ‖X_ref‖* − 1|", true),
          new Metric("err_ref", "‖X − X_ref‖F / ‖X_ref‖F", true))) {
        List<Row> rows = members.groupBy("alpha", "pattern").agg(expr("percentile(" + m.column() + ", 0.5)").as("v"))
            .orderBy(col("alpha").desc(), col("pattern")).collectAsList();
        Map<Double, List<double[]>> byAlpha = new LinkedHashMap<>();
        for (Row r : rows) {
          byAlpha.computeIfAbsent(r.getDouble(0), k -> new ArrayList<>()).add(new double[] {r.getLong(1), r.getDouble(2)});
        }
        List<Charts.Line> lines = new ArrayList<>();
        byAlpha.forEach((alpha, points) -> lines.add(line("α = " + num(alpha), points)));
        String name = m.column().equals("err_ref") ? "err_ref" : "norm_gap";
        String title = m.label() + " per observation pattern";
        String subtitle = "completion n=" + g.getInt(0) + " m=" + g.getInt(1) + " rank=" + g.getInt(2) + " "
            + g.getString(3) + ", every pattern · median over seeds";
        Path file = outDir.resolve("patterns-n" + g.getInt(0) + "_m" + g.getInt(1) + "_rank" + g.getInt(2) + "_"
            + g.getString(3) + "-" + name + "." + ext);
        Charts.write(Charts.lines(title, subtitle, "pattern (index of the observed m-subset)", false, m.label(), true,
            lines, null), lines, file);
        out.add(new Figure(file, title, subtitle));
      }
    }
    return out;
  }


  private static List<Figure> traceFigures(SparkSession spark, Dataset<Row> runs, Path outDir, String ext)
      throws IOException {
    List<String> traceColumns = Arrays.asList(spark.table(Tables.TRACES).columns());
    boolean spectrum = traceColumns.contains(SINGULAR_VALUES);
    List<Figure> out = new ArrayList<>();
    List<Row> groups = runs.groupBy(cols(GROUP)).agg(countDistinct("alpha").as("alphas"), count("*").as("runs"))
        .orderBy(cols(GROUP)).limit(MAX_GROUPS).collectAsList();
    for (Row g : groups) {
      Dataset<Row> members = runs.where(match(g, GROUP)).select("run_id", "alpha", "truth_nuclear_norm");
      Row truthRow = members.agg(expr("percentile(truth_nuclear_norm, 0.5)")).first();
      double truthNorm = truthRow.isNullAt(0) ? Double.NaN : truthRow.getDouble(0); // unknown for data files
      List<String> present = new ArrayList<>();
      List<Column> select = new ArrayList<>(List.of(col("alpha"), col("run_id"), col("iteration")));
      for (Metric m : TRACE_METRICS) {
        if (traceColumns.contains(m.column())) {
          present.add(m.column());
          select.add(col(m.column()));
        }
      }
      if (spectrum) {
        select.add(col(SINGULAR_VALUES));
      }
      // every point of every run: each run is drawn to its last point, the median from all of them
      List<Row> rows = spark.table(Tables.TRACES).join(members.select("run_id", "alpha"), "run_id")
          .select(select.toArray(new Column[0]))
          .orderBy(col("alpha").desc(), col("run_id"), col("iteration")).collectAsList();
      Map<Double, Map<String, List<Row>>> byAlpha = new LinkedHashMap<>();
      for (Row r : rows) {
        byAlpha.computeIfAbsent(r.getDouble(0), a -> new LinkedHashMap<>())
            .computeIfAbsent(r.getString(1), id -> new ArrayList<>()).add(r);
      }
      String name = groupName(g);
      long seeds = g.getLong(g.fieldIndex("runs")) / Math.max(1, g.getLong(g.fieldIndex("alphas")));
      String subtitle = describe(g) + (seeds > 1
          ? " · bold: median over " + seeds + " seeds per α (a run that stopped keeps its last value); faint: each seed"
          : "");
      for (Metric m : TRACE_METRICS) {
        if (!present.contains(m.column())) {
          continue;
        }
        List<Charts.Line> lines = seedsAndMedians(byAlpha, r -> {
          Object v = r.getAs(m.column());
          return v == null ? Double.NaN : ((Number) v).doubleValue();
        });
        if (!anyFinite(lines)) {
          continue; // a metric that does not apply here (nuclear norm of least squares, err_ref without a reference)
        }
        Charts.Marker marker = m.column().equals("nuclear_norm") && Double.isFinite(truthNorm)
            ? new Charts.Marker(truthNorm, "‖X*‖* = " + num(truthNorm)) : null;
        String title = m.label() + " against iteration";
        Path file = outDir.resolve("traces-" + name + "-" + m.column() + "." + ext);
        Charts.write(Charts.lines(title, subtitle, "iteration", true, m.label(), m.log(), lines, marker), lines, file);
        out.add(new Figure(file, title, subtitle));
      }
      if (spectrum && !byAlpha.isEmpty()) {
        Figure f = spectrumFigure(byAlpha, g, seeds, outDir.resolve("spectrum-" + name + "." + ext));
        if (f != null) {
          out.add(f);
        }
      }
    }
    return out;
  }

  /** The traces' column of singular values of X (descending), when the engine records them. */
  static final String SINGULAR_VALUES = "singular_values";

  /** At most this many singular values are drawn (σ₁ … σ₁₀); the rest stay in the table. */
  static final int MAX_SPECTRUM = 10;

  /**
   * σ₁ … σ_k of X against iteration, one panel per α of the group (largest α first), the panels sharing
   * both axes: per σᵢ each seed faint and the median over seeds bold, σᵢ in colour i. Both axes are
   * logarithmic: the trace points are geometric in the iteration (1, 2, 4, …), so a log iteration axis
   * spaces them evenly and shows both the early escape from the start and the late stages; the values
   * run from the start's scale (α² for X = UUᵀ from α·I) to ‖X*‖'s, decades apart, and growth from a
   * small start is exponential, so
   * each σᵢ's rise is a steep front and the rank-by-rank learning of a small start (Li, Luo & Lyu 2021)
   * reads as fronts at successive iterations. Null when no trace point holds singular values.
   */
  private static Figure spectrumFigure(Map<Double, Map<String, List<Row>>> byAlpha, Row g, long seeds, Path file)
      throws IOException {
    int k = 0;
    for (Map<String, List<Row>> perRun : byAlpha.values()) {
      for (List<Row> run : perRun.values()) {
        for (Row r : run) {
          int at = r.fieldIndex(SINGULAR_VALUES);
          k = Math.max(k, r.isNullAt(at) ? 0 : r.getList(at).size());
        }
      }
    }
    k = Math.min(k, MAX_SPECTRUM);
    if (k == 0) {
      return null;
    }
    List<Charts.Panel> panels = new ArrayList<>();
    for (Map.Entry<Double, Map<String, List<Row>>> e : byAlpha.entrySet()) {
      String alpha = "α = " + num(e.getKey());
      Map<String, List<Row>> perRun = e.getValue();
      List<Charts.Line> faint = new ArrayList<>();
      List<Charts.Line> bold = new ArrayList<>();
      for (int i = 0; i < k; i++) {
        int index = i;
        String sigma = "σ" + subscript(i + 1);
        List<double[][]> series = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (Map.Entry<String, List<Row>> run : perRun.entrySet()) {
          series.add(series(run.getValue(), r -> {
            int at = r.fieldIndex(SINGULAR_VALUES);
            List<Object> sv = r.isNullAt(at) ? List.of() : r.getList(at);
            return index < sv.size() && sv.get(index) != null ? ((Number) sv.get(index)).doubleValue() : Double.NaN;
          }));
          ids.add(run.getKey());
        }
        if (series.size() > 1) {
          for (int s = 0; s < series.size(); s++) {
            faint.add(new Charts.Line(sigma, series.get(s)[0], series.get(s)[1], i, k, true,
                "run " + ids.get(s) + " · " + alpha + " · " + sigma));
          }
        }
        double[][] median = TraceMedian.of(series);
        String who = series.size() > 1 ? "median over " + series.size() + " seeds · " + alpha + " · " + sigma
            : "run " + ids.get(0) + " · " + alpha + " · " + sigma;
        bold.add(new Charts.Line(sigma, median[0], median[1], i, k, false, who));
      }
      faint.addAll(bold); // medians on top
      if (anyFinite(faint)) {
        panels.add(new Charts.Panel(alpha, faint));
      }
    }
    if (panels.isEmpty()) {
      return null;
    }
    List<String> legend = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      legend.add("σ" + subscript(i + 1));
    }
    String title = "the " + k + " largest singular values of X against iteration, per α";
    String subtitle = describe(g) + (seeds > 1 ? " · bold: median over " + seeds + " seeds (a run that stopped keeps "
        + "its last value); faint: each seed" : "");
    Charts.panels(title, subtitle, legend, "iteration", "singular value σᵢ(X)", panels, file);
    return new Figure(file, title, subtitle);
  }

  private static String subscript(int i) {
    StringBuilder sb = new StringBuilder();
    for (char c : Integer.toString(i).toCharArray()) {
      sb.append((char) ('₀' + (c - '0')));
    }
    return sb.toString();
  }

  /**
   * Per α: one faint line per run (when α has several), then one bold line per α, the median over its runs;
   * colours ordered by α.
   */
  private static List<Charts.Line> seedsAndMedians(Map<Double, Map<String, List<Row>>> byAlpha,
                                                  java.util.function.ToDoubleFunction<Row> value) {
    List<Charts.Line> faint = new ArrayList<>();
    List<Charts.Line> bold = new ArrayList<>();
    int colour = 0;
    for (Map.Entry<Double, Map<String, List<Row>>> e : byAlpha.entrySet()) {
      List<double[][]> series = new ArrayList<>();
      List<String> ids = new ArrayList<>(e.getValue().keySet());
      for (List<Row> run : e.getValue().values()) {
        series.add(series(run, value));
      }
      String alpha = "α = " + num(e.getKey());
      if (series.size() > 1) {
        for (int s = 0; s < series.size(); s++) {
          faint.add(new Charts.Line(alpha, series.get(s)[0], series.get(s)[1], colour, byAlpha.size(), true,
              "run " + ids.get(s) + " · " + alpha));
        }
      }
      double[][] median = TraceMedian.of(series);
      bold.add(new Charts.Line(alpha, median[0], median[1], colour, byAlpha.size(), false,
          series.size() > 1 ? "median over " + series.size() + " seeds · " + alpha : "run " + ids.get(0) + " · " + alpha));
      colour++;
    }
    faint.addAll(bold); // drawn last, on top
    return faint;
  }

  /** {iterations, values} of one run's trace rows. */
  private static double[][] series(List<Row> run, java.util.function.ToDoubleFunction<Row> value) {
    double[] x = new double[run.size()];
    double[] y = new double[run.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = run.get(i).getInt(run.get(i).fieldIndex("iteration"));
      y[i] = value.applyAsDouble(run.get(i));
    }
    return new double[][] {x, y};
  }

  private static List<Figure> alphaFigures(Dataset<Row> runs, Path outDir, String ext) throws IOException {
    List<String> runColumns = Arrays.asList(runs.columns());
    List<String> group = new ArrayList<>(GROUP);
    group.remove("m");
    List<Figure> out = new ArrayList<>();
    List<Row> groups = runs.groupBy(cols(group)).agg(countDistinct("alpha").as("alphas"))
        .where("alphas >= 2").orderBy(cols(group)).limit(MAX_GROUPS).collectAsList();
    for (Row g : groups) {
      Dataset<Row> members = runs.where(match(g, group));
      for (Metric m : FINAL_METRICS) {
        if (!runColumns.contains(m.column())) {
          continue;
        }
        List<Row> rows = members.groupBy("m", "alpha").agg(expr("percentile(" + m.column() + ", 0.5)").as("v"),
                expr("percentile(truth_nuclear_norm, 0.5)").as("t"))
            .orderBy("m", "alpha").collectAsList();
        Map<Integer, List<double[]>> byM = new LinkedHashMap<>();
        double truth = Double.NaN;
        for (Row r : rows) {
          Object v = r.get(2);
          byM.computeIfAbsent(r.getInt(0), k -> new ArrayList<>())
              .add(new double[] {r.getDouble(1), v == null ? Double.NaN : ((Number) v).doubleValue()});
          truth = r.isNullAt(3) ? Double.NaN : r.getDouble(3);
        }
        List<Charts.Line> lines = new ArrayList<>();
        byM.forEach((mm, points) -> lines.add(line("m = " + mm, points)));
        if (!anyFinite(lines)) {
          continue;
        }
        Charts.Marker marker = m.column().equals("nuclear_norm") && Double.isFinite(truth)
            ? new Charts.Marker(truth, "‖X*‖* (median) = " + num(truth)) : null;
        String title = m.label() + " against α";
        String subtitle = describe(g) + " · median over seeds";
        Path file = outDir.resolve("alpha-" + groupName(g) + "-" + m.column() + "." + ext);
        Charts.write(Charts.lines(title, subtitle, "α (start scale)", true, m.label(), m.log(), lines, marker), lines,
            file);
        out.add(new Figure(file, title, subtitle));
      }
    }
    return out;
  }

  private static boolean anyFinite(List<Charts.Line> lines) {
    for (Charts.Line l : lines) {
      for (double y : l.y()) {
        if (Double.isFinite(y)) {
          return true;
        }
      }
    }
    return false;
  }

  private static Charts.Line line(String name, List<double[]> points) {
    double[] x = new double[points.size()];
    double[] y = new double[points.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = points.get(i)[0];
      y[i] = points.get(i)[1];
    }
    return new Charts.Line(name, x, y);
  }

  private static Column[] cols(List<String> names) {
    return names.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
  }

  /** rows of runs whose columns equal those of g. */
  private static Column match(Row g, List<String> names) {
    Column c = null;
    for (String name : names) {
      Column e = col(name).eqNullSafe(g.getAs(name));
      c = c == null ? e : c.and(e);
    }
    return c;
  }

  /** "kind=sensing n=30 m=180 rank=2 width=30 init=identity eta=0.25 optimizer=gd" (the group's values). */
  static String describe(Row g) {
    StringBuilder sb = new StringBuilder();
    for (String f : g.schema().fieldNames()) {
      if (GROUP.contains(f) && g.getAs(f) != null && applies(f, g)) {
        sb.append(sb.length() > 0 ? " " : "").append(f).append('=').append(text(g.getAs(f)));
      }
    }
    return sb.toString();
  }

  /**
   * Whether axis f means anything for the group's kind and optimizer: least squares has no rank, width or
   * init; gradient flow has no η; only completion samples entries.
   */
  static boolean applies(String f, Row g) {
    String kind = has(g, "kind") ? String.valueOf(g.<Object>getAs("kind")) : "";
    String optimizer = has(g, "optimizer") ? String.valueOf(g.<Object>getAs("optimizer")) : "";
    return switch (f) {
      case "rank", "width", "init" -> !kind.equals("least-squares");
      case "eta" -> !optimizer.equals("flow");
      case "sampling", "power_law_exponent" -> kind.equals("completion");
      // X = UUᵀ (and outputs of before the factorization axes) name neither; a square X, no cols
      case "factorization", "depth" -> has(g, "factorization") && "asymmetric".equals(g.getAs("factorization"));
      case "cols" -> has(g, "cols") && has(g, "n") && g.getAs("cols") != null
          && !String.valueOf(g.<Object>getAs("cols")).equals(String.valueOf(g.<Object>getAs("n")));
      default -> true;
    };
  }

  private static boolean has(Row g, String field) {
    return Arrays.asList(g.schema().fieldNames()).contains(field);
  }

  /** A file-name-safe form of the group. */
  static String groupName(Row g) {
    StringBuilder sb = new StringBuilder();
    for (String f : g.schema().fieldNames()) {
      if (GROUP.contains(f) && g.getAs(f) != null
          && (!List.of("factorization", "depth", "cols").contains(f) || applies(f, g))) {
        sb.append(sb.length() > 0 ? "_" : "").append(f).append(text(g.getAs(f)));
      }
    }
    return sb.toString().replaceAll("[^A-Za-z0-9._=-]", "");
  }

  private static String text(Object v) {
    return v instanceof Double d ? num(d) : String.valueOf(v);
  }

  /** Compact number for labels: 0.25, 1e-04, 1.38. */
  static String num(double x) {
    return Numbers.format(x, 3);
  }
}
