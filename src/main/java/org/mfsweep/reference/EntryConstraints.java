package org.mfsweep.reference;

import java.util.Arrays;

/**
 * Entries: 𝒜ᵢ = (e_a e_bᵀ + e_b e_aᵀ)/2 at (aᵢ, bᵢ), aᵢ ≤ bᵢ, so ⟨𝒜ᵢ, Z⟩ = Z_ab. Its Schur
 * complement needs only entries of W: ⟨𝒜ᵢ, W𝒜ⱼW⟩ = (W_{aᵢaⱼ}W_{bᵢbⱼ} + W_{aᵢbⱼ}W_{bᵢaⱼ})/2, O(m²)
 * in all, no N × N product per constraint.
 */
final class EntryConstraints implements SdpConstraints {
  private final int size;
  private final int[] rows;
  private final int[] cols;

  /** @param rows aᵢ, @param cols bᵢ ≥ aᵢ, 0-based, below size (checked) */
  EntryConstraints(int size, int[] rows, int[] cols) {
    if (rows.length != cols.length || rows.length == 0) {
      throw new IllegalArgumentException("need as many rows as cols, at least one: " + rows.length + " vs "
          + cols.length);
    }
    for (int i = 0; i < rows.length; i++) {
      if (rows[i] < 0 || cols[i] < rows[i] || cols[i] >= size) {
        throw new IllegalArgumentException("entry " + i + " at (" + rows[i] + ", " + cols[i]
            + ") is not in the upper triangle of " + size + " × " + size);
      }
    }
    this.size = size;
    this.rows = rows.clone();
    this.cols = cols.clone();
  }

  @Override public int size() {
    return size;
  }

  @Override public int m() {
    return rows.length;
  }

  @Override public void apply(double[] z, double[] out) {
    for (int i = 0; i < rows.length; i++) {
      out[i] = z[rows[i] + cols[i] * size];
    }
  }

  @Override public void adjoint(double[] r, double[] out) {
    Arrays.fill(out, 0, size * size, 0.0);
    for (int i = 0; i < rows.length; i++) {
      int a = rows[i];
      int b = cols[i];
      if (a == b) {
        out[a + a * size] += r[i];
      } else {
        out[a + b * size] += 0.5 * r[i];
        out[b + a * size] += 0.5 * r[i];
      }
    }
  }

  @Override public void schur(double[] w, double[] g, double[] out) {
    int m = rows.length;
    for (int j = 0; j < m; j++) {
      int c = rows[j] * size;
      int d = cols[j] * size;
      for (int i = 0; i <= j; i++) {
        int a = rows[i];
        int b = cols[i];
        out[i + j * m] = 0.5 * (w[a + c] * w[b + d] + w[a + d] * w[b + c]);
      }
    }
  }

  @Override public SdpConstraints restrict(int[] indices) {
    int[] r = new int[indices.length];
    int[] c = new int[indices.length];
    for (int t = 0; t < indices.length; t++) {
      r[t] = rows[indices[t]];
      c[t] = cols[indices[t]];
    }
    return new EntryConstraints(size, r, c);
  }

  /** Ascending indices of the first occurrence of each position: repeats are linearly dependent. */
  int[] distinct() {
    java.util.BitSet seen = new java.util.BitSet();
    return java.util.stream.IntStream.range(0, rows.length).filter(i -> {
      int key = rows[i] + cols[i] * size;
      boolean fresh = !seen.get(key);
      seen.set(key);
      return fresh;
    }).toArray();
  }
}
