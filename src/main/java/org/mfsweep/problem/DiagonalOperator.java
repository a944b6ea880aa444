package org.mfsweep.problem;

import java.util.Arrays;
import org.mfsweep.linalg.Netlib;

/** Diagonal Aᵢ = diag(aᵢ): ⟨Aᵢ, X⟩ = aᵢ · diag(X). The aᵢ are the rows of an m × n matrix. */
public final class DiagonalOperator implements MeasurementOperator {
  private final int n;
  private final int m;
  private final double[] a;

  /** @param a m × n column-major, row i = diagonal of Aᵢ (kept, not copied) */
  public DiagonalOperator(int n, int m, double[] a) {
    if (a.length != (long) m * n) {
      throw new IllegalArgumentException("expected " + m + " × " + n + " entries, got " + a.length);
    }
    this.n = n;
    this.m = m;
    this.a = a;
  }

  @Override public int n() {
    return n;
  }

  @Override public int m() {
    return m;
  }

  @Override public double applyFlops() {
    return 2.0 * m * n;
  }

  @Override public Evaluator evaluator() {
    double[] diag = new double[n];
    return new Evaluator() {
      @Override public void apply(double[] x, double[] out) {
        for (int j = 0; j < n; j++) {
          diag[j] = x[j + j * n];
        }
        Netlib.blas.dgemv("N", m, n, 1.0, a, m, diag, 1, 0.0, out, 1);
      }

      @Override public void adjoint(double[] r, double[] out) {
        Netlib.blas.dgemv("T", m, n, 1.0, a, m, r, 1, 0.0, diag, 1);
        Arrays.fill(out, 0, n * n, 0.0);
        for (int j = 0; j < n; j++) {
          out[j + j * n] = diag[j];
        }
      }
    };
  }
}
