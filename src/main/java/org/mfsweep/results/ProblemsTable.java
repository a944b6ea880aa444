package org.mfsweep.results;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import org.apache.spark.sql.types.DataTypes;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.spec.ReferenceResult;
import org.mfsweep.spec.Sampling;

/** The problems table: one row per problem, its identity and its reference with the certificate. */
public final class ProblemsTable {
  private ProblemsTable() {}

  /**
   * @param reference the reference, or null when references are off
   * @param refKind the kind's ref_kind (used when reference is null)
   * @param dataFile the data file the problem comes from, or null
   */
  public record Source(ProblemSpec problem, ReferenceResult reference, String refKind, String dataFile) {
    Double ref(java.util.function.ToDoubleFunction<ReferenceResult> f) {
      return reference == null ? null : Table.finite(f.applyAsDouble(reference));
    }
  }

  public static final Table<Source> TABLE = new Table.Builder<Source>()
      .add("problem_id", StringType, false, s -> s.problem().id())
      .add("kind", StringType, false, s -> s.problem().kind().configName())
      .add("n", IntegerType, false, s -> s.problem().n())
      .add("m", IntegerType, false, s -> s.problem().m())
      .add("rank", IntegerType, false, s -> s.problem().rank())
      // nullable so that outputs of before general problems read (with null there); every new row fills them
      .add("rows", IntegerType, true, s -> s.problem().rows())
      .add("cols", IntegerType, true, s -> s.problem().cols())
      .add("general", DataTypes.BooleanType, true, s -> s.problem().general())
      .add("seed", LongType, false, s -> s.problem().seed())
      .add("sampling", StringType, false, s -> s.problem().sampling().configName())
      .add("power_law_exponent", DoubleType, true,
          s -> s.problem().sampling() == Sampling.POWER_LAW ? (Double) s.problem().exponent() : null)
      .add("pattern", LongType, true, s -> s.problem().pattern() >= 0 ? (Long) s.problem().pattern() : null)
      .add("data_id", StringType, true, s -> s.problem().data())
      .add("data_file", StringType, true, Source::dataFile)
      // nullable: outputs of before the ziggurat generator read null here, and their problems are well-polar's
      .add("generator", StringType, true, s -> s.problem().generator().configName())
      .add("truth_norm", DoubleType, true, s -> s.ref(ReferenceResult::truthNorm))
      .add("ref_kind", StringType, true, s -> s.reference() == null ? s.refKind() : s.reference().refKind())
      .add("ref_status", StringType, true, s -> s.reference() == null ? "OFF" : s.reference().status())
      .add("ref_norm", DoubleType, true, s -> s.ref(ReferenceResult::norm))
      .add("ref_err_truth", DoubleType, true, s -> s.ref(ReferenceResult::errTruth))
      .add("primal_residual", DoubleType, true, s -> s.ref(ReferenceResult::primalResidual))
      .add("cone_violation", DoubleType, true, s -> s.ref(ReferenceResult::coneViolation))
      .add("dual_infeasibility", DoubleType, true, s -> s.ref(ReferenceResult::dualInfeasibility))
      .add("complementarity", DoubleType, true, s -> s.ref(ReferenceResult::complementarity))
      .add("duality_gap", DoubleType, true, s -> s.ref(ReferenceResult::dualityGap))
      .add("row_space_distance", DoubleType, true, s -> s.ref(ReferenceResult::rowSpaceDistance))
      .add("ref_iterations", IntegerType, true, s -> s.reference() == null ? null : (Integer) s.reference().iterations())
      .add("ref_seconds", DoubleType, true, s -> s.reference() == null ? null : (Double) s.reference().seconds())
      .add("ref_error", StringType, true, s -> s.reference() == null ? null : s.reference().error())
      .add("ref_method", StringType, true, s -> s.reference() == null ? null : s.reference().method())
      .add("ref_unique", DataTypes.BooleanType, true, s -> s.reference() == null ? null : s.reference().unique())
      .add("ref_unique_reason", StringType, true, s -> s.reference() == null ? null : s.reference().uniqueReason())
      .add("ref_x", DataTypes.createArrayType(DoubleType, false), true,
          s -> s.reference() == null ? null : s.reference().x())
      .add("ref_dual", DataTypes.createArrayType(DoubleType, false), true,
          s -> s.reference() == null ? null : s.reference().dual())
      .build(Tables.PROBLEMS);
}
