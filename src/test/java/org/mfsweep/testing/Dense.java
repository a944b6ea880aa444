package org.mfsweep.testing;

import java.util.Random;
import org.mfsweep.problem.MeasurementOperator;

/** Slow, obvious reference computations on column-major arrays, for tests only. */
public final class Dense {
  private Dense() {}

  /** A random symmetric n × n matrix with N(0,1) upper-triangle entries. */
  public static double[] randomSymmetric(int n, Random rng) {
    double[] a = new double[n * n];
    for (int k = 0; k < n; k++) {
      for (int j = 0; j <= k; j++) {
        double v = rng.nextGaussian();
        a[j + k * n] = v;
        a[k + j * n] = v;
      }
    }
    return a;
  }

  public static double[] randomVector(int m, Random rng) {
    double[] r = new double[m];
    for (int i = 0; i < m; i++) {
      r[i] = rng.nextGaussian();
    }
    return r;
  }

  public static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  public static double norm(double[] a) {
    return Math.sqrt(dot(a, a));
  }

  /** C = A·B for A (r × k), B (k × c), column-major. */
  public static double[] multiply(double[] a, double[] b, int r, int k, int c) {
    double[] out = new double[r * c];
    for (int j = 0; j < c; j++) {
      for (int t = 0; t < k; t++) {
        double bj = b[t + j * k];
        for (int i = 0; i < r; i++) {
          out[i + j * r] += a[i + t * r] * bj;
        }
      }
    }
    return out;
  }

  /** U·Uᵀ for U n × d. */
  public static double[] outer(double[] u, int n, int d) {
    double[] x = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int t = 0; t < d; t++) {
          s += u[i + t * n] * u[j + t * n];
        }
        x[i + j * n] = s;
      }
    }
    return x;
  }

  /** The matrix Aᵢ of an operator, recovered as A*(eᵢ). */
  public static double[] measurementMatrix(MeasurementOperator op, int i) {
    double[] e = new double[op.m()];
    e[i] = 1;
    double[] a = new double[op.n() * op.n()];
    op.evaluator().adjoint(e, a);
    return a;
  }

  /** (1/4m)·‖A(UUᵀ) − y‖², computed with full matrices. */
  public static double loss(MeasurementOperator op, double[] y, double[] u, int d) {
    int n = op.n();
    double[] x = outer(u, n, d);
    double[] r = new double[op.m()];
    op.evaluator().apply(x, r);
    double s = 0;
    for (int i = 0; i < r.length; i++) {
      s += (r[i] - y[i]) * (r[i] - y[i]);
    }
    return s / (4.0 * op.m());
  }
}
