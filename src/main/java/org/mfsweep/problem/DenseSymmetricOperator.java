package org.mfsweep.problem;

import org.mfsweep.linalg.Netlib;
import org.mfsweep.linalg.Packed;

/**
 * Dense symmetric Aᵢ in packed storage: column i of the p × m matrix (p = n(n+1)/2) holds the
 * upper triangle of Aᵢ with off-diagonal entries doubled, so ⟨Aᵢ, X⟩ is the dot product of that
 * column with the packed upper triangle of X. A(X) is one dgemv, A*(r) another.
 */
public final class DenseSymmetricOperator implements MeasurementOperator {
  private final int n;
  private final int m;
  private final int p;
  private final double[] a;

  /**
   * @param weighted p × m column-major, column i = packed upper triangle of Aᵢ with off-diagonals
   *     doubled (kept, not copied: the caller hands it over)
   */
  public DenseSymmetricOperator(int n, int m, double[] weighted) {
    this.n = n;
    this.m = m;
    this.p = Packed.size(n);
    if (weighted.length != (long) p * m) {
      throw new IllegalArgumentException("expected " + p + " × " + m + " packed entries, got " + weighted.length);
    }
    this.a = weighted;
  }

  @Override public int n() {
    return n;
  }

  @Override public int m() {
    return m;
  }

  @Override public double applyFlops() {
    return 2.0 * p * m;
  }

  @Override public Evaluator evaluator() {
    double[] xp = new double[p];
    double[] gp = new double[p];
    return new Evaluator() {
      @Override public void apply(double[] x, double[] out) {
        Packed.pack(n, x, xp);
        Netlib.blas.dgemv("T", p, m, 1.0, a, p, xp, 1, 0.0, out, 1);
      }

      @Override public void adjoint(double[] r, double[] out) {
        Netlib.blas.dgemv("N", p, m, 1.0, a, p, r, 1, 0.0, gp, 1);
        // the stored off-diagonals are doubled; Σ rᵢ (Aᵢ)ⱼₖ is half the sum
        Packed.unpack(n, gp, 0.5, out);
      }
    };
  }
}
