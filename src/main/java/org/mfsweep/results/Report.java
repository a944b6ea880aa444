package org.mfsweep.results;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One self-contained HTML page for a sweep: what ran on what (from the manifest), how the runs
 * ended, the final metrics per group and α (medians over seeds), and every figure, embedded.
 */
public final class Report {
  private Report() {}

  /** Writes DIR/report/index.html (and the figures beside it); returns the page. */
  public static Path write(SparkSession spark, String dir, Path outDir, String where) throws IOException {
    List<Figures.Figure> figures = Figures.write(spark, dir, outDir, where);
    Dataset<Row> runs = spark.table(Tables.RUNS);
    if (where != null && !where.isBlank()) {
      runs = runs.where(where);
    }
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>")
        .append(esc(title(dir))).append("</title>\n<style>\n")
        .append("body{font-family:sans-serif;margin:2em auto;max-width:1100px;color:#222}")
        .append("table{border-collapse:collapse;margin:1em 0;font-size:13px}")
        .append("th,td{border:1px solid #ccc;padding:3px 8px}td.n{text-align:right;font-variant-numeric:tabular-nums}")
        .append("th{background:#f2f2f2}img{max-width:100%;border:1px solid #eee}")
        .append("figure{margin:1.5em 0}figcaption{font-size:13px;color:#555}code{font-size:90%}\n")
        .append("</style></head><body>\n");
    h.append("<h1>").append(esc(title(dir))).append("</h1>\n");
    manifest(h, Path.of(dir, "manifest.json"));
    if (where != null && !where.isBlank()) {
      h.append("<p>Runs restricted to <code>").append(esc(where)).append("</code>.</p>\n");
    }
    h.append("<h2>How the runs ended</h2>\n");
    table(h, runs.groupBy("kind", "n", "status").agg(count("*").as("runs")).orderBy("kind", "n", "status"));

    h.append("<h2>Final metrics</h2>\n<p>Medians over seeds of each group and α.</p>\n");
    List<String> cols = Arrays.asList(runs.columns());
    List<Column> aggs = new ArrayList<>();
    aggs.add(expr("percentile(iterations, 0.5)").as("iterations"));
    for (String m : List.of("train_loss", "test_error", "nuclear_norm", "truth_nuclear_norm", "err_truth", "err_ref",
        "ref_norm", "effective_rank")) {
      if (cols.contains(m)) {
        aggs.add(expr("percentile(" + m + ", 0.5)").as(m));
      }
    }
    List<Column> keys = new ArrayList<>();
    for (String g : Figures.GROUP) {
      keys.add(col(g));
    }
    keys.add(col("alpha"));
    table(h, runs.where("status != 'FAILED'").groupBy(keys.toArray(new Column[0]))
        .agg(count("*").as("runs"), aggs.toArray(new Column[0]))
        .orderBy(keys.toArray(new Column[0])).limit(500));

    h.append("<h2>Figures</h2>\n");
    for (Figures.Figure f : figures) {
      byte[] png = Files.readAllBytes(f.file());
      h.append("<figure><img alt=\"").append(esc(f.title())).append("\" src=\"data:image/png;base64,")
          .append(Base64.getEncoder().encodeToString(png)).append("\"><figcaption>").append(esc(f.title()))
          .append(" — ").append(esc(f.caption())).append(" (").append(esc(f.file().getFileName().toString()))
          .append(")</figcaption></figure>\n");
    }
    if (figures.isEmpty()) {
      h.append("<p>No figure: no run outside FAILED matched.</p>\n");
    }
    h.append("</body></html>\n");
    Path page = outDir.resolve("index.html");
    Files.writeString(page, h.toString(), StandardCharsets.UTF_8);
    return page;
  }

  private static String title(String dir) {
    return "mfsweep report: " + Path.of(dir).toAbsolutePath().normalize().getFileName();
  }

  private static void manifest(StringBuilder h, Path file) {
    if (!Files.isRegularFile(file)) {
      h.append("<p>No manifest.json in this folder.</p>\n");
      return;
    }
    Config m = ConfigFactory.parseFile(file.toFile());
    h.append("<table>\n");
    for (String key : List.of("name", "source", "output", "status", "mfsweep_version", "git_commit", "spark_version",
        "java_version", "master", "started", "finished")) {
      if (m.hasPath(key)) {
        h.append("<tr><th>").append(esc(key)).append("</th><td>").append(esc(m.getValue(key).unwrapped()))
            .append("</td></tr>\n");
      }
    }
    if (m.hasPath("driver_blas.blas")) {
      h.append("<tr><th>BLAS (driver)</th><td>").append(esc(m.getString("driver_blas.blas"))).append(" + ")
          .append(esc(m.getString("driver_blas.lapack"))).append(" ")
          .append(esc(m.getValue("driver_blas.libraries").unwrapped())).append("</td></tr>\n");
    }
    if (m.hasPath("executor_blas")) {
      h.append("<tr><th>BLAS (executors)</th><td>").append(esc(m.getValue("executor_blas").unwrapped()))
          .append("</td></tr>\n");
    }
    if (m.hasPath("attempts")) {
      h.append("<tr><th>attempts</th><td>").append(m.getConfigList("attempts").size()).append("</td></tr>\n");
    }
    h.append("</table>\n");
  }

  private static void table(StringBuilder h, Dataset<Row> df) {
    String[] names = df.columns();
    h.append("<table><tr>");
    for (String n : names) {
      h.append("<th>").append(esc(n)).append("</th>");
    }
    h.append("</tr>\n");
    for (Row r : df.collectAsList()) {
      h.append("<tr>");
      for (int i = 0; i < names.length; i++) {
        Object v = r.get(i);
        boolean number = v instanceof Number;
        h.append(number ? "<td class=\"n\">" : "<td>")
            .append(esc(v instanceof Double d ? Numbers.format(d, 4) : v)).append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</table>\n");
  }

  static String esc(Object v) {
    return String.valueOf(v).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
