package org.mfsweep.spec;

/**
 * The result of one run. Metrics are of the final X = UUᵀ (of x for least squares, where the
 * matrix metrics are NaN).
 *
 * @param iterations gradient steps taken (gd), integrator steps taken (flow)
 * @param time iterations·η (gd), the time reached (flow)
 * @param trainLoss f(U) = (1/4m)·‖A(UUᵀ) − y‖² (least squares: (1/2m)·‖Ax − y‖²)
 * @param testError ‖A_test(X) − y_test‖ / ‖y_test‖
 * @param nuclearNorm ‖X‖_* = tr X = ‖U‖_F²
 * @param errTruth ‖X − X*‖_F / ‖X*‖_F (NaN when the truth is unknown)
 * @param errRef ‖X − X_ref‖_F / ‖X_ref‖_F (NaN without a reference)
 * @param effectiveRank exp(entropy of the normalised eigenvalues of X) (Roy and Vetterli, 2007)
 * @param seconds wall time of the run, problem building excluded; in a batch, its equal share of each
 *     step the batch took while it ran, plus the time of its own metrics and traces
 * @param factor the final U (n × width, column-major), or x; for X = W_N ⋯ W_1 the factors W_1 … W_N
 *     one after another, each column-major
 * @param x the final X (rows × cols column-major, both triangles) when the solver formed it, or null
 *     (then it is UUᵀ of the factor, or the factor itself for least squares)
 */
public record RunOutcome(Status status, int iterations, double time, double trainLoss, double testError,
                         double nuclearNorm, double errTruth, double errRef, double effectiveRank, double seconds,
                         Trace trace, double[] factor, double[] x) {

  public RunOutcome(Status status, int iterations, double time, double trainLoss, double testError,
                    double nuclearNorm, double errTruth, double errRef, double effectiveRank, double seconds,
                    Trace trace, double[] factor) {
    this(status, iterations, time, trainLoss, testError, nuclearNorm, errTruth, errRef, effectiveRank, seconds, trace,
        factor, null);
  }
}
