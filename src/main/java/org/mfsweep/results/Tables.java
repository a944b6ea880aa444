package org.mfsweep.results;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import java.util.List;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The output tables (contract: see README "Output"). Both are Parquet under the sweep's output
 * folder, hive-partitioned by {@link #PARTITION_COLUMNS}.
 */
public final class Tables {
  private Tables() {}

  public static final String RUNS = "runs";
  public static final String TRACES = "traces";
  public static final List<String> PARTITION_COLUMNS = List.of("kind", "n");

  /** One row per run. */
  public static final StructType RUNS_SCHEMA = new StructType()
      .add("run_id", StringType, false)
      .add("problem_id", StringType, false)
      .add("kind", StringType, false)
      .add("n", IntegerType, false)
      .add("m", IntegerType, false)
      .add("rank", IntegerType, false)
      .add("width", IntegerType, false)
      .add("init", StringType, false)
      .add("alpha", DoubleType, false)
      .add("eta", DoubleType, false)
      .add("seed", LongType, false)
      .add("optimizer", StringType, false)
      .add("max_iterations", IntegerType, false)
      .add("tolerance", DoubleType, false)
      .add("status", StringType, false)
      .add("iterations", IntegerType, false)
      .add("train_loss", DoubleType, true)
      .add("test_error", DoubleType, true)
      .add("nuclear_norm", DoubleType, true)
      .add("truth_nuclear_norm", DoubleType, true)
      .add("err_truth", DoubleType, true)
      .add("effective_rank", DoubleType, true)
      .add("seconds", DoubleType, false)
      .add("error", StringType, true);

  /** One row per run and trace iteration. */
  public static final StructType TRACES_SCHEMA = new StructType()
      .add("run_id", StringType, false)
      .add("kind", StringType, false)
      .add("n", IntegerType, false)
      .add("iteration", IntegerType, false)
      .add("train_loss", DoubleType, true)
      .add("test_error", DoubleType, true)
      .add("nuclear_norm", DoubleType, true);

  /** The schema of a table by name. */
  public static StructType schema(String table) {
    return switch (table) {
      case RUNS -> RUNS_SCHEMA;
      case TRACES -> TRACES_SCHEMA;
      default -> throw new IllegalArgumentException("no table " + table);
    };
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
