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
 * The figures of a sweep, as PNG: for each group of runs that differ only in α and seed, each
 * trace metric against iteration with one line per α (median over seeds); and for each group
 * that differs only in α, m and seed, each final metric against α with one line per m.
 */
public final class Figures {
  /** Groups beyond this are left out (narrow the runs with --where). */
  public static final int MAX_GROUPS = 24;

  /** Columns that, with α and seed, identify a run. */
  static final List<String> GROUP = List.of("kind", "n", "m", "rank", "sampling", "power_law_exponent", "width", "init",
      "eta", "optimizer");

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
    Views.register(spark, dir);
    Files.createDirectories(outDir);
    Dataset<Row> runs = spark.table(Tables.RUNS).where("status != 'FAILED'");
    if (where != null && !where.isBlank()) {
      runs = runs.where(where);
    }
    List<Figure> out = new ArrayList<>();
    out.addAll(traceFigures(spark, runs, outDir));
    out.addAll(alphaFigures(runs, outDir));
    out.addAll(patternFigures(runs, outDir));
    return out;
  }

  /**
   * For pattern sampling (the exhaustive search): per pattern, the median relative gap between the
   * nuclear norm reached and the minimum, and the median err_ref; one figure per (n, m, rank,
   * optimizer), one line per α.
   */
  private static List<Figure> patternFigures(Dataset<Row> runs, Path outDir) throws IOException {
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
            + g.getString(3) + "-" + name + ".png");
        Charts.png(Charts.lines(title, subtitle, "pattern (index of the observed m-subset)", false, m.label(), true,
            lines, null), file);
        out.add(new Figure(file, title, subtitle));
      }
    }
    return out;
  }


  private static List<Figure> traceFigures(SparkSession spark, Dataset<Row> runs, Path outDir) throws IOException {
    List<String> traceColumns = Arrays.asList(spark.table(Tables.TRACES).columns());
    List<Figure> out = new ArrayList<>();
    List<Row> groups = runs.groupBy(cols(GROUP)).agg(countDistinct("alpha").as("alphas"), count("*").as("runs"))
        .orderBy(cols(GROUP)).limit(MAX_GROUPS).collectAsList();
    for (Row g : groups) {
      Dataset<Row> members = runs.where(match(g, GROUP)).select("run_id", "alpha", "truth_nuclear_norm");
      Row truthRow = members.agg(expr("percentile(truth_nuclear_norm, 0.5)")).first();
      double truthNorm = truthRow.isNullAt(0) ? Double.NaN : truthRow.getDouble(0); // unknown for data files
      List<String> present = new ArrayList<>();
      List<Column> aggs = new ArrayList<>();
      for (Metric m : TRACE_METRICS) {
        if (traceColumns.contains(m.column())) {
          present.add(m.column());
          aggs.add(expr("percentile(" + m.column() + ", 0.5)").as(m.column()));
        }
      }
      // a point is the median over the runs of that α that reached the iteration; the last iteration of
      // single runs (off the common log schedule) would make lines zig-zag, so a point needs half of them
      aggs.add(count("*").as("reached"));
      Dataset<Row> perAlpha = members.groupBy("alpha").agg(count("*").as("of"));
      List<Row> rows = spark.table(Tables.TRACES).join(members, "run_id").groupBy("alpha", "iteration")
          .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0]))
          .join(perAlpha, "alpha").where("2 * reached >= of")
          .orderBy(col("alpha").desc(), col("iteration")).collectAsList();
      String name = groupName(g);
      String subtitle = describe(g) + " · median over " + g.getLong(g.fieldIndex("runs")) / Math.max(1,
          g.getLong(g.fieldIndex("alphas"))) + " seed(s) per α";
      for (Metric m : TRACE_METRICS) {
        if (!present.contains(m.column())) {
          continue;
        }
        Map<Double, List<double[]>> byAlpha = new LinkedHashMap<>();
        for (Row r : rows) {
          Object v = r.getAs(m.column());
          byAlpha.computeIfAbsent(r.getDouble(r.fieldIndex("alpha")), a -> new ArrayList<>())
              .add(new double[] {r.getInt(r.fieldIndex("iteration")), v == null ? Double.NaN : ((Number) v).doubleValue()});
        }
        List<Charts.Line> lines = new ArrayList<>();
        byAlpha.forEach((alpha, points) -> lines.add(line("α = " + num(alpha), points)));
        if (!anyFinite(lines)) {
          continue; // a metric that does not apply here (nuclear norm of least squares, err_ref without a reference)
        }
        Charts.Marker marker = m.column().equals("nuclear_norm") && Double.isFinite(truthNorm)
            ? new Charts.Marker(truthNorm, "‖X*‖* = " + num(truthNorm)) : null;
        String title = m.label() + " against iteration";
        Path file = outDir.resolve("traces-" + name + "-" + m.column() + ".png");
        Charts.png(Charts.lines(title, subtitle, "iteration", true, m.label(), m.log(), lines, marker), file);
        out.add(new Figure(file, title, subtitle));
      }
    }
    return out;
  }

  private static List<Figure> alphaFigures(Dataset<Row> runs, Path outDir) throws IOException {
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
        Path file = outDir.resolve("alpha-" + groupName(g) + "-" + m.column() + ".png");
        Charts.png(Charts.lines(title, subtitle, "α (start scale)", true, m.label(), m.log(), lines, marker), file);
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
      if (GROUP.contains(f) && g.getAs(f) != null) {
        sb.append(sb.length() > 0 ? " " : "").append(f).append('=').append(text(g.getAs(f)));
      }
    }
    return sb.toString();
  }

  /** A file-name-safe form of the group. */
  static String groupName(Row g) {
    StringBuilder sb = new StringBuilder();
    for (String f : g.schema().fieldNames()) {
      if (GROUP.contains(f) && g.getAs(f) != null) {
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
