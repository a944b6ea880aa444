package org.mfsweep.results;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code limits} view: whether the α-path of each group of runs has settled. A group is the
 * runs that differ only in α (same problem, factorization and depth, width, init, η, optimizer and its settings, run
 * settings); its runs are ordered by α from the largest down, and each consecutive pair
 * (α_from &gt; α) gives one row:
 * <pre>
 *   path_change = ‖X(α_from) − X(α)‖_F / ‖X(α)‖_F          (from the runs' stored x)
 *   norm_gap    = (‖X(α)‖_* − ref_norm) / ref_norm          (the certified reference's norm)
 * </pre>
 * with err_ref at both ends. A small path_change at the smallest α says the limit α → 0 is
 * (numerically) reached; only then does err_ref or norm_gap there speak about the limit. Runs
 * without a stored x (n above run.keep-x) or that FAILED are left out.
 */
public final class Limits {
  private Limits() {}

  public static final String VIEW = "limits";

  /** The columns that, with α, identify a run; a group is all runs equal in these. */
  static final String GROUP = "problem_id, factorization, depth, width, init, eta, optimizer, beta, batch_size, beta1, "
      + "beta2, epsilon, max_iterations, tolerance";

  /** The view's SQL over a runs view (qualified when it lives in a database). */
  static String sql(String runs) {
    return SQL.formatted(GROUP, runs);
  }

  private static final String SQL = """
      WITH ordered AS (
        SELECT *,
               lead(alpha) OVER w AS alpha_to, lead(x) OVER w AS x_to, lead(err_ref) OVER w AS err_ref_to,
               lead(nuclear_norm) OVER w AS nuclear_norm_to, lead(status) OVER w AS status_to,
               lead(run_id) OVER w AS run_id_to,
               row_number() OVER (PARTITION BY %1$s ORDER BY alpha ASC) AS from_smallest
        FROM %2$s WHERE x IS NOT NULL AND status != 'FAILED'
        WINDOW w AS (PARTITION BY %1$s ORDER BY alpha DESC)
      )
      SELECT problem_id, kind, n, m, rank, seed, sampling, power_law_exponent, pattern, data_id, factorization, depth,
             rows, cols, width, init, eta,
             optimizer, beta, batch_size, beta1, beta2, epsilon,
             alpha AS alpha_from, alpha_to AS alpha, run_id AS run_id_from, run_id_to AS run_id, status_to AS status,
             sqrt(aggregate(zip_with(x, x_to, (a, b) -> (a - b) * (a - b)), 0D, (s, v) -> s + v))
               / sqrt(aggregate(x_to, 0D, (s, v) -> s + v * v)) AS path_change,
             err_ref AS err_ref_from, err_ref_to AS err_ref, ref_norm, ref_status,
             (nuclear_norm_to - ref_norm) / ref_norm AS norm_gap,
             from_smallest = 2 AS at_smallest_alpha
      FROM ordered WHERE alpha_to IS NOT NULL
      """;

  /** Registers the view over the registered runs view; it is empty when no run stored its x. */
  public static void register(SparkSession spark) {
    Dataset<Row> limits = spark.sql(sql(Tables.RUNS));
    limits.createOrReplaceTempView(VIEW);
  }
}
