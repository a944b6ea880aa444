package org.mfsweep.results;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The output tables (contract: see README "Output"). All are Parquet under the sweep's output
 * folder, hive-partitioned by {@link #PARTITION_COLUMNS}.
 */
public final class Tables {
  private Tables() {}

  public static final String RUNS = "runs";
  public static final String TRACES = "traces";
  public static final String PROBLEMS = "problems";
  /** Every table, in the order a wave is published (runs last: a run is done once its row is there). */
  public static final List<String> ALL = List.of(TRACES, PROBLEMS, RUNS);
  public static final List<String> PARTITION_COLUMNS = List.of("kind", "n");

  /** One row per run: see {@link RunsTable}. */
  public static final StructType RUNS_SCHEMA = RunsTable.TABLE.schema();
  /** One row per run and trace point: see {@link TracesTable}. */
  public static final StructType TRACES_SCHEMA = TracesTable.TABLE.schema();
  /** One row per problem: see {@link ProblemsTable}. */
  public static final StructType PROBLEMS_SCHEMA = ProblemsTable.TABLE.schema();

  /** The schema of a table by name. */
  public static StructType schema(String table) {
    return switch (table) {
      case RUNS -> RUNS_SCHEMA;
      case TRACES -> TRACES_SCHEMA;
      case PROBLEMS -> PROBLEMS_SCHEMA;
      default -> throw new IllegalArgumentException("no table " + table);
    };
  }

  /**
   * Reads a table folder with this version's schema: columns an older output lacks (those added
   * later, all nullable) read as null, so old outputs stay readable and resumable.
   */
  public static Dataset<Row> read(SparkSession spark, String table, String path) {
    StructType ours = schema(table);
    StructType found = spark.read().option("basePath", path).option("mergeSchema", "true").parquet(path).schema();
    StructType read = ours;
    for (org.apache.spark.sql.types.StructField f : found.fields()) {
      if (!java.util.Arrays.asList(ours.fieldNames()).contains(f.name())) { // a column newer than this version: kept
        read = read.add(f);
      }
    }
    return spark.read().schema(read).option("basePath", path).parquet(path);
  }

  /** Column names of a schema, in order. */
  public static String[] columns(StructType schema) {
    StructField[] f = schema.fields();
    String[] names = new String[f.length];
    for (int i = 0; i < f.length; i++) {
      names[i] = f[i].name();
    }
    return names;
  }
}
