package org.mfsweep.problem;

import java.util.Arrays;

/** Observed entries of a non-symmetric X: Aᵢ = e_a e_bᵀ, ⟨Aᵢ, X⟩ = X_ab (completion). */
public final class MatrixEntryOperator implements MatrixOperator {
  private final int rows;
  private final int cols;
  private final int[] index;

  /**
   * @param r row indices a, @param c column indices b (0-based, same length, checked; none for an
   *     empty test set, such as completion's when every entry is observed)
   */
  public MatrixEntryOperator(int rows, int cols, int[] r, int[] c) {
    if (rows < 1 || cols < 1 || r.length != c.length) {
      throw new IllegalArgumentException("need rows, cols ≥ 1 and as many row as column indices, got "
          + rows + " × " + cols + " with " + r.length + " and " + c.length);
    }
    this.rows = rows;
    this.cols = cols;
    this.index = new int[r.length];
    for (int i = 0; i < r.length; i++) {
      if (r[i] < 0 || r[i] >= rows || c[i] < 0 || c[i] >= cols) {
        throw new IllegalArgumentException("entry " + i + " at (" + r[i] + ", " + c[i] + ") is outside " + rows
            + " × " + cols);
      }
      index[i] = r[i] + c[i] * rows;
    }
  }

  @Override public int rows() {
    return rows;
  }

  @Override public int cols() {
    return cols;
  }

  @Override public int m() {
    return index.length;
  }

  @Override public void apply(double[] x, double[] out) {
    for (int i = 0; i < index.length; i++) {
      out[i] = x[index[i]];
    }
  }

  @Override public void adjoint(double[] r, double[] out) {
    Arrays.fill(out, 0, rows * cols, 0.0);
    for (int i = 0; i < index.length; i++) {
      out[index[i]] += r[i];
    }
  }

  @Override public double applyFlops() {
    return index.length;
  }

  @Override public void apply(double[] x, int[] idx, int from, int b, double[] out) {
    for (int t = 0; t < b; t++) {
      out[t] = x[index[idx[from + t]]];
    }
  }

  @Override public void adjoint(double[] r, int[] idx, int from, int b, double[] out) {
    Arrays.fill(out, 0, rows * cols, 0.0);
    for (int t = 0; t < b; t++) {
      out[index[idx[from + t]]] += r[t];
    }
  }

  @Override public int[] entries() {
    return index.clone();
  }
}
