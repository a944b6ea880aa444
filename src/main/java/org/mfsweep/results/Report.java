package org.mfsweep.results;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One self-contained HTML page for a sweep, or for two side by side: what was run (name, kinds,
 * counts by status, the resolved configuration), the reference certificates, the verdict on the
 * claim that gradient descent from small α reaches the reference, the final metrics (medians and
 * spread over seeds, only the columns that vary) and every figure as inline SVG with hover values
 * (SVG titles). No script, no network: the page is one file.
 */
public final class Report {
  private Report() {}

  /** A part of the page: anchor id, heading, body. */
  record Section(String id, String title, String html) {}

  /** A reference counts as certified when its solver reached the tolerance on every residual. */
  static final String CERTIFIED = "CONVERGED";

  /** Final metrics of the tables: column (or expression) and heading. */
  static final List<String[]> METRICS = List.of(
      new String[] {"iterations", "iterations"},
      new String[] {"train_loss", "train loss"},
      new String[] {"test_error", "test error"},
      new String[] {"nuclear_norm", "‖X‖*"},
      new String[] {"err_truth", "err_truth"},
      new String[] {"err_ref", "err_ref"},
      new String[] {"nuclear_norm / ref_norm - 1", "norm gap"},
      new String[] {"effective_rank", "effective rank"});

  /** The certificate's residuals, as in the problems table. */
  static final List<String> RESIDUALS = List.of("primal_residual", "cone_violation", "dual_infeasibility",
      "complementarity", "duality_gap", "row_space_distance");

  /** Writes outDir/index.html (and the figures beside it) for the sweep in dir; returns the page. */
  public static Path write(SparkSession spark, String dir, Path outDir, String where) throws IOException {
    return write(spark, List.of(dir), outDir, where);
  }

