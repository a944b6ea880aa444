package org.mfsweep.engine;

import java.util.Locale;
import org.mfsweep.problem.Kinds;
import org.mfsweep.problem.ProblemKind;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.spec.RunSpec;
import org.mfsweep.sweep.SweepSpec;

/**
 * How much memory one task needs for a problem, counted in doubles in long/double arithmetic (n·n
 * and m·p overflow an int long before they exhaust memory), so that a sweep asking for a problem
 * no executor can hold is refused before any work instead of dying of an OutOfMemoryError.
 *
 * <p>The estimate is a lower bound of what the task holds at once: the measurements and test set,
 * the truth and the reference (n × n for matrix kinds), the reference solver's n × n workspaces
 * (counted as {@link #REFERENCE_MATRICES} matrices), and the batched factors (two buffers of a
 * batch of n × d factors, as {@link org.mfsweep.optim.BatchedSolver#capacity} sizes the batch).
 */
public final class ProblemSize {
  /** n × n matrices the reference solvers and the dense kernels keep at once (X, G, X_ref, truth, SDP iterates). */
  static final int REFERENCE_MATRICES = ProblemKind.REFERENCE_MATRICES;
  /** The longest Java array: a few elements short of 2³¹ − 1. */
  static final long MAX_ARRAY = Integer.MAX_VALUE - 8L;
  /** What Spark keeps of each executor's heap for itself (its reserved memory). */
  static final long SPARK_RESERVED = 300L << 20;

  private ProblemSize() {}

  /**
   * The estimate for one task on problem p with factors of width d and testSize held-out
   * measurements.
   *
   * @param bytes lower bound of the memory the task holds at once
   * @param largestArray elements of its largest single array (it must fit a Java array)
   */
  public record Estimate(double bytes, double largestArray) {}

  /** Per kind (p = n(n+1)/2, t = test size, F = the factor buffers): see the class comment. */
  public static Estimate of(ProblemSpec spec, int width, int testSize) {
    return of(spec, width, 2, false, testSize);
  }

  /**
   * The estimate for a run's factorization: X = UUᵀ holds n × d factors; X = W_N ⋯ W_1 its N
   * factors (d·cols + (N − 2)·d² + rows·d doubles, rows·cols for N = 1) and the rows × cols X and
   * gradient, counted as one n·d block of that size each.
   */
  public static Estimate of(ProblemSpec spec, int width, int depth, boolean asymmetric, int testSize) {
    double n = spec.n();
    double d = Math.max(1, width);
    double block = n * d;
    if (asymmetric) {
      double r = spec.rows();
      double c = spec.cols();
      block = (depth == 1 ? r * c : d * c + Math.max(0, depth - 2) * d * d + r * d) + 2 * r * c;
    }
    // GradientDescent.capacity: up to 32 factors of n·d, fewer once two of them pass 2²³ doubles
    double batch = Math.max(1, Math.min(32, Math.floor((1 << 23) / (2 * block))));
    double factors = 2 * batch * block + 2 * block;
    ProblemKind kind = Kinds.of(spec.kind());
    double[] data = kind.footprint(spec, testSize);
    double doubles = data[0] + (kind.matrix() ? factors : 0);
    double largest = Math.max(data[1], kind.matrix() ? block : 0);
    return new Estimate(8 * doubles, largest);
  }

  /**
   * Refuses a sweep whose largest problem cannot fit one task.
   *
   * @param perTask bytes one task may use: executor heap less Spark's reserve, over the executor's task slots
   * @param what how perTask was found, for the message ("driver heap 2.0 GB over 2 task slots")
   * @throws SetupException naming the problem, what it needs and what a task has
   */
  public static void check(SweepSpec sweep, double perTask, String what) {
    RunSpec[] worstRun = {null};
    Estimate[] worstOf = {null};
    for (org.mfsweep.sweep.ProblemRuns g : sweep.groups()) { // streamed: no run list
      g.forEach(r -> {
        Estimate e = of(r.problem(), r.width(), r.depth(), r.asymmetric(), r.settings().testSize());
        if (worstOf[0] == null || e.bytes() > worstOf[0].bytes() || e.largestArray() > worstOf[0].largestArray()) {
          worstRun[0] = r;
          worstOf[0] = e;
        }
      });
    }
    RunSpec worst = worstRun[0];
    Estimate worstEstimate = worstOf[0];
    if (worst == null) {
      return;
    }
    ProblemSpec p = worst.problem();
    String problem = String.format(Locale.ROOT, "the %s problem with %s, m = %d%s", p.kind().configName(),
        p.general() ? p.rows() + " × " + p.cols() : "n = " + p.n(), p.m(),
        worst.width() != p.n() ? ", width " + worst.width() : "");
    if (worstEstimate.largestArray() > MAX_ARRAY) {
      throw new SetupException(String.format(Locale.ROOT, "%s needs an array of %.3g doubles, more than a Java array "
          + "can hold (2^31 − 1); make the problem smaller; nothing was written", problem, worstEstimate.largestArray()));
    }
    if (worstEstimate.bytes() > perTask) {
      throw new SetupException(String.format(Locale.ROOT, "%s needs at least %s per task, and a task has %s (%s); "
          + "give it more memory (--driver-memory in local mode, --executor-memory on a cluster) or make the problem "
          + "smaller; nothing was written", problem, bytes(worstEstimate.bytes()), bytes(perTask), what));
    }
  }

  /** "1.5 GB", "3.2e+03 TB". */
  static String bytes(double b) {
    String[] units = {"B", "KB", "MB", "GB", "TB"};
    int u = 0;
    while (b >= 1024 && u < units.length - 1) {
      b /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, b < 1e4 ? "%.1f %s" : "%.2g %s", b, units[u]);
  }
}
