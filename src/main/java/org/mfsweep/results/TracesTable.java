package org.mfsweep.results;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import org.apache.spark.sql.types.DataTypes;
import org.mfsweep.spec.RunSpec;
import org.mfsweep.spec.Trace;

/** The traces table: one row per run and trace point. */
public final class TracesTable {
  private TracesTable() {}

  /** Trace point k of a run's trace; matrix, hasReference and hasTestSet as in {@link RunsTable.Source}. */
  public record Source(RunSpec run, Trace trace, int k, boolean matrix, boolean hasReference, boolean hasTestSet) {}

  public static final Table<Source> TABLE = new Table.Builder<Source>()
      .add("run_id", StringType, false, s -> s.run().runId())
      .add("kind", StringType, false, s -> s.run().problem().kind().configName())
      .add("n", IntegerType, false, s -> s.run().problem().n())
      .add("iteration", IntegerType, false, s -> s.trace().iterations()[s.k()])
      .add("time", DoubleType, true, s -> s.trace().time()[s.k()])
      .add("train_loss", DoubleType, true, s -> s.trace().trainLoss()[s.k()])
      .add("test_error", DoubleType, true, s -> s.hasTestSet() ? (Double) s.trace().testError()[s.k()] : null)
      .add("nuclear_norm", DoubleType, true, s -> s.matrix() ? (Double) s.trace().nuclearNorm()[s.k()] : null)
      .add("err_ref", DoubleType, true, s -> s.hasReference() ? (Double) s.trace().errRef()[s.k()] : null)
      .add("singular_values", DataTypes.createArrayType(DoubleType, false), true, TracesTable::singularValues)
      .build(Tables.TRACES);

  /** σ₁ ≥ σ₂ ≥ … of X at the point (as many as the run recorded), or null where none were recorded. */
  static double[] singularValues(Source s) {
    double[][] all = s.trace().singularValues();
    return all == null || all[s.k()] == null || all[s.k()].length == 0 ? null : all[s.k()].clone();
  }
}
