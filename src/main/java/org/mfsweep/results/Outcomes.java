package org.mfsweep.results;

import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code outcomes} view: one row per α-path group (as in {@link Limits#GROUP}) at its smallest
 * α, with the group's outcome — the one place where a limit, a reference and their agreement are
 * classified. Read from the {@code limits} row that ends at the smallest α, and from the problem's
 * {@code ref_unique}:
 * <ol>
 *   <li>{@value #NOT_CERTIFIED}: ref_status is not CONVERGED (err_ref and ref_norm are null);</li>
 *   <li>{@value #NO_LIMIT}: path_change &gt; {@value #SETTLED} (or NaN: a diverged run), the
 *       α-path still moves between the two smallest α;</li>
 *   <li>{@value #EQUALS}: settled, and err_ref ≤ {@value #EQUAL};</li>
 *   <li>{@value #NO_LIMIT} too when err_ref &gt; {@value #EQUAL} but the run at the smallest α did not
 *       reach its tolerance (status not CONVERGED: stopped at its budget, maybe short of a global
 *       minimum, as one gd run of the 3 × 3 job whose X has a norm 1.6 % below the minimum);</li>
 *   <li>{@value #DIFFERS}: settled, converged, err_ref &gt; {@value #EQUAL}, and either the reference is
 *       unique (ref_unique true) or the limit's norm exceeds the certified minimum by more than
 *       {@value #EQUAL} (norm_gap &gt; {@value #EQUAL}, so the limit is no minimizer at all, unique or
 *       not): a counterexample to the claim that the limit is a minimum-norm solution;</li>
 *   <li>{@value #DIFFERS_NOT_UNIQUE}: settled, converged, err_ref &gt; {@value #EQUAL}, ref_unique false or
 *       undecided and norm_gap ≤ {@value #EQUAL}: the limit may be another minimizer of the same
 *       norm.</li>
 * </ol>
 * The first that applies wins. A group with a single α has no limits row and no outcome.
 */
public final class Outcomes {
  private Outcomes() {}

  public static final String VIEW = "outcomes";

  /**
   * The α-path is settled when the relative change of X over the last step of α is at most this.
   * From the exhaustive 3 × 3 job's flow runs (steps of 100 in α down to 1e-10,
   * docs/reproduction.md §6): the paths that settle shrink their change geometrically, to at most
   * 9.7e-4 at the last step; the ten that do not change by 4.2e-3 or more there, with err_ref
   * still rising.
   */
  public static final double SETTLED = 1e-3;

  /**
   * The limit equals the reference when err_ref ≤ this, i.e. agrees to 0.1 %: well above what the
   * measurement resolves (the square root of a reference tolerance of 1e-8 to 1e-9, the error in X
   * of a degenerate SDP; a run stopped at its loss tolerance), and in the 3 × 3 job every settled
   * limit above it sits at least 60 × its last path change away from the reference, so the rest of
   * the path cannot close the gap. Smaller differences are real there too (err_ref is constant to
   * two digits over four decades of α): query {@code outcomes} with another bound to count them.
   */
  public static final double EQUAL = 1e-3;

  public static final String NOT_CERTIFIED = "reference not certified";
  public static final String NO_LIMIT = "no limit yet";
  public static final String EQUALS = "limit equals reference";
  public static final String DIFFERS = "limit differs (counterexample)";
  public static final String DIFFERS_NOT_UNIQUE = "limit differs, reference not unique";

  /** The classes in the order they are tested and shown. */
  public static final List<String> CLASSES = List.of(NOT_CERTIFIED, NO_LIMIT, EQUALS, DIFFERS, DIFFERS_NOT_UNIQUE);

  /**
   * The view's SQL over a limits view and, when the output has one, a problems view.
   *
   * @param limits the limits view's name (qualified when it lives in a database)
   * @param problems the problems view's name, or null when the output has no problems table
   */
  static String sql(String limits, String problems) {
    String unique = problems == null ? "CAST(NULL AS BOOLEAN)" : "p.ref_unique";
    String join = problems == null ? "" : " LEFT JOIN (SELECT problem_id, ref_unique FROM " + problems
        + ") p ON l.problem_id = p.problem_id";
    return """
        SELECT l.problem_id, l.kind, l.n, l.m, l.rank, l.seed, l.sampling, l.power_law_exponent, l.pattern, l.data_id,
               l.width, l.init, l.eta, l.optimizer, l.beta, l.batch_size, l.beta1, l.beta2, l.epsilon,
               l.alpha_from, l.alpha, l.run_id, l.status, l.path_change, l.err_ref, l.norm_gap, l.ref_status,
               %1$s AS ref_unique,
               CASE WHEN l.ref_status IS NULL OR l.ref_status != 'CONVERGED' THEN '%3$s'
                    WHEN l.path_change IS NULL OR isnan(l.path_change) OR l.path_change > %6$s THEN '%4$s'
                    WHEN l.err_ref <= %7$s THEN '%5$s'
                    WHEN l.status != 'CONVERGED' THEN '%4$s'
                    WHEN %1$s OR l.norm_gap > %7$s THEN '%8$s'
                    ELSE '%9$s' END AS outcome
        FROM %2$s l%10$s
        WHERE l.at_smallest_alpha
        """.formatted(unique, limits, NOT_CERTIFIED, NO_LIMIT, EQUALS, literal(SETTLED), literal(EQUAL), DIFFERS,
        DIFFERS_NOT_UNIQUE, join);
  }

  /** Registers the view over the registered limits (and problems, when registered) views. */
  public static void register(SparkSession spark, boolean hasProblems) {
    spark.sql(sql(Limits.VIEW, hasProblems ? Tables.PROBLEMS : null)).createOrReplaceTempView(VIEW);
  }

  /** A double as a SQL double literal (1e-3 → 1.0E-3D). */
  private static String literal(double v) {
    return Double.toString(v) + "D";
  }
}
