package org.mfsweep.results;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import java.util.List;
import org.apache.spark.sql.types.DataTypes;
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
      .add("sampling", StringType, false)
      .add("power_law_exponent", DoubleType, true)
      .add("pattern", LongType, true)
      .add("data_id", StringType, true)
      .add("optimizer", StringType, false)
      .add("max_iterations", IntegerType, false)
      .add("tolerance", DoubleType, false)
      .add("status", StringType, false)
      .add("iterations", IntegerType, false)
      .add("time", DoubleType, true)
      .add("train_loss", DoubleType, true)
      .add("test_error", DoubleType, true)
      .add("nuclear_norm", DoubleType, true)
      .add("truth_nuclear_norm", DoubleType, true)
      .add("err_truth", DoubleType, true)
      .add("err_ref", DoubleType, true)
      .add("ref_norm", DoubleType, true)
      .add("effective_rank", DoubleType, true)
      .add("seconds", DoubleType, false)
      .add("error", StringType, true);

  /** One row per run and trace point. */
  public static final StructType TRACES_SCHEMA = new StructType()
      .add("run_id", StringType, false)
      .add("kind", StringType, false)
      .add("n", IntegerType, false)
      .add("iteration", IntegerType, false)
      .add("time", DoubleType, true)
      .add("train_loss", DoubleType, true)
      .add("test_error", DoubleType, true)
      .add("nuclear_norm", DoubleType, true)
      .add("err_ref", DoubleType, true);

  /** One row per problem: its identity, and its reference solution with the certificate. */
  public static final StructType PROBLEMS_SCHEMA = new StructType()
      .add("problem_id", StringType, false)
      .add("kind", StringType, false)
      .add("n", IntegerType, false)
      .add("m", IntegerType, false)
      .add("rank", IntegerType, false)
      .add("seed", LongType, false)
      .add("sampling", StringType, false)
      .add("power_law_exponent", DoubleType, true)
      .add("pattern", LongType, true)
      .add("data_id", StringType, true)
      .add("data_file", StringType, true)
      .add("truth_norm", DoubleType, true)
      .add("ref_kind", StringType, true)
      .add("ref_status", StringType, true)
      .add("ref_norm", DoubleType, true)
      .add("ref_err_truth", DoubleType, true)
      .add("primal_residual", DoubleType, true)
      .add("cone_violation", DoubleType, true)
      .add("dual_infeasibility", DoubleType, true)
      .add("complementarity", DoubleType, true)
      .add("duality_gap", DoubleType, true)
      .add("row_space_distance", DoubleType, true)
      .add("ref_iterations", IntegerType, true)
      .add("ref_seconds", DoubleType, true)
      .add("ref_error", StringType, true)
      .add("ref_x", DataTypes.createArrayType(DoubleType, false), true);

  /** The schema of a table by name. */
  public static StructType schema(String table) {
    return switch (table) {
      case RUNS -> RUNS_SCHEMA;
      case TRACES -> TRACES_SCHEMA;
      case PROBLEMS -> PROBLEMS_SCHEMA;
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
