package org.mfsweep.optim;

import java.util.Arrays;
import org.mfsweep.linalg.Netlib;
import org.mfsweep.problem.VectorProblem;
import org.mfsweep.sweep.RunSettings;
import org.mfsweep.sweep.RunSpec;

/**
 * Gradient descent on plain least squares, f(x) = (1/2m)·‖Ax − y‖², ∇f(x) = (1/m)·Aᵀ(Ax − y):
 * <pre>  x_{k+1} = x_k − (η/m)·Aᵀ(A x_k − y),   x₀ = α·1.</pre>
 * From x₀ = 0 the iterates stay in the row space of A, so the limit is the minimum ℓ2 solution
 * A⁺y; from α·1 the limit is A⁺y plus the part of α·1 in the null space of A. One instance per
 * thread; the loop allocates nothing. Stopping rules as {@link GradientDescent}.
 */
public final class LeastSquaresDescent {
  private final VectorProblem problem;
  private final int n;
  private final int m;
  private final double[] x;
  private final double[] g;
  private final double[] r;
  private final double[] rTest;
  private final double yTestNorm;
  private double[] reference;

  public LeastSquaresDescent(VectorProblem problem) {
    this.problem = problem;
    this.n = problem.n();
    this.m = problem.m();
    this.x = new double[n];
    this.g = new double[n];
    this.r = new double[m];
    this.rTest = new double[problem.testSize()];
    this.yTestNorm = rTest.length == 0 ? Double.NaN : Netlib.blas.dnrm2(rTest.length, problem.yTest(), 1);
  }

  /** The reference x_ref (length n) runs are compared with (err_ref), or null for none. */
  public void reference(double[] xRef) {
    if (xRef != null && xRef.length != n) {
      throw new IllegalArgumentException("reference of length " + xRef.length + " for n = " + n);
    }
    this.reference = xRef;
  }

  public RunOutcome run(RunSpec run) {
    if (!run.problem().equals(problem.spec())) {
      throw new IllegalArgumentException("run " + run.runId() + " is on " + run.problem() + ", not on " + problem.spec());
    }
    long start = System.nanoTime();
    RunSettings s = run.settings();
    Arrays.fill(x, run.alpha());
    int[] schedule = TraceSchedule.iterations(s.traceGrowth(), s.maxIterations());
    TraceBuilder trace = new TraceBuilder(schedule.length + 1);
    int next = 0;
    double loss = residual();
    double limit = s.divergenceFactor() * loss;
    int k = 0;
    Status status;
    while (true) {
      if (next < schedule.length && schedule[next] == k) {
        next++;
        trace.add(k, k * run.eta(), loss, testError(), Double.NaN, distance(reference));
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
      Netlib.blas.dgemv("T", m, n, 1.0, problem.a(), m, r, 1, 0.0, g, 1);
      Netlib.blas.daxpy(n, -run.eta() / m, g, 1, x, 1);
      k++;
      loss = residual();
    }
    double testError = testError();
    double errRef = distance(reference);
    if (!trace.endsAt(k, k * run.eta())) {
      trace.add(k, k * run.eta(), loss, testError, Double.NaN, errRef);
    }
    return new RunOutcome(status, k, k * run.eta(), loss, testError, Double.NaN, distance(problem.truth()), errRef,
        Double.NaN, (System.nanoTime() - start) * 1e-9, trace.build(), x.clone());
  }

  /** ‖x − t‖ / ‖t‖, or NaN without t (a short loop at trace points only). */
  private double distance(double[] t) {
    if (t == null) {
      return Double.NaN;
    }
    double d = 0;
    double r2 = 0;
    for (int j = 0; j < n; j++) {
      double e = x[j] - t[j];
      d += e * e;
      r2 += t[j] * t[j];
    }
    return Math.sqrt(d / r2);
  }

  /** r ← Ax − y; returns f(x) = ‖r‖²/(2m). */
  private double residual() {
    System.arraycopy(problem.y(), 0, r, 0, m);
    Netlib.blas.dgemv("N", m, n, 1.0, problem.a(), m, x, 1, -1.0, r, 1);
    return Netlib.blas.ddot(m, r, 1, r, 1) / (2.0 * m);
  }

  private double testError() {
    if (rTest.length == 0) {
      return Double.NaN;
    }
    int t = rTest.length;
    System.arraycopy(problem.yTest(), 0, rTest, 0, t);
    Netlib.blas.dgemv("N", t, n, 1.0, problem.aTest(), t, x, 1, -1.0, rTest, 1);
    return Netlib.blas.dnrm2(t, rTest, 1) / yTestNorm;
  }
}
