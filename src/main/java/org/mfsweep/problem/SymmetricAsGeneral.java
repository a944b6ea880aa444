package org.mfsweep.problem;

/**
 * A measurement operator on Sym(n) as one on all of R^{n × n}: ⟨Aᵢ, X⟩ = ⟨Aᵢ, (X + Xᵀ)/2⟩ for the
 * symmetric Aᵢ, and A*(r) is the symmetric Σ rᵢAᵢ. Each thread gets its own evaluator and buffer.
 */
final class SymmetricAsGeneral implements MatrixOperator {
  private final MeasurementOperator op;
  private final int n;
  private final ThreadLocal<Scratch> scratch;

  /** A thread's evaluator, its n × n symmetrised X and an m-long vector for mini-batches. */
  private record Scratch(MeasurementOperator.Evaluator evaluator, double[] x, double[] all) {}

  SymmetricAsGeneral(MeasurementOperator op) {
    this.op = op;
    this.n = op.n();
    this.scratch = ThreadLocal.withInitial(() -> new Scratch(op.evaluator(), new double[n * n], new double[op.m()]));
  }

  @Override public int rows() {
    return n;
  }

  @Override public int cols() {
    return n;
  }

  @Override public int m() {
    return op.m();
  }

  @Override public void apply(double[] x, double[] out) {
    if (op.m() == 0) {
      return;
    }
    Scratch s = scratch.get();
    // the upper triangle of (X + Xᵀ)/2, which is all the symmetric operator reads
    for (int k = 0; k < n; k++) {
      for (int j = 0; j <= k; j++) {
        s.x[j + k * n] = 0.5 * (x[j + k * n] + x[k + j * n]);
      }
    }
    s.evaluator.apply(s.x, out);
  }

  @Override public void adjoint(double[] r, double[] out) {
    if (op.m() == 0) {
      java.util.Arrays.fill(out, 0, n * n, 0.0);
      return;
    }
    scratch.get().evaluator.adjoint(r, out);
  }

  @Override public double applyFlops() {
    return op.applyFlops() + n * n;
  }

  /** The mini-batch's measurements, through the thread's buffers (no allocation per step). */
  @Override public void apply(double[] x, int[] idx, int from, int b, double[] out) {
    double[] all = scratch.get().all;
    apply(x, all);
    for (int t = 0; t < b; t++) {
      out[t] = all[idx[from + t]];
    }
  }

  /** Σ_t r[t]·A_{idx[from+t]}, through the thread's buffers. */
  @Override public void adjoint(double[] r, int[] idx, int from, int b, double[] out) {
    double[] all = scratch.get().all;
    java.util.Arrays.fill(all, 0.0);
    for (int t = 0; t < b; t++) {
      all[idx[from + t]] += r[t];
    }
    adjoint(all, out);
  }
}
