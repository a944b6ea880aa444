package org.mfsweep.optim;

import org.mfsweep.linalg.Netlib;
import org.mfsweep.linalg.SymmetricEigen;
import org.mfsweep.problem.MeasurementOperator;
import org.mfsweep.problem.Problem;

/**
 * The metrics of X = UUᵀ that need the dense matrix, from its upper triangle (n × n column-major):
 * test error, distance to the truth and to the reference, effective rank. Owns its buffers: one
 * instance per solver.
 */
final class Metrics {
  private final Problem problem;
  private final int n;
  private final MeasurementOperator.Evaluator test;
  private final double[] rTest;
  private final double yTestNorm;
  private final SymmetricEigen eigen;
  private double[] reference;

  Metrics(Problem problem) {
    this.problem = problem;
    this.n = problem.n();
    this.test = problem.test().evaluator();
    this.rTest = new double[problem.test().m()];
    this.yTestNorm = rTest.length == 0 ? Double.NaN : Netlib.blas.dnrm2(rTest.length, problem.yTest(), 1);
    this.eigen = new SymmetricEigen(n);
  }

  /** X_ref (n × n column-major, both triangles), or null when there is none. */
  void reference(double[] xRef) {
    if (xRef != null && xRef.length != n * n) {
      throw new IllegalArgumentException("reference of length " + xRef.length + " for n = " + n);
    }
    this.reference = xRef;
  }

  /** ‖A_test(X) − y_test‖ / ‖y_test‖; NaN without a test set. */
  double testError(double[] x) {
    if (rTest.length == 0) {
      return Double.NaN;
    }
    test.apply(x, rTest);
    Netlib.blas.daxpy(rTest.length, -1.0, problem.yTest(), 1, rTest, 1);
    return Netlib.blas.dnrm2(rTest.length, rTest, 1) / yTestNorm;
  }

  /** ‖X − X*‖_F / ‖X*‖_F; NaN when the truth is unknown. */
  double errTruth(double[] x) {
    return problem.truth() == null ? Double.NaN : relativeDistance(n, x, problem.truth());
  }

  /** ‖X − X_ref‖_F / ‖X_ref‖_F; NaN without a reference. */
  double errRef(double[] x) {
    return reference == null ? Double.NaN : relativeDistance(n, x, reference);
  }

  /** exp(−Σ pᵢ log pᵢ), pᵢ = λᵢ / Σλ over the eigenvalues of X (negative rounding noise set to 0). */
  double effectiveRank(double[] x) {
    return effectiveRankOf(eigen.eigenvalues(x));
  }

  /**
   * exp(−Σ pᵢ log pᵢ), pᵢ = vᵢ / Σv over the eigenvalues or singular values v of X (negative
   * rounding noise set to 0); 0 for X = 0.
   */
  static double effectiveRankOf(double[] values) {
    double sum = 0;
    for (double e : values) {
      sum += Math.max(e, 0);
    }
    if (!(sum > 0)) {
      return 0;
    }
    double h = 0;
    for (double e : values) {
      double p = Math.max(e, 0) / sum;
      if (p > 0) {
        h -= p * Math.log(p);
      }
    }
    return Math.exp(h);
  }

  /** The k largest eigenvalues of X (fewer when n &lt; k), largest first, negative rounding set to 0; NaN when X is not finite. */
  double[] topEigenvalues(double[] x, int k) {
    double[] top = new double[Math.min(k, n)];
    for (int j = 0; j < n; j++) {
      for (int i = 0; i <= j; i++) {
        if (!Double.isFinite(x[i + j * n])) {
          java.util.Arrays.fill(top, Double.NaN);
          return top;
        }
      }
    }
    double[] w = eigen.eigenvalues(x);
    for (int i = 0; i < top.length; i++) {
      top[i] = Math.max(0, w[n - 1 - i]);
    }
    return top;
  }

  /** ‖X − T‖_F / ‖T‖_F for symmetric X, T, reading only their upper triangles. */
  static double relativeDistance(int n, double[] x, double[] t) {
    double diff = 0;
    double ref = 0;
    for (int k = 0; k < n; k++) {
      for (int j = 0; j < k; j++) {
        double e = x[j + k * n] - t[j + k * n];
        diff += 2 * e * e;
        ref += 2 * t[j + k * n] * t[j + k * n];
      }
      double e = x[k + k * n] - t[k + k * n];
      diff += e * e;
      ref += t[k + k * n] * t[k + k * n];
    }
    return Math.sqrt(diff / ref);
  }
}
