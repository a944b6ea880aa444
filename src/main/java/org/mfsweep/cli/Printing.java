package org.mfsweep.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.mfsweep.results.Numbers;

/**
 * Printing query results and query errors, for every command that answers SQL ({@code query}, the
 * shell): an aligned table for reading, CSV (arrays and structs as JSON) and JSON lines (nulls kept)
 * for programs, and one line per error.
 */
public final class Printing {
  private Printing() {}

  /** The output formats of {@code --format}. */
  public enum Format { table, csv, json }

  /**
   * Runs the query's plan and prints at most limit rows in the format; says on err when rows were left out.
   *
   * @return the number of rows printed
   */
  public static int print(PrintWriter out, PrintWriter err, Dataset<Row> result, Format format, int limit) {
    List<Row> rows = result.limit(limit + 1).collectAsList();
    boolean truncated = rows.size() > limit;
    if (truncated) {
      rows = rows.subList(0, limit);
    }
    switch (format) {
      case table -> table(out, result.schema().fields(), rows);
      case csv -> csv(out, result.schema().fields(), rows);
      case json -> json(out, result, limit);
      default -> throw new IllegalStateException("format " + format);
    }
    if (truncated) {
      err.printf("(first %d rows; raise --limit for more)%n", limit);
    }
    out.flush();
    err.flush();
    return rows.size();
  }

  /** Columns padded to their widest cell, numbers right-aligned, doubles to 6 significant digits. */
  public static void table(PrintWriter out, StructField[] fields, List<Row> rows) {
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

  /**
   * RFC 4180 CSV with a header: numbers at full precision, null as an empty field, arrays, maps and
   * structs as JSON (e.g. {@code "[1.0,0.5]"}).
   */
  public static void csv(PrintWriter out, StructField[] fields, List<Row> rows) {
    StringBuilder sb = new StringBuilder();
    for (int c = 0; c < fields.length; c++) {
      sb.append(c > 0 ? "," : "").append(csvField(fields[c].name()));
    }
    out.println(sb);
    for (Row row : rows) {
      sb.setLength(0);
      for (int c = 0; c < fields.length; c++) {
        Object v = row.get(c);
        sb.append(c > 0 ? "," : "");
        if (v != null) {
          sb.append(csvField(v instanceof scala.collection.Seq<?> || v instanceof scala.collection.Map<?, ?>
              || v instanceof Row ? jsonValue(v) : String.valueOf(v)));
        }
      }
      out.println(sb);
    }
  }

  /** One JSON object per row, Spark's own encoding, with null fields kept (as {@code "x":null}). */
  public static void json(PrintWriter out, Dataset<Row> result, int limit) {
    Column all = functions.struct(java.util.Arrays.stream(result.columns()).map(functions::col).toArray(Column[]::new));
    for (Row r : result.limit(limit).select(functions.to_json(all, Map.of("ignoreNullFields", "false")))
        .collectAsList()) {
      out.println(r.getString(0));
    }
  }

  private static String csvField(String s) {
    return s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")
        ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }

  /** A value as JSON: arrays as [..], maps and structs as {..}, strings quoted, numbers in full. */
  static String jsonValue(Object v) {
    StringBuilder sb = new StringBuilder();
    appendJson(sb, v);
    return sb.toString();
  }

  private static void appendJson(StringBuilder sb, Object v) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof scala.collection.Seq<?> seq) {
      sb.append('[');
      int i = 0;
      for (Object item : scala.jdk.javaapi.CollectionConverters.asJava(seq)) {
        sb.append(i++ > 0 ? "," : "");
        appendJson(sb, item);
      }
      sb.append(']');
    } else if (v instanceof scala.collection.Map<?, ?> map) {
      sb.append('{');
      int i = 0;
      for (Map.Entry<?, ?> e : scala.jdk.javaapi.CollectionConverters.asJava(map).entrySet()) {
        sb.append(i++ > 0 ? "," : "");
        appendString(sb, String.valueOf(e.getKey()));
        sb.append(':');
        appendJson(sb, e.getValue());
      }
      sb.append('}');
    } else if (v instanceof Row row) {
      sb.append('{');
      String[] names = row.schema() == null ? null : row.schema().fieldNames();
      for (int i = 0; i < row.length(); i++) {
        sb.append(i > 0 ? "," : "");
        appendString(sb, names == null ? "_" + (i + 1) : names[i]);
        sb.append(':');
        appendJson(sb, row.get(i));
      }
      sb.append('}');
    } else if (v instanceof Double d && !Double.isFinite(d) || v instanceof Float f && !Float.isFinite(f)) {
      appendString(sb, String.valueOf(v)); // JSON has no NaN or Infinity; Spark writes them as strings too
    } else if (v instanceof Number || v instanceof Boolean) {
      sb.append(v);
    } else {
      appendString(sb, String.valueOf(v));
    }
  }

  private static void appendString(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  /** Doubles to 6 significant digits without trailing zeros, arrays to their first 20 items, null as NULL. */
  public static String shortText(Object v) {
    if (v == null) {
      return "NULL";
    }
    if (v instanceof scala.collection.Seq<?> seq) {
      StringBuilder sb = new StringBuilder("[");
      List<?> items = scala.jdk.javaapi.CollectionConverters.asJava(seq);
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

  /**
   * Whether e is an error in what the user wrote (a query or predicate that does not parse, names
   * what does not exist, or fails on the data, e.g. a bad cast), not a failure of the machinery.
   */
  public static boolean isQueryError(Throwable e) {
    return queryError(e) != null;
  }

  /** The first error in e's cause chain with a Spark error class that is not internal, or null. */
  private static Throwable queryError(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof AnalysisException) {
        return t;
      }
      if (t instanceof SparkThrowable st && st.getCondition() != null) {
        return st.isInternalError() ? null : t;
      }
    }
    return null;
  }

  /**
   * Spark's message in one line: the error class and what it names (a column, a table, a token) and
   * where, without the plan or the SQL excerpt Spark appends below.
   */
  public static String oneLine(Throwable e) {
    Throwable q = queryError(e);
    Throwable t = q != null ? q : e;
    String m = t instanceof AnalysisException a ? a.getSimpleMessage() : String.valueOf(t.getMessage());
    int nl = m.indexOf('\n');
    return (nl < 0 ? m : m.substring(0, nl)).strip();
  }

  /**
   * Checks a {@code --where} predicate against the runs view before any work.
   *
   * @throws UsageError with Spark's one-line message when it does not parse or names what runs does not have
   */
  public static void checkWhere(SparkSession spark, String where) {
    if (where == null || where.isBlank()) {
      return;
    }
    try {
      spark.table("runs").where(where).schema();
    } catch (Exception e) {
      // Scala does not declare AnalysisException (parse errors included), so javac cannot catch it by type
      if (isQueryError(e)) {
        throw new UsageError("bad --where \"" + where + "\": " + oneLine(e));
      }
      throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }
  }
}
