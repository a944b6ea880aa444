package org.mfsweep.results;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import org.apache.spark.sql.types.DataTypes;
import org.mfsweep.spec.OptimizerSpec;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.spec.RunOutcome;
import org.mfsweep.spec.RunSpec;
import org.mfsweep.spec.Sampling;
import org.mfsweep.spec.Status;

/** The runs table: one row per run (contract: README "Output"). */
public final class RunsTable {
  private RunsTable() {}

  /**
   * What a runs row is made of.
   *
   * @param outcome the run's outcome, or null when it FAILED (then error and failedSeconds say why and how long)
   * @param matrix whether the problem is a matrix one (X = UUᵀ): matrix metrics apply
   * @param truthNorm ‖X*‖_* of the problem, or null when unknown or not a matrix
   * @param refNorm the reference's norm, or null without a reference
   * @param hasReference whether err_ref applies: the problem has a certified reference
   * @param refStatus the problem's ref_status (OFF without a reference)
   * @param hasTestSet whether the problem holds measurements out for the test error
   * @param x the final X (n × n column-major) or x, when the run keeps it; else null
   */
  public record Source(RunSpec run, RunOutcome outcome, String error, double failedSeconds, boolean matrix,
                       Double truthNorm, Double refNorm, boolean hasReference, String refStatus, boolean hasTestSet,
                       double[] x) {
    ProblemSpec problem() {
      return run.problem();
    }

    boolean failed() {
      return outcome == null;
    }

    /** A metric of the outcome; null when the run failed or the metric does not apply. */
    Double metric(boolean applies, double value) {
      return failed() || !applies ? null : (Double) value;
    }
  }

  public static final Table<Source> TABLE = new Table.Builder<Source>()
      .add("run_id", StringType, false, s -> s.run().runId())
      .add("problem_id", StringType, false, s -> s.problem().id())
      .add("kind", StringType, false, s -> s.problem().kind().configName())
      .add("n", IntegerType, false, s -> s.problem().n())
      .add("m", IntegerType, false, s -> s.problem().m())
      .add("rank", IntegerType, false, s -> s.problem().rank())
      .add("width", IntegerType, false, s -> s.run().width())
      // nullable so that outputs of before the factorizations read (with null there); every new row fills them
      .add("factorization", StringType, true, s -> s.run().factorization().configName())
      .add("depth", IntegerType, true, s -> s.run().depth())
      .add("rows", IntegerType, true, s -> s.problem().rows())
      .add("cols", IntegerType, true, s -> s.problem().cols())
      .add("init", StringType, false, s -> s.run().init().configName())
      .add("alpha", DoubleType, false, s -> s.run().alpha())
      .add("eta", DoubleType, false, s -> s.run().eta())
      .add("seed", LongType, false, s -> s.problem().seed())
      .add("sampling", StringType, false, s -> s.problem().sampling().configName())
      .add("power_law_exponent", DoubleType, true,
          s -> s.problem().sampling() == Sampling.POWER_LAW ? (Double) s.problem().exponent() : null)
      .add("pattern", LongType, true, s -> s.problem().pattern() >= 0 ? (Long) s.problem().pattern() : null)
      .add("data_id", StringType, true, s -> s.problem().data())
      .add("optimizer", StringType, false, s -> s.run().optimizer().configName())
      .add("beta", DoubleType, true, s -> setting(s.run().optimizer(), "beta"))
      .add("batch_size", IntegerType, true, s -> s.run().optimizer().has("batch_size")
          ? (Integer) (int) s.run().optimizer().integer("batch_size") : null)
      .add("beta1", DoubleType, true, s -> setting(s.run().optimizer(), "beta1"))
      .add("beta2", DoubleType, true, s -> setting(s.run().optimizer(), "beta2"))
      .add("epsilon", DoubleType, true, s -> setting(s.run().optimizer(), "epsilon"))
      .add("max_iterations", IntegerType, false, s -> s.run().settings().maxIterations())
      .add("tolerance", DoubleType, false, s -> s.run().settings().tolerance())
      .add("status", StringType, false, s -> s.failed() ? Status.FAILED.name() : s.outcome().status().name())
      .add("iterations", IntegerType, false, s -> s.failed() ? 0 : s.outcome().iterations())
      .add("time", DoubleType, true, s -> s.failed() ? null : (Double) s.outcome().time())
      .add("train_loss", DoubleType, true, s -> s.failed() ? null : (Double) s.outcome().trainLoss())
      .add("test_error", DoubleType, true, s -> s.metric(s.hasTestSet(), s.failed() ? 0 : s.outcome().testError()))
      .add("nuclear_norm", DoubleType, true, s -> s.metric(s.matrix(), s.failed() ? 0 : s.outcome().nuclearNorm()))
      .add("truth_nuclear_norm", DoubleType, true, Source::truthNorm)
      .add("err_truth", DoubleType, true,
          s -> s.metric(!s.problem().fromData(), s.failed() ? 0 : s.outcome().errTruth()))
      .add("err_ref", DoubleType, true, s -> s.metric(s.hasReference(), s.failed() ? 0 : s.outcome().errRef()))
      .add("ref_norm", DoubleType, true, Source::refNorm)
      .add("ref_status", StringType, true, Source::refStatus)
      .add("effective_rank", DoubleType, true,
          s -> s.metric(s.matrix(), s.failed() ? 0 : s.outcome().effectiveRank()))
      .add("seconds", DoubleType, false, s -> s.failed() ? s.failedSeconds() : s.outcome().seconds())
      .add("error", StringType, true, s -> s.failed() ? s.error() : null)
      .add("x", DataTypes.createArrayType(DoubleType, false), true, Source::x)
      .build(Tables.RUNS);

  private static Double setting(OptimizerSpec o, String name) {
    return o.has(name) ? (Double) o.real(name) : null;
  }
}
