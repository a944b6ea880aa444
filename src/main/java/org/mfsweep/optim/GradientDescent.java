package org.mfsweep.optim;

import org.mfsweep.linalg.Netlib;
import org.mfsweep.linalg.SymmetricEigen;
import org.mfsweep.problem.MeasurementOperator;
import org.mfsweep.problem.Problem;
import org.mfsweep.sweep.RunSpec;
import org.mfsweep.sweep.RunSettings;

/**
 * Gradient descent on f(U) = (1/4m)·‖A(UUᵀ) − y‖², whose gradient is ∇f(U) = (1/m)·A*(r)·U with
 * r = A(UUᵀ) − y (the Aᵢ are symmetric):
 * <pre>  U_{k+1} = U_k − (η/m)·A*(r_k)·U_k,   U₀ = α·U_init.</pre>
 * One instance per thread: it owns every buffer, and its iteration loop allocates nothing. Runs
 * on the same problem reuse the buffers.
 */
public final class GradientDescent {
  private final Problem problem;
  private final int n;
  private final int m;
  private final MeasurementOperator.Evaluator train;
  private final MeasurementOperator.Evaluator test;
  private final SymmetricEigen eigen;
  private final double[] x;
  private final double[] g;
  private final double[] r;
  private final double[] rTest;
  private final double yTestNorm;
  private double[] u = new double[0];
  private double[] uNext = new double[0];

  public GradientDescent(Problem problem) {
    this.problem = problem;
    this.n = problem.n();
    this.m = problem.m();
    this.train = problem.train().evaluator();
    this.test = problem.test().evaluator();
    this.eigen = new SymmetricEigen(n);
    this.x = new double[n * n];
    this.g = new double[n * n];
    this.r = new double[m];
    this.rTest = new double[problem.test().m()];
    this.yTestNorm = problem.yTest().length == 0 ? Double.NaN
        : Netlib.blas.dnrm2(problem.yTest().length, problem.yTest(), 1);
  }

  /** Runs gradient descent from the run's start until a stopping rule holds. */
  public RunOutcome run(RunSpec run) {
    if (!run.problem().equals(problem.spec())) {
      throw new IllegalArgumentException("run " + run.runId() + " is on " + run.problem() + ", not on " + problem.spec());
    }
    long start = System.nanoTime();
    RunSettings s = run.settings();
    int d = run.width();
    if (u.length != n * d) {
      u = new double[n * d];
      uNext = new double[n * d];
    }
    Start.fill(run, u);
    int[] schedule = TraceSchedule.iterations(s.traceGrowth(), s.maxIterations());
    int[] traceIt = new int[schedule.length + 1];
    double[] traceLoss = new double[schedule.length + 1];
    double[] traceTest = new double[schedule.length + 1];
    double[] traceNuclear = new double[schedule.length + 1];
    int traced = 0;
    int next = 0;
    double step = -run.eta() / m;

    double loss = evaluate(d);
    double limit = s.divergenceFactor() * loss;
    int k = 0;
    Status status;
    while (true) {
      if (next < schedule.length && schedule[next] == k) {
        next++;
        traceIt[traced] = k;
        traceLoss[traced] = loss;
        traceTest[traced] = testError();
        traceNuclear[traced] = nuclearNorm(d);
        traced++;
      }
      if (!Double.isFinite(loss) || loss > limit) {
        status = Status.DIVERGED;
        break;
      }
      if (loss <= s.tolerance()) {
        status = Status.CONVERGED;
        break;
      }
      if (k == s.maxIterations()) {
        status = Status.MAX_ITERATIONS;
        break;
      }
      train.adjoint(r, g);
      System.arraycopy(u, 0, uNext, 0, n * d);
      Netlib.blas.dsymm("L", "U", n, d, step, g, n, u, n, 1.0, uNext, n);
      double[] t = u;
      u = uNext;
      uNext = t;
      k++;
      loss = evaluate(d);
    }
    double testError = testError();
    double nuclear = nuclearNorm(d);
    if (traced == 0 || traceIt[traced - 1] != k) {
      traceIt[traced] = k;
      traceLoss[traced] = loss;
      traceTest[traced] = testError;
      traceNuclear[traced] = nuclear;
      traced++;
    }
    double errTruth = errTruth();
    double effectiveRank = status == Status.DIVERGED && !Double.isFinite(loss) ? Double.NaN : effectiveRank();
    Trace trace = new Trace(java.util.Arrays.copyOf(traceIt, traced), java.util.Arrays.copyOf(traceLoss, traced),
        java.util.Arrays.copyOf(traceTest, traced), java.util.Arrays.copyOf(traceNuclear, traced));
    return new RunOutcome(status, k, loss, testError, nuclear, errTruth, effectiveRank,
        (System.nanoTime() - start) * 1e-9, trace, java.util.Arrays.copyOf(u, n * d));
  }

  /** x ← upper triangle of UUᵀ; r ← A(x) − y; returns f(U) = ‖r‖²/(4m). */
  private double evaluate(int d) {
    Netlib.blas.dsyrk("U", "N", n, d, 1.0, u, n, 0.0, x, n);
    train.apply(x, r);
    Netlib.blas.daxpy(m, -1.0, problem.y(), 1, r, 1);
    return Netlib.blas.ddot(m, r, 1, r, 1) / (4.0 * m);
  }

  /** ‖A_test(X) − y_test‖ / ‖y_test‖ for the current x. */
  private double testError() {
    if (rTest.length == 0) {
      return Double.NaN;
    }
    test.apply(x, rTest);
    Netlib.blas.daxpy(rTest.length, -1.0, problem.yTest(), 1, rTest, 1);
    return Netlib.blas.dnrm2(rTest.length, rTest, 1) / yTestNorm;
  }

  /** ‖X‖_* = tr(UUᵀ) = ‖U‖_F², exact since X is PSD. */
  private double nuclearNorm(int d) {
    return Netlib.blas.ddot(n * d, u, 1, u, 1);
  }

  /** ‖X − X*‖_F / ‖X*‖_F from the upper triangles. */
  private double errTruth() {
    double[] t = problem.truth();
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

  /** exp(−Σ pᵢ log pᵢ), pᵢ = λᵢ / Σλ over the eigenvalues of X (negative rounding noise set to 0). */
  private double effectiveRank() {
    double[] w = eigen.eigenvalues(x);
    double sum = 0;
    for (double v : w) {
      sum += Math.max(v, 0);
    }
    if (!(sum > 0)) {
      return 0;
    }
    double h = 0;
    for (double v : w) {
      double p = Math.max(v, 0) / sum;
      if (p > 0) {
        h -= p * Math.log(p);
      }
    }
    return Math.exp(h);
  }
}
