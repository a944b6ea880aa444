package org.mfsweep.results;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Permanent views in the session catalog over sweeps' Parquet folders, for `serve` and `sql`.
 *
 * <p>Temporary views belong to one session, and a Spark Connect client gets a session of its own:
 * permanent views live in the catalog every session of the application shares. Each output gets a
 * database (named after its folder) holding one view per table; the default database holds views
 * of the same names over all outputs. The views read catalog tables over the Parquet folders
 * (database {@value #FILES_DATABASE}), whose schema and partitions (kind, n) are recorded once at
 * registration: a query neither infers a schema nor lists folders again, so rows a sweep commits
 * later are seen only after registering again.
 */
public final class SharedViews {
  private SharedViews() {}

  /** The column naming the output in the default database's views when several outputs are served. */
  public static final String OUTPUT_COLUMN = "output";

  /** The database of the Parquet tables (schema and partitions in the catalog) that the views read, named DB__TABLE. */
  public static final String FILES_DATABASE = "mfsweep_parquet";

  /** Tables served when present. */
  public static final List<String> TABLES = List.of(Tables.RUNS, Tables.TRACES, Tables.PROBLEMS);

  /** Views computed from the tables (not folders of their own), served beside them: see {@link Limits}, {@link Outcomes}. */
  public static final List<String> DERIVED = List.of(Limits.VIEW, Outcomes.VIEW);

  /** One served output: its database and the tables found in it. */
  public record Output(String database, String dir, List<String> tables) {}

  /**
   * Registers every output's tables as views {@code DB.TABLE}, and views {@code TABLE} in the
   * default database: the output's own when there is one, else {@code SELECT 'DB' AS output, …}
   * over all outputs that hold the table, columns aligned by name (NULL where an output lacks one).
   *
   * @param dirs output folders, each holding at least runs/
   * @throws IllegalArgumentException when a folder holds no runs/ table
   */
  public static List<Output> register(SparkSession spark, List<String> dirs) {
    List<String> names = databaseNames(dirs);
    List<Output> outputs = new ArrayList<>();
    // table -> (database -> columns of that output's view)
    Map<String, Map<String, StructType>> served = new LinkedHashMap<>();
    spark.sql("CREATE DATABASE IF NOT EXISTS " + FILES_DATABASE);
    for (int i = 0; i < dirs.size(); i++) {
      String dir = dirs.get(i);
      String db = names.get(i);
      if (!Views.exists(spark, dir + "/" + Tables.RUNS)) {
        throw new IllegalArgumentException(dir + " holds no runs/ table (is it the output folder of a sweep?)");
      }
      spark.sql("CREATE DATABASE IF NOT EXISTS " + quote(db));
      List<String> tables = new ArrayList<>();
      for (String table : TABLES) {
        String path = dir + "/" + table;
        if (!Views.exists(spark, path)) {
          continue;
        }
        String files = FILES_DATABASE + "." + quote(db + "__" + table);
        spark.sql("CREATE TABLE " + files + " USING parquet LOCATION " + literal(qualified(spark, path)));
        if (spark.table(files).schema().fieldNames().length == 0) {
          throw new IllegalArgumentException(path + " holds no Parquet files");
        }
        if (partitioned(spark, db + "__" + table)) {
          spark.sql("ALTER TABLE " + files + " RECOVER PARTITIONS");
        }
        StructType found = spark.table(files).schema();
        StructType columns = aligned(contract(table), found);
        spark.sql("CREATE OR REPLACE VIEW " + quote(db) + "." + quote(table) + " AS SELECT "
            + selectList(columns, found) + " FROM " + files);
        served.computeIfAbsent(table, t -> new LinkedHashMap<>()).put(db, columns);
        tables.add(table);
      }
      String limits = quote(db) + "." + quote(Limits.VIEW);
      spark.sql("CREATE OR REPLACE VIEW " + limits + " AS " + Limits.sql(quote(db) + "." + quote(Tables.RUNS)));
      String outcomes = quote(db) + "." + quote(Outcomes.VIEW);
      spark.sql("CREATE OR REPLACE VIEW " + outcomes + " AS " + Outcomes.sql(limits,
          tables.contains(Tables.PROBLEMS) ? quote(db) + "." + quote(Tables.PROBLEMS) : null));
      for (String derived : DERIVED) {
        served.computeIfAbsent(derived, t -> new LinkedHashMap<>())
            .put(db, spark.table(quote(db) + "." + quote(derived)).schema());
        tables.add(derived);
      }
      outputs.add(new Output(db, dir, List.copyOf(tables)));
    }
    for (Map.Entry<String, Map<String, StructType>> e : served.entrySet()) {
      spark.sql("CREATE OR REPLACE VIEW default." + quote(e.getKey()) + " AS "
          + (dirs.size() == 1 ? "SELECT * FROM " + quote(names.get(0)) + "." + quote(e.getKey())
              : union(e.getKey(), e.getValue())));
    }
    return outputs;
  }

  /**
   * SQL-safe, distinct database names from the folders' last path element: lower case, runs of
   * other characters than [a-z0-9_] become '_', a leading digit gets "o_", and a repeated name
   * (or default, global_temp, mfsweep_parquet) gets "_2", "_3", … in order.
   */
  public static List<String> databaseNames(List<String> dirs) {
    Set<String> taken = new HashSet<>(List.of("default", "global_temp", FILES_DATABASE));
    List<String> names = new ArrayList<>();
    for (String dir : dirs) {
      String last = new Path(dir).getName();
      String base = last.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "_").replaceAll("^_+|_+$", "");
      if (base.isEmpty()) {
        base = "output";
      } else if (Character.isDigit(base.charAt(0))) {
        base = "o_" + base;
      }
      String name = base;
      for (int k = 2; !taken.add(name); k++) {
        name = base + "_" + k;
      }
      names.add(name);
    }
    return names;
  }

  /** Backquoted identifier (a backquote inside is doubled). */
  public static String quote(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }

  private static StructType contract(String table) {
    return TABLES.contains(table) ? Tables.schema(table) : new StructType();
  }

  /** The contract's columns in contract order (types from the files when present), then any others the files hold. */
  static StructType aligned(StructType contract, StructType found) {
    Set<String> names = new HashSet<>();
    StructType out = new StructType();
    for (StructField f : contract.fields()) {
      DataType type = has(found, f.name()) ? found.apply(f.name()).dataType() : f.dataType();
      out = out.add(f.name(), type, true);
      names.add(f.name());
    }
    for (StructField f : found.fields()) {
      if (names.add(f.name())) {
        out = out.add(f.name(), f.dataType(), true);
      }
    }
    return out;
  }

  private static String selectList(StructType columns, StructType found) {
    List<String> items = new ArrayList<>();
    for (StructField f : columns.fields()) {
      items.add(has(found, f.name()) ? quote(f.name()) : nullOf(f));
    }
    return String.join(", ", items);
  }

  private static String union(String table, Map<String, StructType> byDatabase) {
    // every column of any output, in the order first seen; the first output's type wins
    StructType all = new StructType();
    for (StructType s : byDatabase.values()) {
      for (StructField f : s.fields()) {
        if (!has(all, f.name())) {
          all = all.add(f);
        }
      }
    }
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, StructType> e : byDatabase.entrySet()) {
      List<String> items = new ArrayList<>();
      items.add("'" + e.getKey() + "' AS " + OUTPUT_COLUMN);
      for (StructField f : all.fields()) {
        items.add(has(e.getValue(), f.name()) ? quote(f.name()) : nullOf(f));
      }
      parts.add("SELECT " + String.join(", ", items) + " FROM " + quote(e.getKey()) + "." + quote(table));
    }
    return String.join(" UNION ALL ", parts);
  }

  private static String nullOf(StructField f) {
    return "CAST(NULL AS " + f.dataType().sql() + ") AS " + quote(f.name());
  }

  private static boolean has(StructType s, String name) {
    return List.of(s.fieldNames()).contains(name);
  }

  private static boolean partitioned(SparkSession spark, String table) {
    try {
      return spark.catalog().listColumns(FILES_DATABASE, table).collectAsList().stream()
          .anyMatch(org.apache.spark.sql.catalog.Column::isPartition);
    } catch (Exception e) {  // AnalysisException, undeclared in Scala: the table was just created
      throw new IllegalStateException("cannot list the columns of " + FILES_DATABASE + "." + table, e);
    }
  }

  private static String literal(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /** A fully qualified path, so the view reads the same folder whatever the reader's working directory. */
  private static String qualified(SparkSession spark, String path) {
    try {
      Path p = new Path(path);
      return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).makeQualified(p).toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot look at " + path, e);
    }
  }
}
