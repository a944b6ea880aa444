package org.mfsweep.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.mfsweep.results.Numbers;
import org.mfsweep.results.Views;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code query DIR "SQL" [--format table|csv|json]} over the views runs and traces. */
@Command(name = "query", mixinStandardHelpOptions = true,
    description = "Run Spark SQL over a sweep's output; the views are runs and traces.")
final class QueryCommand implements Callable<Integer> {
  enum Format { table, csv, json }

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "a sweep's output folder")
  String dir;

  @Parameters(index = "1", paramLabel = "SQL", description = "a query, e.g. \"SELECT status, count(*) FROM runs GROUP BY status\"")
  String sql;

  @Option(names = "--format", description = "table (default), csv or json (one object per line)")
  Format format = Format.table;

  @Option(names = "--limit", description = "print at most this many rows (default ${DEFAULT-VALUE})")
  int limit = 10_000;

  @Override public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    SparkSession spark = Sessions.start(SparkSession.builder().appName("mfsweep query")
        .config("spark.ui.enabled", false));
    Views.register(spark, dir);
    Dataset<Row> result;
    try {
      result = spark.sql(sql);
    } catch (Exception e) {
      // Scala does not declare AnalysisException (parse errors included), so javac cannot catch it by type
      if (e instanceof AnalysisException) {
        throw new UsageError("bad query: " + e.getMessage());
      }
      throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }
    List<Row> rows = result.limit(limit + 1).collectAsList();
    boolean truncated = rows.size() > limit;
    if (truncated) {
      rows = rows.subList(0, limit);
    }
    switch (format) {
      case table -> printTable(out, result.schema().fields(), rows);
      case csv -> printCsv(out, result.schema().fields(), rows);
      case json -> {
        for (String line : result.limit(limit).toJSON().collectAsList()) {
          out.println(line);
        }
      }
      default -> throw new IllegalStateException();
    }
    if (truncated) {
      spec.commandLine().getErr().printf("(first %d rows; raise --limit for more)%n", limit);
    }
    out.flush();
    return Main.OK;
  }

  static void printTable(PrintWriter out, StructField[] fields, List<Row> rows) {
    String[][] cells = new String[rows.size() + 1][fields.length];
    int[] widths = new int[fields.length];
    for (int c = 0; c < fields.length; c++) {
      cells[0][c] = fields[c].name();
    }
    for (int r = 0; r < rows.size(); r++) {
      for (int c = 0; c < fields.length; c++) {
        cells[r + 1][c] = shortText(rows.get(r).get(c));
      }
    }
    for (String[] line : cells) {
      for (int c = 0; c < fields.length; c++) {
        widths[c] = Math.max(widths[c], line[c].length());
      }
    }
    for (int r = 0; r < cells.length; r++) {
      StringBuilder sb = new StringBuilder();
      for (int c = 0; c < fields.length; c++) {
        if (c > 0) {
          sb.append("  ");
        }
        boolean number = r > 0 && rows.get(r - 1).get(c) instanceof Number;
        String cell = cells[r][c];
        String pad = " ".repeat(widths[c] - cell.length());
        sb.append(number ? pad + cell : cell + pad);
      }
      out.println(sb.toString().stripTrailing());
      if (r == 0) {
        StringBuilder rule = new StringBuilder();
        for (int c = 0; c < fields.length; c++) {
          rule.append(c > 0 ? "  " : "").append("-".repeat(widths[c]));
        }
        out.println(rule);
      }
    }
    out.printf("(%d row%s)%n", rows.size(), rows.size() == 1 ? "" : "s");
  }

  static void printCsv(PrintWriter out, StructField[] fields, List<Row> rows) {
    StringBuilder sb = new StringBuilder();
    for (int c = 0; c < fields.length; c++) {
      sb.append(c > 0 ? "," : "").append(csv(fields[c].name()));
    }
    out.println(sb);
    for (Row row : rows) {
      sb.setLength(0);
      for (int c = 0; c < fields.length; c++) {
        Object v = row.get(c);
        sb.append(c > 0 ? "," : "").append(v == null ? "" : csv(String.valueOf(v)));
      }
      out.println(sb);
    }
  }

  private static String csv(String s) {
    return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }

  /** Doubles to 6 significant digits without trailing zeros, for reading; everything else as is. */
  static String shortText(Object v) {
    if (v == null) {
      return "NULL";
    }
    if (v instanceof scala.collection.Seq<?> seq) {
      StringBuilder sb = new StringBuilder("[");
      java.util.List<?> items = scala.jdk.javaapi.CollectionConverters.asJava(seq);
      for (int i = 0; i < items.size(); i++) {
        if (i == 20) {
          sb.append(", … (").append(items.size()).append(" in all)");
          break;
        }
        sb.append(i > 0 ? ", " : "").append(shortText(items.get(i)));
      }
      return sb.append(']').toString();
    }
    return v instanceof Double d ? Numbers.format(d, 6) : String.valueOf(v);
  }
}
