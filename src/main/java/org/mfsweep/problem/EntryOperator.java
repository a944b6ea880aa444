package org.mfsweep.problem;

import java.util.Arrays;

/**
 * Entries of a symmetric matrix: Aᵢ = (e_j e_kᵀ + e_k e_jᵀ)/2 at (j, k) with j ≤ k, so that
 * ⟨Aᵢ, X⟩ = X_jk. Used for matrix completion and for completion's test set.
 */
public final class EntryOperator implements MeasurementOperator {
  private final int n;
  private final int[] upper;
  private final int[] lower;

  /** @param rows row indices j, @param cols column indices k ≥ j (0-based; same length) */
  public EntryOperator(int n, int[] rows, int[] cols) {
    if (rows.length != cols.length) {
      throw new IllegalArgumentException("rows and cols differ in length: " + rows.length + " vs " + cols.length);
    }
    this.n = n;
    this.upper = new int[rows.length];
    this.lower = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      int j = rows[i];
      int k = cols[i];
      if (j < 0 || k < j || k >= n) {
        throw new IllegalArgumentException("entry " + i + " at (" + j + ", " + k + ") is not in the upper triangle of "
            + n + " × " + n);
      }
      upper[i] = j + k * n;
      lower[i] = k + j * n;
    }
  }

  @Override public int n() {
    return n;
  }

  @Override public int m() {
    return upper.length;
  }

  @Override public double applyFlops() {
    return upper.length;
  }

  /** Column-major index j + k·n of entry i, j ≤ k. */
  public int index(int i) {
    return upper[i];
  }

  /**
   * ⟨Aᵢ, Aᵢ⟩ = 1 for a diagonal entry and 1/2 for an off-diagonal one; distinct positions are
   * orthogonal, so A A* is diagonal. Null if a position repeats (then A A* is not diagonal).
   */
  @Override public double[] gramDiagonal() {
    java.util.BitSet seen = new java.util.BitSet();
    double[] d = new double[upper.length];
    for (int i = 0; i < upper.length; i++) {
      if (seen.get(upper[i])) {
        return null;
      }
      seen.set(upper[i]);
      d[i] = upper[i] == lower[i] ? 1.0 : 0.5;
    }
    return d;
  }

  @Override public Evaluator evaluator() {
    return new Evaluator() {
      @Override public void apply(double[] x, double[] out) {
        for (int i = 0; i < upper.length; i++) {
          out[i] = x[upper[i]];
        }
      }

      @Override public void adjoint(double[] r, double[] out) {
        Arrays.fill(out, 0, n * n, 0.0);
        for (int i = 0; i < upper.length; i++) {
          if (upper[i] == lower[i]) {
            out[upper[i]] += r[i];
          } else {
            out[upper[i]] += 0.5 * r[i];
            out[lower[i]] += 0.5 * r[i];
          }
        }
      }
    };
  }
}
