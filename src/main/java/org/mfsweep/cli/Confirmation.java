package org.mfsweep.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.mfsweep.engine.Estimate;
import org.mfsweep.sweep.SweepSpec;

/**
 * {@code run}'s guard: the worst case of every planned run, calibrated before Spark starts and
 * before the output is locked, printed; a sweep whose worst case exceeds engine.confirm-above is
 * refused (exit 2, nothing written) unless --yes is given.
 */
final class Confirmation {
  private Confirmation() {}

  /**
   * Prints the estimate for the master Spark will use (spark.master, as spark-submit sets it) and
   * refuses a sweep above the threshold.
   *
   * @throws UsageError when the worst case exceeds engine.confirm-above and yes is false
   */
  static Estimate check(SweepSpec sweep, boolean yes, PrintWriter out) {
    Estimate e = Estimate.of(sweep, Estimate.Slots.forMaster(System.getProperty("spark.master"),
        System.getProperty("spark.cores.max")));
    e.describe(out);
    out.flush();
    double limit = sweep.engine().confirmAboveSeconds();
    String message = refusal(e.seconds(), limit, yes, sweep.source());
    if (message != null) {
      throw new UsageError(message);
    }
    return e;
  }

  /** Why a sweep of this worst case may not start, or null when it may. */
  static String refusal(double worst, double limit, boolean yes, String source) {
    if (yes || worst <= limit) {
      return null;
    }
    return String.format(Locale.ROOT, "the worst case of this sweep is %s, above engine.confirm-above = %s: "
        + "nothing was started. Check it with `plan`, then run again with --yes, or raise engine.confirm-above "
        + "in %s (or --set engine.confirm-above=\"4 h\")", Estimate.duration(worst), Estimate.duration(limit), source);
  }
}
