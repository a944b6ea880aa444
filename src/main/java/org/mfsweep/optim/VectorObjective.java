package org.mfsweep.optim;

import java.util.Arrays;
import org.mfsweep.linalg.Netlib;
import org.mfsweep.problem.VectorProblem;
import org.mfsweep.spec.RunSpec;

/**
 * Plain least squares over x ∈ Rⁿ, no factorization:
 * <pre>  f(x) = (1/2m)·‖Ax − y‖²,   ∇f(x) = (1/m)·Aᵀ(Ax − y),   x₀ = α·1.</pre>
 * From x₀ = 0 the iterates of gradient descent stay in the row space of A, so the limit is the
 * minimum ℓ2 solution A⁺y; from α·1 it is A⁺y plus the part of α·1 in the null space of A. Each run
 * is evaluated by its own dgemv (a batch changes no number).
 */
public final class VectorObjective implements Objective {
  private final VectorProblem problem;
  private final int n;
  private final int m;
  private final int capacity;
  private final double[] r;
  private final double[] g;
  private final double[] rTest;
  private final double yTestNorm;
  private final double[] reference;
  private final double[] rBatch;

  VectorObjective(VectorProblem problem, int capacity, double[] reference, int maxRows) {
    if (reference != null && reference.length != problem.n()) {
      throw new IllegalArgumentException("reference of length " + reference.length + " for n = " + problem.n());
    }
    this.problem = problem;
    this.n = problem.n();
    this.m = problem.m();
    this.capacity = capacity;
    this.r = new double[capacity * m];
    this.g = new double[n];
    this.rTest = new double[problem.testSize()];
    this.yTestNorm = rTest.length == 0 ? Double.NaN : Netlib.blas.dnrm2(rTest.length, problem.yTest(), 1);
    this.reference = reference;
    this.rBatch = new double[Math.max(0, maxRows)];
  }

  @Override public int dimension() {
    return n;
  }

  @Override public int capacity() {
    return capacity;
  }

  @Override public int measurements() {
    return m;
  }

  @Override public void start(RunSpec run, double[] theta, int offset) {
    Arrays.fill(theta, offset, offset + n, run.alpha());
  }

  /** r_s ← A x_s − y; loss[s] = ‖r_s‖²/(2m). */
  @Override public void evaluate(int count, double[] theta, double[] loss) {
    for (int s = 0; s < count; s++) {
      System.arraycopy(problem.y(), 0, r, s * m, m);
      Netlib.blas.dgemv("N", m, n, 1.0, problem.a(), 0, m, theta, s * n, 1, -1.0, r, s * m, 1);
      loss[s] = Netlib.blas.ddot(m, r, s * m, 1, r, s * m, 1) / (2.0 * m);
    }
  }

  /** next_s ← x_s + (scale[s]/m)·Aᵀr_s. */
  @Override public void step(int count, double[] theta, double[] scale, double[] next) {
    for (int s = 0; s < count; s++) {
      Netlib.blas.dgemv("T", m, n, 1.0, problem.a(), 0, m, r, s * m, 1, 0.0, g, 0, 1);
      System.arraycopy(theta, s * n, next, s * n, n);
      Netlib.blas.daxpy(n, scale[s] / m, g, 0, 1, next, s * n, 1);
    }
  }

  @Override public void gradient(int count, double[] theta, double[] scale, double[] out) {
    for (int s = 0; s < count; s++) {
      Netlib.blas.dgemv("T", m, n, scale[s] / m, problem.a(), 0, m, r, s * m, 1, 0.0, out, s * n, 1);
    }
  }

  @Override public void move(int from, int to) {
    System.arraycopy(r, from * m, r, to * m, m);
  }

  /** r_B = A_B x − y_B; next ← x + (scale/b)·A_Bᵀ r_B. */
  @Override public void sampledStep(double[] theta, int offset, int[] idx, int from, int b, double scale,
                                    double[] next) {
    double[] a = problem.a();
    for (int t = 0; t < b; t++) {
      int i = idx[from + t];
      double sum = -problem.y()[i];
      for (int j = 0; j < n; j++) {
        sum += a[i + j * m] * theta[offset + j];
      }
      rBatch[t] = sum;
    }
    double c = scale / b;
    for (int j = 0; j < n; j++) {
      double sum = 0;
      for (int t = 0; t < b; t++) {
        sum += a[idx[from + t] + j * m] * rBatch[t];
      }
      next[offset + j] = theta[offset + j] + c * sum;
    }
  }

  @Override public void point(double[] theta, int offset, double[] out) {
    out[0] = testError(theta, offset);
    out[1] = Double.NaN;
    out[2] = distance(theta, offset, reference);
  }

  @Override public void last(double[] theta, int offset, boolean finiteLoss, double[] out) {
    point(theta, offset, out);
    out[3] = distance(theta, offset, problem.truth());
    out[4] = Double.NaN;
  }

  @Override public double[] result(double[] theta, int offset) {
    return Arrays.copyOfRange(theta, offset, offset + n);
  }

  /** ‖x − t‖ / ‖t‖, or NaN without t. */
  private double distance(double[] theta, int offset, double[] t) {
    if (t == null) {
      return Double.NaN;
    }
    double dd = 0;
    double r2 = 0;
    for (int j = 0; j < n; j++) {
      double e = theta[offset + j] - t[j];
      dd += e * e;
      r2 += t[j] * t[j];
    }
    return Math.sqrt(dd / r2);
  }

  private double testError(double[] theta, int offset) {
    if (rTest.length == 0) {
      return Double.NaN;
    }
    int t = rTest.length;
    System.arraycopy(problem.yTest(), 0, rTest, 0, t);
    Netlib.blas.dgemv("N", t, n, 1.0, problem.aTest(), 0, t, theta, offset, 1, -1.0, rTest, 0, 1);
    return Netlib.blas.dnrm2(t, rTest, 1) / yTestNorm;
  }
}