  /**
   * Writes outDir/index.html for one sweep, or for several side by side (each section of each sweep in
   * its own column); returns the page.
   */
  public static Path write(SparkSession spark, List<String> dirs, Path outDir, String where) throws IOException {
    Files.createDirectories(outDir);
    List<List<Section>> perDir = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < dirs.size(); i++) {
      Path figures = dirs.size() == 1 ? outDir : outDir.resolve("sweep-" + (i + 1));
      perDir.add(sections(spark, dirs.get(i), figures, where));
      names.add(sweepName(dirs.get(i)));
    }
    String title = "mfsweep report: " + String.join(" vs ", names);
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
        .append(esc(title)).append("</title>\n<style>\n").append(CSS.replace("MAXW", dirs.size() == 1 ? "1150px"
            : "1900px")).append("</style></head><body>\n");
    h.append("<h1>").append(esc(title)).append("</h1>\n");
    if (where != null && !where.isBlank()) {
      h.append("<p>Runs restricted to <code>").append(esc(where)).append("</code>.</p>\n");
    }
    h.append("<nav id=\"contents\"><h2>Contents</h2><ol>\n");
    for (Section s : perDir.get(0)) {
      h.append("<li><a href=\"#").append(s.id()).append("\">").append(esc(s.title())).append("</a></li>\n");
    }
    h.append("</ol></nav>\n");
    for (int k = 0; k < perDir.get(0).size(); k++) {
      Section first = perDir.get(0).get(k);
      h.append("<section id=\"").append(first.id()).append("\"><h2>").append(esc(first.title())).append("</h2>\n");
      if (dirs.size() == 1) {
        h.append(first.html());
      } else {
        h.append("<div class=\"side\" style=\"grid-template-columns:repeat(").append(dirs.size())
            .append(",minmax(0,1fr))\">\n");
        for (int i = 0; i < dirs.size(); i++) {
          h.append("<div class=\"sweep\"><h3>").append(esc(names.get(i))).append("</h3>\n")
              .append(perDir.get(i).get(k).html()).append("</div>\n");
        }
        h.append("</div>\n");
      }
      h.append("</section>\n");
    }
    h.append("<footer>Written by mfsweep ").append(esc(BuildInfoText.version())).append(". Medians are over seeds; ")
        .append("“a – b” below a median is the range over seeds.</footer>\n</body></html>\n");
    Path page = outDir.resolve("index.html");
    Files.writeString(page, h.toString(), StandardCharsets.UTF_8);
    return page;
  }

  static final String CSS = String.join("\n",
      "body{font-family:'DejaVu Sans',sans-serif;margin:1.5em auto;max-width:MAXW;padding:0 1em;color:#222;"
          + "line-height:1.4}",
      "h1{font-size:1.6em}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.6em}",
      "nav ol{columns:2;font-size:14px}",
      "table{border-collapse:collapse;margin:.6em 0;font-size:12.5px}",
      "th,td{border:1px solid #ccc;padding:2px 6px;vertical-align:top}th{background:#f2f2f2;text-align:left}",
      "td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}",
      "td small{color:#777;font-size:10.5px}",
      ".scroll{overflow-x:auto;max-width:100%}",
      ".bad{background:#fde8e8}.good{background:#e8f6e8}.mixed{background:#fff6dc}",
      ".callout{border-left:4px solid #c0392b;background:#fdf2f2;padding:.4em .8em;margin:.6em 0}",
      ".ok{border-left:4px solid #27ae60;background:#f2fbf4;padding:.4em .8em;margin:.6em 0}",
      "svg.fig{width:100%;height:auto;border:1px solid #eee;display:block}",
      "figure{margin:1em 0;break-inside:avoid}figcaption{font-size:12.5px;color:#555}",
      "details pre{font-size:11.5px;background:#f7f7f7;padding:.6em;overflow-x:auto}",
      ".side{display:grid;gap:1.2em}.sweep{min-width:0}.sweep h3{margin:.2em 0;color:#555}.sweep table{font-size:11px}",
      "td.a{white-space:nowrap}",
      "code{font-size:90%}footer{margin-top:2em;font-size:12px;color:#777}", "");

  /** The sections of one sweep; figures are written into figureDir as SVG. */
  static List<Section> sections(SparkSession spark, String dir, Path figureDir, String where) throws IOException {
    List<Figures.Figure> figures = Figures.write(spark, dir, figureDir, where, "svg");
    Dataset<Row> runs = spark.table(Tables.RUNS);
    if (where != null && !where.isBlank()) {
      runs = runs.where(where);
    }
    boolean hasProblems = spark.catalog().tableExists(Tables.PROBLEMS);
    List<Section> out = new ArrayList<>();
    out.add(new Section("run", "What was run", whatRan(runs, Path.of(dir, "manifest.json"))));
    out.add(new Section("certificates", "Reference certificates", hasProblems
        ? certificates(spark.table(Tables.PROBLEMS).join(runs.select("problem_id").distinct(), "problem_id"))
        : "<p>This output has no problems table.</p>\n"));
    List<Row> summary = summarise(runs, hasProblems ? spark.table(Tables.PROBLEMS) : null);
    out.add(new Section("verdict", "Verdict: does small α reach the reference?", verdict(spark, summary, runs)));
    out.add(new Section("outcomes", "Outcomes at the smallest α", outcomes(spark, runs)));
    out.add(new Section("metrics", "Final metrics", metrics(summary)));
    out.add(new Section("figures", "Figures", figures(figures)));
    return out;
  }

  // ---- what was run ----

  private static String whatRan(Dataset<Row> runs, Path manifestFile) {
    StringBuilder h = new StringBuilder();
    Config m = Files.isRegularFile(manifestFile) ? ConfigFactory.parseFile(manifestFile.toFile()) : null;
    List<Row> kinds = runs.groupBy("kind").agg(count("*").as("runs"), expr("count(DISTINCT problem_id)").as("p"))
        .orderBy("kind").collectAsList();
    List<Row> statuses = runs.groupBy("status").agg(count("*").as("runs")).orderBy("status").collectAsList();
    long total = statuses.stream().mapToLong(r -> r.getLong(1)).sum();
    h.append("<table>\n");
    row(h, "sweep", m != null && m.hasPath("name") ? m.getString("name") : "(no manifest.json)");
    if (m != null && m.hasPath("source")) {
      row(h, "sweep file", m.getString("source"));
    }
    StringBuilder k = new StringBuilder();
    for (Row r : kinds) {
      k.append(k.length() > 0 ? "; " : "").append(r.getString(0)).append(": ").append(r.getLong(1)).append(" runs on ")
          .append(r.getLong(2)).append(" problems");
    }
    row(h, "kinds", k.toString());
    StringBuilder st = new StringBuilder();
    for (Row r : statuses) {
      st.append(st.length() > 0 ? " · " : "").append(r.getString(0)).append(' ').append(r.getLong(1));
    }
    row(h, "runs by status", total + " runs: " + st);
    if (m != null) {
      for (String key : List.of("status", "master", "started", "finished", "seconds", "mfsweep_version", "git_commit",
          "spark_version", "java_version")) {
        if (m.hasPath(key)) {
          Object v = m.getValue(key).unwrapped();
          row(h, key, v instanceof Double d ? Numbers.format(d, 3) : String.valueOf(v));
        }
      }
      if (m.hasPath("driver_blas.blas")) {
        row(h, "BLAS (driver)", m.getString("driver_blas.blas") + " + " + m.getString("driver_blas.lapack") + " "
            + m.getValue("driver_blas.libraries").unwrapped());
      }
      if (m.hasPath("executor_blas")) {
        row(h, "BLAS (executors)", String.valueOf(m.getValue("executor_blas").unwrapped()));
      }
      if (m.hasPath("attempts")) {
        row(h, "attempts", Integer.toString(m.getConfigList("attempts").size()));
      }
    }
    h.append("</table>\n");
    if (m != null && m.hasPath("config")) {
      h.append("<details><summary>Resolved configuration (every key, defaults included)</summary><pre>")
          .append(esc(m.getConfig("config").root().render(ConfigRenderOptions.concise().setFormatted(true)
              .setJson(false)))).append("</pre></details>\n");
    }
    List<Row> failed = runs.where("status = 'FAILED'").select("run_id", "error").limit(20).collectAsList();
    if (!failed.isEmpty()) {
      h.append("<div class=\"callout\"><b>").append(failed.size() == 20 ? "20 or more" : failed.size())
          .append(" run(s) FAILED</b> (left out of the metrics and figures):<ul>");
      for (Row r : failed) {
        h.append("<li><code>").append(esc(r.getString(0).substring(0, Math.min(12, r.getString(0).length()))))
            .append("</code> ").append(esc(r.isNullAt(1) ? "" : r.getString(1))).append("</li>");
      }
      h.append("</ul></div>\n");
    }
    return h.toString();
  }

  private static void row(StringBuilder h, String key, String value) {
    h.append("<tr><th>").append(esc(key)).append("</th><td>").append(esc(value)).append("</td></tr>\n");
  }

  // ---- certificates ----

  private static String certificates(Dataset<Row> problems) {
    StringBuilder h = new StringBuilder();
    List<Column> aggs = new ArrayList<>();
    aggs.add(count("*").as("problems"));
    for (String r : RESIDUALS) {
      aggs.add(expr("max(" + r + ")").as("max " + r));
    }
    aggs.add(expr("max(ref_iterations)").as("max iterations"));
    aggs.add(expr("max(ref_seconds)").as("max seconds"));
    Dataset<Row> byStatus = problems.groupBy("kind", "ref_kind", "ref_status")
        .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0])).orderBy("kind", "ref_kind", "ref_status");
    h.append("<p>Each problem's reference solution carries a KKT certificate; ").append(CERTIFIED)
        .append(" means every residual reached the tolerance. Largest residual per group:</p>\n");
    List<Row> rows = byStatus.collectAsList();
    String[] names = byStatus.columns();
    List<Integer> present = new ArrayList<>(); // a residual no reference of this kind has (row space of SDPs) goes
    for (int i = 0; i < names.length; i++) {
      int at = i;
      if (rows.stream().anyMatch(r -> !r.isNullAt(at))) {
        present.add(i);
      }
    }
    h.append("<div class=\"scroll\">");
    table(h, rows, names, present.stream().mapToInt(Integer::intValue).toArray());
    h.append("</div>\n");
    List<Row> uncertified = problems.where("ref_status IS NULL OR ref_status NOT IN ('" + CERTIFIED + "', 'OFF')")
        .orderBy("kind", "n", "m", "rank", "seed").collectAsList();
    long off = problems.where("ref_status = 'OFF'").count();
    if (uncertified.isEmpty()) {
      h.append("<div class=\"ok\">Every reference is certified").append(off > 0 ? " (" + off
          + " problem(s) have no reference: OFF)" : "").append(".</div>\n");
    } else {
      h.append("<div class=\"callout\"><b>").append(uncertified.size()).append(" reference(s) not certified.</b> ")
          .append("Their err_ref and norm gap compare with a reference only as accurate as its residuals:</div>\n");
      List<String> show = new ArrayList<>(List.of("problem_id", "kind", "n", "m", "rank", "seed", "sampling", "pattern",
          "ref_kind", "ref_status"));
      show.addAll(RESIDUALS);
      show.addAll(List.of("ref_iterations", "ref_error"));
      Dataset<Row> sel = problems.where("ref_status IS NULL OR ref_status NOT IN ('" + CERTIFIED + "', 'OFF')")
          .select(show.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new))
          .orderBy("kind", "n", "m", "rank", "seed").limit(200);
      h.append("<div class=\"scroll\">");
      varyingTable(h, sel.collectAsList(), sel.columns(), Set.of("problem_id", "ref_status"));
      h.append("</div>\n");
    }
    return h.toString();
  }

  // ---- the summary per group and α ----

  /**
   * Per group (the columns of {@link Figures#GROUP}) and α: runs, statuses, median, min and max over seeds
   * of each metric, and how many of the group's problems have an uncertified reference.
   */
  private static List<Row> summarise(Dataset<Row> runs, Dataset<Row> problems) {
    Dataset<Row> ok = runs.where("status != 'FAILED'");
    if (problems != null) {
      ok = ok.join(problems.select(col("problem_id"), col("ref_status").as("p_ref_status")), "problem_id", "left");
    }
    List<Column> keys = new ArrayList<>();
    for (String g : Figures.GROUP) {
      keys.add(col(g));
    }
    keys.add(col("alpha"));
    List<Column> aggs = new ArrayList<>();
    aggs.add(expr("concat_ws(' ', array_sort(collect_list(status)))").as("statuses"));
    aggs.add(problems == null ? expr("0L").as("uncertified")
        : expr("count(DISTINCT CASE WHEN p_ref_status IS NULL OR p_ref_status NOT IN ('" + CERTIFIED
            + "', 'OFF') THEN problem_id END)").as("uncertified"));
    aggs.add(expr("count(DISTINCT problem_id)").as("problems"));
    for (int i = 0; i < METRICS.size(); i++) {
      String e = "CAST(" + METRICS.get(i)[0] + " AS DOUBLE)";
      aggs.add(expr("percentile(" + e + ", 0.5)").as("med" + i));
      aggs.add(expr("min(" + e + ")").as("min" + i));
      aggs.add(expr("max(" + e + ")").as("max" + i));
    }
    return ok.groupBy(keys.toArray(new Column[0])).agg(count("*").as("runs"), aggs.toArray(new Column[0]))
        .orderBy(keys.toArray(new Column[0])).limit(2000).collectAsList();
  }

  /** Key columns whose value differs between rows (α always counts). */
  private static List<String> varyingKeys(List<Row> summary) {
    List<String> keys = new ArrayList<>(Figures.GROUP);
    keys.add("alpha");
    List<String> out = new ArrayList<>();
    for (String k : keys) {
      Set<Object> seen = new LinkedHashSet<>();
      for (Row r : summary) {
        seen.add(r.getAs(k));
      }
      if (seen.size() > 1 || k.equals("alpha")) {
        out.add(k);
      }
    }
    return out;
  }

  private static String constantKeys(List<Row> summary, List<String> varying) {
    StringBuilder sb = new StringBuilder();
    if (summary.isEmpty()) {
      return "";
    }
    Row first = summary.get(0);
    for (String k : Figures.GROUP) {
      if (!varying.contains(k) && first.getAs(k) != null && Figures.applies(k, first)) {
        sb.append(sb.length() > 0 ? ", " : "").append(k).append(" = ").append(text(first.getAs(k)));
      }
    }
    return sb.toString();
  }

  private static String metrics(List<Row> summary) {
    if (summary.isEmpty()) {
      return "<p>No run outside FAILED matched.</p>\n";
    }
    List<String> varying = varyingKeys(summary);
    StringBuilder h = new StringBuilder();
    h.append("<p>One row per group and α; each cell is the median over seeds, with the range over seeds below "
        + "it. Same in every row: ").append(esc(constantKeys(summary, varying))).append(".</p>\n");
    List<Integer> shown = new ArrayList<>();
    for (int i = 0; i < METRICS.size(); i++) {
      for (Row r : summary) {
        if (!r.isNullAt(r.fieldIndex("med" + i))) {
          shown.add(i);
          break;
        }
      }
    }
    h.append("<div class=\"scroll\"><table><tr>");
    for (String k : varying) {
      h.append("<th>").append(k.equals("alpha") ? "α" : esc(k)).append("</th>");
    }
    h.append("<th>runs</th><th>status</th>");
    for (int i : shown) {
      h.append("<th>").append(esc(METRICS.get(i)[1])).append("</th>");
    }
    h.append("</tr>\n");
    for (Row r : summary) {
      h.append("<tr>");
      for (String k : varying) {
        Object v = r.getAs(k);
        h.append(v instanceof Number ? "<td class=\"n\">" : "<td>").append(esc(v == null ? "" : text(v)))
            .append("</td>");
      }
      h.append("<td class=\"n\">").append(r.getLong(r.fieldIndex("runs"))).append("</td><td>")
          .append(esc(statusCounts(r.getString(r.fieldIndex("statuses"))))).append("</td>");
      for (int i : shown) {
        h.append("<td class=\"n\">").append(cell(r, i, r.getLong(r.fieldIndex("runs")) > 1)).append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</table></div>\n");
    return h.toString();
  }

  /** "CONVERGED CONVERGED MAX_ITERATIONS" → "CONVERGED 2, MAX_ITERATIONS 1". */
  static String statusCounts(String sorted) {
    Map<String, Integer> c = new TreeMap<>();
    for (String s : sorted.split(" ")) {
      if (!s.isEmpty()) {
        c.merge(s, 1, Integer::sum);
      }
    }
    StringBuilder sb = new StringBuilder();
    c.forEach((s, n) -> sb.append(sb.length() > 0 ? ", " : "").append(s).append(' ').append(n));
    return sb.toString();
  }

  private static String cell(Row r, int metric, boolean spread) {
    int at = r.fieldIndex("med" + metric);
    if (r.isNullAt(at)) {
      return "";
    }
    String med = Numbers.format(r.getDouble(at), 3);
    double lo = r.getDouble(r.fieldIndex("min" + metric));
    double hi = r.getDouble(r.fieldIndex("max" + metric));
    return spread && lo != hi ? esc(med) + "<br><small>" + esc(Numbers.format(lo, 2)) + " – "
        + esc(Numbers.format(hi, 2)) + "</small>" : esc(med);
  }

  // ---- verdict ----

  /** Index of err_ref and of the norm gap in {@link #METRICS}. */
  private static final int ERR_REF = 5;
  private static final int NORM_GAP = 6;

  /**
   * The claim each job tests (docs/reproduction.md): as α → 0 gradient descent approaches the reference
   * (minimum nuclear norm, ℓ1 or ℓ2). Judged per group from the outcome classes of its problems at the
   * smallest α ({@link Outcomes}: a verdict needs a limit that is reached), with the medians' trend
   * beside it; for exhaustive pattern searches, also from the count of runs whose nuclear norm misses
   * the minimum by more than 0.1 %.
   */
  private static String verdict(SparkSession spark, List<Row> summary, Dataset<Row> runs) {
    StringBuilder h = new StringBuilder();
    List<Row> withRef = summary.stream().filter(r -> !r.isNullAt(r.fieldIndex("med" + ERR_REF))).toList();
    if (withRef.isEmpty()) {
      return "<p>No run has a reference (err_ref is empty): there is no claim to judge.</p>\n";
    }
    List<String> varying = new ArrayList<>(varyingKeys(summary));
    varying.remove("alpha");
    Map<List<Object>, List<Row>> groups = new LinkedHashMap<>();
    for (Row r : withRef) {
      List<Object> key = new ArrayList<>();
      for (String k : Figures.GROUP) {
        key.add(r.getAs(k));
      }
      groups.computeIfAbsent(key, x -> new ArrayList<>()).add(r);
    }
    Map<List<Object>, Map<String, Long>> classes = outcomeClasses(spark, runs);
    h.append("<p>The claim: as the start scale α → 0, gradient descent reaches the reference solution "
        + "(minimum nuclear norm for sensing and completion, minimum ℓ1 for the diagonal case, minimum ℓ2 for "
        + "least squares). It is about a limit, so each group is judged from its problems' outcomes at the "
        + "smallest α (next section): <b>holds</b> when every problem's limit is reached and equals the "
        + "reference; <b>does not hold</b> when a limit is reached and differs from a unique (or smaller-norm) "
        + "reference; <b>not decided</b> when some α-path has not settled (no limit yet) or a limit differs from "
        + "a reference that is not unique; <b>inconclusive</b> when a reference of the group is not certified. "
        + "Beside it, the medians' trend over α: err_ref falls at every step towards 0, rises at the last step, or "
        + "neither. Without stored X (n above run.keep-x) there is no outcome, and the trend alone is shown, as "
        + "no verdict. Least squares from α = 0: holds when err_ref ≤ 1e-8.</p>\n");
    h.append("<div class=\"scroll\"><table><tr>");
    for (String k : varying) {
      h.append("<th>").append(esc(k)).append("</th>");
    }
    h.append("<th>α (largest → smallest)</th><th>err_ref</th><th>norm gap</th><th>uncertified refs</th>"
        + "<th>verdict</th></tr>\n");
    for (List<Row> g : groups.values()) {
      List<Row> byAlpha = new ArrayList<>(g);
      byAlpha.sort((a, b) -> Double.compare(b.getDouble(b.fieldIndex("alpha")), a.getDouble(a.fieldIndex("alpha"))));
      double[] err = byAlpha.stream().mapToDouble(r -> r.getDouble(r.fieldIndex("med" + ERR_REF))).toArray();
      double[] alpha = byAlpha.stream().mapToDouble(r -> r.getDouble(r.fieldIndex("alpha"))).toArray();
      long uncertified = g.stream().mapToLong(r -> r.getLong(r.fieldIndex("uncertified"))).max().orElse(0);
      long problems = g.stream().mapToLong(r -> r.getLong(r.fieldIndex("problems"))).max().orElse(0);
      List<Object> key = new ArrayList<>();
      for (String k : Figures.GROUP) {
        key.add(g.get(0).getAs(k));
      }
      String verdict = judge(String.valueOf(g.get(0).<Object>getAs("kind")), alpha, err, uncertified,
          classes.getOrDefault(key, Map.of()));
      h.append("<tr class=\"").append(verdict.startsWith("holds") ? "good" : verdict.startsWith("does not") ? "bad"
          : "mixed").append("\">");
      for (String k : varying) {
        Object v = g.get(0).getAs(k);
        h.append("<td>").append(esc(v == null ? "" : text(v))).append("</td>");
      }
      h.append("<td class=\"a\">").append(esc(join(alpha))).append("</td><td class=\"n\">").append(esc(join(err)))
          .append("</td><td class=\"n\">")
          .append(esc(join(byAlpha.stream().mapToDouble(r -> r.isNullAt(r.fieldIndex("med" + NORM_GAP)) ? Double.NaN
              : r.getDouble(r.fieldIndex("med" + NORM_GAP))).toArray())))
          .append("</td><td class=\"n\">").append(uncertified).append(" of ").append(problems).append("</td><td><b>")
          .append(esc(verdict)).append("</b></td></tr>\n");
    }
    h.append("</table></div>\n");
    if (!runs.where("sampling = 'pattern' AND ref_norm IS NOT NULL").isEmpty()) {
      h.append(patternVerdict(runs));
    }
    return h.toString();
  }

  /**
   * Per group (the keys of {@link Figures#GROUP}), how many of its α-path groups fall in each outcome
   * class at the smallest α: the outcomes view restricted to the runs shown, with the runs' group columns.
   */
  private static Map<List<Object>, Map<String, Long>> outcomeClasses(SparkSession spark, Dataset<Row> runs) {
    Map<List<Object>, Map<String, Long>> out = new LinkedHashMap<>();
    if (!spark.catalog().tableExists(Outcomes.VIEW)) {
      return out;
    }
    List<Column> cols = new ArrayList<>();
    for (String k : Figures.GROUP) {
      cols.add(col("r." + k).as(k));
    }
    cols.add(col("o.outcome").as("outcome"));
    Dataset<Row> joined = spark.table(Outcomes.VIEW).as("o").join(runs.as("r"), col("o.run_id").equalTo(col("r.run_id")))
        .select(cols.toArray(new Column[0]));
    List<Column> keys = new ArrayList<>();
    for (String k : Figures.GROUP) {
      keys.add(col(k));
    }
    keys.add(col("outcome"));
    for (Row r : joined.groupBy(keys.toArray(new Column[0])).agg(count("*").as("groups")).collectAsList()) {
      List<Object> key = new ArrayList<>();
      for (String k : Figures.GROUP) {
        key.add(r.getAs(k));
      }
      out.computeIfAbsent(key, x -> new LinkedHashMap<>()).put(r.getAs("outcome"), r.getAs("groups"));
    }
    return out;
  }

  /**
   * holds / does not hold / not decided / inconclusive from the outcome classes, with the trend of the
   * medians beside it; the trend alone, as no verdict, where there are no outcomes. As stated on the page.
   *
   * @param alpha descending
   * @param err median err_ref per α
   * @param classes the group's α-path groups per outcome class at the smallest α (empty: none classified)
   */
  static String judge(String kind, double[] alpha, double[] err, long uncertified, Map<String, Long> classes) {
    if (uncertified > 0) {
      return "inconclusive (reference not certified)";
    }
    if (kind.equals("least-squares") && alpha[alpha.length - 1] == 0) {
      return err[err.length - 1] <= 1e-8 ? "holds (α = 0 reaches it to " + Numbers.format(err[err.length - 1], 2) + ")"
          : "does not hold (err_ref " + Numbers.format(err[err.length - 1], 2) + " at α = 0)";
    }
    String trend = trend(alpha, err);
    long all = classes.values().stream().mapToLong(Long::longValue).sum();
    if (all == 0) {
      return "no verdict: no outcome (no stored X or one α); trend: " + trend;
    }
    long differs = classes.getOrDefault(Outcomes.DIFFERS, 0L);
    long moving = classes.getOrDefault(Outcomes.NO_LIMIT, 0L);
    long notUnique = classes.getOrDefault(Outcomes.DIFFERS_NOT_UNIQUE, 0L);
    long equal = classes.getOrDefault(Outcomes.EQUALS, 0L);
    if (differs > 0) {
      return "does not hold: " + differs + " of " + all + " limits reached differ from the reference; trend: " + trend;
    }
    if (moving > 0 || notUnique > 0) {
      return "not decided: " + (moving > 0 ? "no limit yet in " + moving + " of " + all : "")
          + (moving > 0 && notUnique > 0 ? ", " : "")
          + (notUnique > 0 ? notUnique + " of " + all + " differ from a reference that is not unique" : "")
          + "; trend: " + trend;
    }
    return equal == all ? "holds: the limit is reached and equals the reference in " + all + " of " + all + "; trend: "
        + trend : "inconclusive (reference not certified)";
  }

  /** The medians' err_ref over α, largest α first: falls at every step, rises at the last, or neither. */
  private static String trend(double[] alpha, double[] err) {
    if (alpha.length < 2) {
      return "one α only";
    }
    boolean falls = true;
    for (int i = 1; i < err.length; i++) {
      falls &= err[i] < err[i - 1];
    }
    if (falls) {
      return "err_ref ÷" + Numbers.format(err[0] / err[err.length - 1], 2);
    }
    return err[err.length - 1] > err[err.length - 2] ? "err_ref rises at the last step" : "err_ref neither falls nor rises throughout";
  }

  /** At most this share of runs at the smallest α may miss the minimum nuclear norm by more than 0.1 %. */
  static final double PATTERN_MISS_SHARE_VALUE = 0.05;
  private static final String PATTERN_MISS_SHARE = "5 %";

  /** Exhaustive searches: how many runs miss the minimum nuclear norm by more than 0.1 %, per α. */
  private static String patternVerdict(Dataset<Row> runs) {
    Dataset<Row> t = runs.where("sampling = 'pattern' AND ref_norm IS NOT NULL AND status != 'FAILED'")
        .groupBy("n", "m", "rank", "optimizer", "alpha")
        .agg(count("*").as("runs"),
            expr("sum(CASE WHEN abs(nuclear_norm / ref_norm - 1) > 1e-3 THEN 1 ELSE 0 END)").as("gap > 1e-3"),
            expr("percentile(abs(nuclear_norm / ref_norm - 1), 0.5)").as("median gap"),
            expr("max(abs(nuclear_norm / ref_norm - 1))").as("largest gap"))
        .orderBy(col("n"), col("m"), col("rank"), col("optimizer"), col("alpha").desc());
    List<Row> rows = t.collectAsList();
    StringBuilder h = new StringBuilder("<h3>Exhaustive pattern search</h3>\n<p>Per truth rank and optimizer, the "
        + "runs whose nuclear norm exceeds the minimum by more than 0.1 %. <b>holds</b> when at the smallest α at "
        + "most " + PATTERN_MISS_SHARE + " of the runs do; <b>does not hold</b> otherwise.</p>\n");
    // rows come per (n, m, rank, optimizer) with α descending: a group's last row is its smallest α
    Map<List<Object>, Row> smallest = new LinkedHashMap<>();
    for (Row r : rows) {
      smallest.put(List.of(r.get(0), r.get(1), r.get(2), r.get(3)), r);
    }
    String[] names = t.columns();
    h.append("<table><tr>");
    for (String n : names) {
      h.append("<th>").append(esc(n)).append("</th>");
    }
    h.append("<th>verdict</th></tr>\n");
    for (Row r : rows) {
      List<Object> key = List.of(r.get(0), r.get(1), r.get(2), r.get(3));
      boolean last = smallest.get(key) == r;
      long runsAt = r.getLong(5);
      long missed = r.getLong(6);
      boolean holds = missed <= PATTERN_MISS_SHARE_VALUE * runsAt;
      h.append(last ? "<tr class=\"" + (holds ? "good" : "bad") + "\">" : "<tr>");
      for (int i = 0; i < names.length; i++) {
        Object v = r.get(i);
        h.append(v instanceof Number ? "<td class=\"n\">" : "<td>").append(esc(v == null ? "" : text(v)))
            .append("</td>");
      }
      h.append("<td>").append(last ? "<b>" + (holds ? "holds" : "does not hold") + " (" + missed + " of " + runsAt
          + " miss)</b>" : "").append("</td></tr>\n");
    }
    h.append("</table>\n");
    return h.toString();
  }

  // ---- outcomes ----

  private static Set<String> keepCounts() {
    Set<String> keep = new LinkedHashSet<>(Outcomes.CLASSES);
    keep.add("groups");
    return keep;
  }

  /** The columns that may tell the rows of the outcome counts apart (those that vary are shown). */
  private static final List<String> OUTCOME_KEYS = List.of("kind", "n", "m", "rank", "sampling", "power_law_exponent",
      "width", "init", "optimizer", "eta", "beta", "batch_size", "beta1", "beta2", "epsilon", "alpha_from", "alpha");

  /**
   * The classes of the {@link Outcomes} view (restricted to the runs shown): counts per setting and
   * smallest α, then the groups whose limit differs from the reference, with their gaps.
   */
  private static String outcomes(SparkSession spark, Dataset<Row> runs) {
    StringBuilder h = new StringBuilder();
    h.append("<p>Each group of runs that differ only in α is classified at its smallest α (view <code>")
        .append(Outcomes.VIEW).append("</code>), by the first that applies: <b>").append(esc(Outcomes.NOT_CERTIFIED))
        .append("</b> (ref_status not ").append(CERTIFIED).append("); <b>").append(esc(Outcomes.NO_LIMIT))
        .append("</b> (path_change = ‖X(α_from) − X(α)‖_F / ‖X(α)‖_F &gt; ").append(Numbers.format(Outcomes.SETTLED, 2))
        .append(": the α-path still moves); <b>").append(esc(Outcomes.EQUALS)).append("</b> (settled and err_ref ≤ ")
        .append(Numbers.format(Outcomes.EQUAL, 2)).append("; above it, a run that did not reach its tolerance is also ")
        .append(esc(Outcomes.NO_LIMIT)).append("); <b>").append(esc(Outcomes.DIFFERS))
        .append("</b> (settled, converged, err_ref above that, and the reference unique, ref_unique true, or the ")
        .append("limit's norm above the certified minimum by more than ").append(Numbers.format(Outcomes.EQUAL, 2))
        .append(", norm_gap); <b>").append(esc(Outcomes.DIFFERS_NOT_UNIQUE))
        .append("</b> (the same with ref_unique false or undecided and norm_gap within that).</p>\n");
    Dataset<Row> o = spark.table(Outcomes.VIEW).join(runs.select("run_id"), "run_id");
    List<Row> all = o.select("outcome").collectAsList();
    if (all.isEmpty()) {
      return h.append("<p>No group has two α with a stored X (runs keep X only when n ≤ run.keep-x): nothing to "
          + "classify.</p>\n").toString();
    }
    Map<String, Long> total = new LinkedHashMap<>();
    for (String c : Outcomes.CLASSES) {
      total.put(c, 0L);
    }
    for (Row r : all) {
      total.merge(r.getString(0), 1L, Long::sum);
    }
    h.append("<table><tr><th>outcome</th><th>groups</th></tr>\n");
    for (Map.Entry<String, Long> e : total.entrySet()) {
      h.append("<tr").append(e.getKey().equals(Outcomes.DIFFERS) && e.getValue() > 0 ? " class=\"bad\"" : "")
          .append("><td>").append(esc(e.getKey())).append("</td><td class=\"n\">").append(e.getValue())
          .append("</td></tr>\n");
    }
    h.append("<tr><th>all</th><th class=\"n\">").append(all.size()).append("</th></tr></table>\n");
    List<Column> keys = OUTCOME_KEYS.stream().map(org.apache.spark.sql.functions::col).toList();
    List<Column> counts = new ArrayList<>();
    for (String c : Outcomes.CLASSES) {
      counts.add(expr("count_if(outcome = '" + c + "')").as(c));
    }
    Dataset<Row> by = o.groupBy(keys.toArray(new Column[0])).agg(count("*").as("groups"), counts.toArray(new Column[0]))
        .orderBy(keys.toArray(new Column[0]));
    h.append("<p>Per setting:</p>\n<div class=\"scroll\">");
    varyingTable(h, by.collectAsList(), by.columns(), keepCounts());
    h.append("</div>\n");
    Dataset<Row> differs = o.where("outcome IN ('" + Outcomes.DIFFERS + "', '" + Outcomes.DIFFERS_NOT_UNIQUE + "')")
        .select("outcome", "problem_id", "kind", "n", "m", "rank", "seed", "pattern", "optimizer", "eta", "alpha",
            "path_change", "err_ref", "norm_gap", "ref_unique")
        .orderBy(col("outcome"), col("norm_gap").desc());
    List<Row> gaps = differs.limit(200).collectAsList();
    if (!gaps.isEmpty()) {
      h.append("<h3>Limits that differ from the reference</h3>\n<p>norm_gap = (‖X‖_* − ref_norm) / ref_norm and "
          + "err_ref at the smallest α").append(gaps.size() == 200 ? "; the first 200" : "").append(":</p>\n")
          .append("<div class=\"scroll\">");
      varyingTable(h, gaps, differs.columns(), Set.of("outcome", "problem_id", "norm_gap", "err_ref"));
      h.append("</div>\n");
    }
    return h.toString();
  }

  private static String join(double[] v) {
    if (Arrays.stream(v).allMatch(Double::isNaN)) {
      return ""; // a metric the kind lacks (no nuclear norm for least squares)
    }
    StringBuilder sb = new StringBuilder();
    for (double x : v) {
      sb.append(sb.length() > 0 ? " → " : "").append(Double.isNaN(x) ? "–" : Numbers.format(x, 2));
    }
    return sb.toString();
  }

  // ---- figures ----

  /** Figures on the page so far: each inline SVG gets ids of its own (a comparison shows two of each file). */
  private static int figureCount;

  private static String figures(List<Figures.Figure> figures) throws IOException {
    if (figures.isEmpty()) {
      return "<p>No figure: no run outside FAILED matched.</p>\n";
    }
    StringBuilder h = new StringBuilder();
    for (Figures.Figure f : figures) {
      h.append("<figure>").append(inline(f, figureCount++)).append("<figcaption>").append(esc(f.title()))
          .append(" — ").append(esc(f.caption())).append(" (").append(esc(f.file().getFileName().toString()))
          .append(")</figcaption></figure>\n");
    }
    return h.toString();
  }

  /**
   * The figure's SVG inline in the page, so that its hover titles show (an SVG in an img shows none):
   * without the XML prolog and doctype, without namespace declarations (HTML puts svg in its namespace;
   * the page names no URL), scaled by a viewBox, its ids made unique on the page.
   */
  static String inline(Figures.Figure f, int index) throws IOException {
    String svg = Files.readString(f.file(), java.nio.charset.StandardCharsets.UTF_8);
    svg = svg.substring(svg.indexOf("<svg"));
    svg = svg.replace(Charts.defsPrefix(f.file()), "f" + index + "_");
    java.util.regex.Matcher m = java.util.regex.Pattern
        .compile("^<svg[^>]*?width='([0-9.]+)' height='([0-9.]+)'[^>]*>").matcher(svg);
    if (!m.find()) {
      throw new IOException(f.file() + " is not an SVG figure of this version");
    }
    String open = "<svg class=\"fig\" viewBox=\"0 0 " + m.group(1) + " " + m.group(2) + "\" style=\"max-width:"
        + m.group(1) + "px\" role=\"img\" aria-label=\"" + esc(f.title()) + "\">";
    return open + svg.substring(m.end()).replaceAll(" xmlns(:\\w+)?='[^']*'", "");
  }

  // ---- tables ----

  /**
   * A table of the columns whose values differ between rows, plus those in keep; the constant ones are
   * named once above it.
   */
  private static void varyingTable(StringBuilder h, List<Row> rows, String[] names, Set<String> keep) {
    List<Integer> shown = new ArrayList<>();
    StringBuilder same = new StringBuilder();
    for (int i = 0; i < names.length; i++) {
      Set<Object> seen = new LinkedHashSet<>();
      for (Row r : rows) {
        seen.add(r.get(i));
      }
      if (seen.size() > 1 || keep.contains(names[i])) {
        shown.add(i);
      } else if (!rows.isEmpty() && rows.get(0).get(i) != null) {
        same.append(same.length() > 0 ? ", " : "").append(names[i]).append(" = ").append(text(rows.get(0).get(i)));
      }
    }
    if (same.length() > 0) {
      h.append("<p>Same in every row: ").append(esc(same)).append(".</p>\n");
    }
    table(h, rows, names, shown.stream().mapToInt(Integer::intValue).toArray());
  }

  private static void table(StringBuilder h, List<Row> rows, String[] names) {
    table(h, rows, names, java.util.stream.IntStream.range(0, names.length).toArray());
  }

  private static void table(StringBuilder h, List<Row> rows, String[] names, int[] columns) {
    h.append("<table><tr>");
    for (int i : columns) {
      h.append("<th>").append(esc(names[i])).append("</th>");
    }
    h.append("</tr>\n");
    for (Row r : rows) {
      h.append("<tr>");
      for (int i : columns) {
        Object v = r.get(i);
        h.append(v instanceof Number ? "<td class=\"n\">" : "<td>").append(esc(v == null ? "" : text(v)))
            .append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</table>\n");
  }

  private static String text(Object v) {
    return v instanceof Double d ? Numbers.format(d, 3) : String.valueOf(v);
  }

  private static String sweepName(String dir) {
    Path m = Path.of(dir, "manifest.json");
    if (Files.isRegularFile(m)) {
      Config c = ConfigFactory.parseFile(m.toFile());
      if (c.hasPath("name")) {
        return c.getString("name");
      }
    }
    return String.valueOf(Path.of(dir).toAbsolutePath().normalize().getFileName());
  }

  static String esc(Object v) {
    return String.valueOf(v).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  /** The version line of the footer. */
  private static final class BuildInfoText {
    static String version() {
      String commit = org.mfsweep.spec.BuildInfo.gitCommit();
      return org.mfsweep.spec.BuildInfo.version() + (commit == null ? "" : " (" + commit + ")");
    }
  }
}
