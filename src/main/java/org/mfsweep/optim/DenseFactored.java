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
}
