package org.mfsweep.optim;

import org.mfsweep.linalg.Netlib;
import org.mfsweep.problem.FactoredOperator;
import org.mfsweep.problem.MeasurementOperator;

/**
 * Factored evaluation for any {@link MeasurementOperator}, through its dense evaluator: per run,
 * X = VᵀV (dsyrk), A(X), A*(r) (n × n) and V + c·V·A*(r) (dsymm). The fallback for operators that do
 * not implement {@link FactoredOperator} themselves, and the reference the fast ones are tested against.
 */
final class DenseFactored implements FactoredOperator.Factored {
  private final MeasurementOperator.Evaluator evaluator;
  private final int n;
  private final int m;
  private final int d;
  private final double[] x;
  private final double[] g;
  private final double[] column;

  DenseFactored(MeasurementOperator op, int d, int capacity) {
    this.evaluator = op.evaluator();
    this.n = op.n();
    this.m = op.m();
    this.d = d;
    this.x = new double[n * n];
    this.g = new double[n * n];
    this.column = new double[m];
  }

  @Override public void apply(int count, double[] v, double[] out) {
    for (int s = 0; s < count; s++) {
      Netlib.blas.dsyrk("U", "T", n, d, 1.0, v, s * n * d, d, 0.0, x, 0, n);
      evaluator.apply(x, column);
      System.arraycopy(column, 0, out, s * m, m);
    }
  }

  @Override public void step(int count, double[] v, double[] r, double[] scale, double[] next) {
    int nd = n * d;
    for (int s = 0; s < count; s++) {
      System.arraycopy(r, s * m, column, 0, m);
      evaluator.adjoint(column, g);
      System.arraycopy(v, s * nd, next, s * nd, nd);
      Netlib.blas.dsymm("R", "U", d, n, scale[s], g, 0, n, v, s * nd, d, 1.0, next, s * nd, d);
    }
  }

  @Override public void direction(int count, double[] v, double[] r, double[] scale, double[] out) {
    int nd = n * d;
    for (int s = 0; s < count; s++) {
      System.arraycopy(r, s * m, column, 0, m);
      evaluator.adjoint(column, g);
      Netlib.blas.dsymm("R", "U", d, n, scale[s], g, 0, n, v, s * nd, d, 0.0, out, s * nd, d);
    }
  }

  /** Mini-batches through the dense evaluator: all m measurements evaluated, the batch's kept. */
  static FactoredOperator.Sampled sampled(MeasurementOperator op, int d) {
    DenseFactored dense = new DenseFactored(op, d, 1);
    double[] full = new double[op.m()];
    return new FactoredOperator.Sampled() {
      @Override public void apply(double[] v, int off, int[] idx, int from, int b, double[] out) {
        Netlib.blas.dsyrk("U", "T", dense.n, d, 1.0, v, off, d, 0.0, dense.x, 0, dense.n);
        dense.evaluator.apply(dense.x, full);
        for (int t = 0; t < b; t++) {
          out[t] = full[idx[from + t]];
        }
      }

      @Override public void direction(double[] v, int off, int[] idx, int from, int b, double[] r, double sc,
                                      double[] out) {
        java.util.Arrays.fill(full, 0.0);
        for (int t = 0; t < b; t++) {
          full[idx[from + t]] += r[t];
        }
        dense.evaluator.adjoint(full, dense.g);
        Netlib.blas.dsymm("R", "U", d, dense.n, sc, dense.g, 0, dense.n, v, off, d, 0.0, out, off, d);
      }
    };
  }
}
