package org.mfsweep.spec;

import java.io.Serializable;

/**
 * Settings shared by the runs of a sweep (the {@code run} block of a sweep file).
 *
 * @param maxIterations stop after this many gradient steps (status MAX_ITERATIONS)
 * @param tolerance stop when the train loss f(U) is at or below this (status CONVERGED)
 * @param divergenceFactor stop when f(U) exceeds this multiple of f(U₀), or is not finite (DIVERGED)
 * @param traceGrowth trace iterations are 1, then each the previous times this (rounded up), and the last
 * @param testSize held-out measurements for sensing and diagonal problems
 * @param keepX store the final X (runs.x) for problems with n ≤ keepX; 0 never. What is recorded,
 *     not how the run computes: not part of the run_id
 * @param traceSingularValues how many of X's largest singular values each trace point records
 *     (traces.singular_values); 0 none. Also only what is recorded: not part of the run_id
 */
public record RunSettings(int maxIterations, double tolerance, double divergenceFactor,
                          double traceGrowth, int testSize, int keepX, int traceSingularValues)
    implements Serializable {
  /** The default keep-x. */
  public static final int KEEP_X = 100;

  /** The default trace-singular-values. */
  public static final int TRACE_SINGULAR_VALUES = 5;

  public RunSettings(int maxIterations, double tolerance, double divergenceFactor, double traceGrowth, int testSize) {
    this(maxIterations, tolerance, divergenceFactor, traceGrowth, testSize, KEEP_X);
  }

  public RunSettings(int maxIterations, double tolerance, double divergenceFactor, double traceGrowth, int testSize,
                     int keepX) {
    this(maxIterations, tolerance, divergenceFactor, traceGrowth, testSize, keepX, TRACE_SINGULAR_VALUES);
  }

  String canonical() {
    return "max_iterations=" + maxIterations + "|tolerance=" + Ids.bits(tolerance)
        + "|divergence_factor=" + Ids.bits(divergenceFactor) + "|trace_growth=" + Ids.bits(traceGrowth)
        + "|test_size=" + testSize;
  }
}
