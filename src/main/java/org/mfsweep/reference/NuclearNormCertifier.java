package org.mfsweep.reference;

import org.mfsweep.linalg.LapackException;
import org.mfsweep.linalg.Netlib;
import org.mfsweep.problem.MeasurementOperator;
import org.netlib.util.intW;

/**
 * The {@link Certificate} of a pair (X, ν) for min tr X s.t. A(X) = y, X ⪰ 0 and its dual
 * max ⟨y, ν⟩ s.t. I − A*(ν) ⪰ 0: ‖A(X) − y‖/‖y‖, max(0, −λ_min(X))/‖X‖_F,
 * max(0, λ_max(A*(ν)) − 1), ‖(I − A*(ν))X‖_F/‖X‖_F and |tr X − ⟨y, ν⟩|/tr X. Owns its workspaces
 * (the dsyevd one sized by one query); computing a certificate allocates nothing.
 */
final class NuclearNormCertifier {
  private final int n;
  private final int m;
  private final MeasurementOperator.Evaluator evaluator;
  private final double[] ax;
  private final double[] a;
  private final double[] product;
  private final double[] w;
  private final double[] work;
  private final int[] iwork;
  private final intW info = new intW(0);

  NuclearNormCertifier(MeasurementOperator op) {
    this.n = op.n();
    this.m = op.m();
    this.evaluator = op.evaluator();
    this.ax = new double[m];
    this.a = new double[n * n];
    this.product = new double[n * n];
    this.w = new double[n];
    double[] workQuery = new double[1];
    int[] iworkQuery = new int[1];
    Netlib.lapack.dsyevd("N", "U", n, a, n, w, workQuery, -1, iworkQuery, -1, info);
    if (info.val != 0) {
      throw new LapackException("dsyevd", info.val, "workspace query, n = " + n);
    }
    this.work = new double[Math.max(1, (int) workQuery[0])];
    this.iwork = new int[Math.max(1, iworkQuery[0])];
  }

  /** Checks shapes and values, then the certificate. Nothing passed in is modified. */
  Certificate certificate(double[] y, double[] x, double[] nu) {
    checkMeasurements(y);
    if (x.length != n * n || nu.length != m) {
      throw new IllegalArgumentException("expected X of " + n + " × " + n + " and ν of " + m + ", got lengths "
          + x.length + " and " + nu.length);
    }
    double[] c = new double[5];
    certify(y, x, nu, c);
    return new Certificate(c[0], c[1], c[2], c[3], c[4]);
  }

  /** out ← (primal, cone, dual, complementarity, gap), unchecked. */
  void certify(double[] y, double[] x, double[] nu, double[] out) {
    evaluator.apply(x, ax);
    double residual2 = 0;
    for (int i = 0; i < m; i++) {
      residual2 += (ax[i] - y[i]) * (ax[i] - y[i]);
    }
    out[0] = Certificate.relative(Math.sqrt(residual2), Netlib.blas.dnrm2(m, y, 1));
    double xNorm = Netlib.blas.dnrm2(n * n, x, 1);

    evaluator.adjoint(nu, a);
    Netlib.blas.dsymm("L", "U", n, n, 1.0, a, n, x, n, 0.0, product, n);
    Netlib.blas.daxpy(n * n, -1.0, x, 1, product, 1);
    out[3] = Certificate.relative(Netlib.blas.dnrm2(n * n, product, 1), xNorm);
    eigenvalues(a);
    out[2] = Math.max(0, w[n - 1] - 1);

    System.arraycopy(x, 0, a, 0, n * n);
    eigenvalues(a);
    out[1] = Certificate.relative(Math.max(0, -w[0]), xNorm);

    double trace = 0;
    for (int j = 0; j < n; j++) {
      trace += x[j + j * n];
    }
    double dual = 0;
    for (int i = 0; i < m; i++) {
      dual += y[i] * nu[i];
    }
    out[4] = Certificate.relative(Math.abs(trace - dual), trace);
  }

  /** @throws IllegalArgumentException if y has the wrong length or a non-finite entry */
  void checkMeasurements(double[] y) {
    Checks.measurements(m, y);
  }

  private void eigenvalues(double[] s) {
    Netlib.lapack.dsyevd("N", "U", n, s, n, w, work, work.length, iwork, iwork.length, info);
    if (info.val != 0) {
      throw new LapackException("dsyevd", info.val, "n = " + n);
    }
  }
}
