package org.mfsweep.problem;

import java.util.Arrays;
import org.mfsweep.linalg.Netlib;
import org.mfsweep.linalg.SmallKernels;

/**
 * Entries of a symmetric matrix: Aᵢ = (e_j e_kᵀ + e_k e_jᵀ)/2 at (j, k) with j ≤ k, so that
 * ⟨Aᵢ, X⟩ = X_jk. Used for matrix completion and for completion's test set.
 *
 * <p>From factors ({@link #factored}) nothing dense is formed: ⟨Aᵢ, UUᵀ⟩ = ⟨U_j·, U_k·⟩ is a dot
 * product of two rows of U, and A*(r)·U is a sparse-times-dense product, row j of it being
 * Σ rᵢ·cᵢ·U_k· over the entries i that touch row j (other end k; cᵢ = 1/2 off the diagonal, 1 on it):
 * O(m·d) per step.
 */
public final class EntryOperator implements FactoredOperator {
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

  /** Per factor: m row dot products (2md) and 2d per (entry, row it touches) for A*(r)·U. */
  @Override public double stepFlops(int d) {
    int diagonal = 0;
    for (int i = 0; i < upper.length; i++) {
      if (upper[i] == lower[i]) {
        diagonal++;
      }
    }
    return stepFlops(upper.length, diagonal, d);
  }

  /**
   * {@link #stepFlops(int)} of m entries of which the given number lie on the diagonal, without
   * building the operator (plans take the expected number).
   */
  public static double stepFlops(int m, double diagonal, int d) {
    return 2.0 * m * d + 2.0 * d * (2.0 * m - diagonal);
  }

  @Override public Factored factored(int d, int capacity) {
    if ((long) n * d <= SmallKernels.COMPLETION_ENTRY_MAX_ND && SmallKernels.java(true)) {
      return tiny(d);
    }
    // rows of U touched by each entry, as compressed rows: row j's neighbours k and entry indices
    int m = upper.length;
    int[] start = new int[n + 1];
    for (int i = 0; i < m; i++) {
      start[upper[i] % n + 1]++;
      if (upper[i] != lower[i]) {
        start[upper[i] / n + 1]++;
      }
    }
    for (int j = 0; j < n; j++) {
      start[j + 1] += start[j];
    }
    int[] other = new int[start[n]];
    int[] entry = new int[start[n]];
    int[] fill = java.util.Arrays.copyOf(start, n);
    for (int i = 0; i < m; i++) {
      int j = upper[i] % n;
      int k = upper[i] / n;
      other[fill[j]] = k;
      entry[fill[j]++] = i;
      if (j != k) {
        other[fill[k]] = j;
        entry[fill[k]++] = i;
      }
    }
    int nd = n * d;
    // below SmallKernels.COMPLETION_BLAS_MIN_WIDTH the row kernels are Java loops: no JNI call
    boolean blas = !SmallKernels.java(d < SmallKernels.COMPLETION_BLAS_MIN_WIDTH);
    return new Factored() {
      @Override public void apply(int count, double[] v, double[] out) {
        for (int s = 0; s < count; s++) {
          int base = s * nd;
          for (int j = 0; j < n; j++) {
            int vj = base + j * d;
            for (int q = start[j]; q < start[j + 1]; q++) {
              int k = other[q];
              if (k >= j) { // each entry once, from its row j ≤ k
                out[s * m + entry[q]] = blas ? Netlib.blas.ddot(d, v, vj, 1, v, base + k * d, 1)
                    : dot(d, v, vj, base + k * d);
              }
            }
          }
        }
      }

      @Override public void step(int count, double[] v, double[] r, double[] scale, double[] next) {
        for (int s = 0; s < count; s++) {
          int base = s * nd;
          for (int j = 0; j < n; j++) {
            int vj = base + j * d;
            System.arraycopy(v, vj, next, vj, d);
            for (int q = start[j]; q < start[j + 1]; q++) {
              int k = other[q];
              double c = scale[s] * r[s * m + entry[q]] * (k == j ? 1.0 : 0.5);
              if (blas) {
                Netlib.blas.daxpy(d, c, v, base + k * d, 1, next, vj, 1);
              } else {
                axpy(d, c, v, base + k * d, next, vj);
              }
            }
          }
        }
      }

      @Override public void direction(int count, double[] v, double[] r, double[] scale, double[] out) {
        for (int s = 0; s < count; s++) {
          int base = s * nd;
          for (int j = 0; j < n; j++) {
            int vj = base + j * d;
            Arrays.fill(out, vj, vj + d, 0.0);
            for (int q = start[j]; q < start[j + 1]; q++) {
              int k = other[q];
              double c = scale[s] * r[s * m + entry[q]] * (k == j ? 1.0 : 0.5);
              if (blas) {
                Netlib.blas.daxpy(d, c, v, base + k * d, 1, out, vj, 1);
              } else {
                axpy(d, c, v, base + k * d, out, vj);
              }
            }
          }
        }
      }
    };
  }

  /**
   * Tiny factors (n·d ≤ {@link SmallKernels#COMPLETION_ENTRY_MAX_ND}, a factor fits in L1 many times
   * over): the step goes entry by entry instead of row by row (no row index, one copy of the whole
   * batch), so a 3 × 3 step is a few dozen multiply-adds and no call.
   */
  private Factored tiny(int d) {
    int m = upper.length;
    int nd = n * d;
    int[] rowJ = new int[m];
    int[] rowK = new int[m];
    double[] weight = new double[m];
    for (int i = 0; i < m; i++) {
      rowJ[i] = (upper[i] % n) * d;
      rowK[i] = (upper[i] / n) * d;
      weight[i] = upper[i] == lower[i] ? 1.0 : 0.5;
    }
    return new Factored() {
      @Override public void apply(int count, double[] v, double[] out) {
        for (int s = 0; s < count; s++) {
          int base = s * nd;
          int o = s * m;
          for (int i = 0; i < m; i++) {
            out[o + i] = shortDot(d, v, base + rowJ[i], base + rowK[i]);
          }
        }
      }

      private void add(int count, double[] v, double[] r, double[] scale, double[] out) {
        for (int s = 0; s < count; s++) {
          int base = s * nd;
          int o = s * m;
          double c0 = scale[s];
          for (int i = 0; i < m; i++) {
            double c = c0 * r[o + i] * weight[i];
            int j = base + rowJ[i];
            int k = base + rowK[i];
            shortAxpy(d, c, v, k, out, j);
            if (j != k) {
              shortAxpy(d, c, v, j, out, k);
            }
          }
        }
      }

      @Override public void step(int count, double[] v, double[] r, double[] scale, double[] next) {
        System.arraycopy(v, 0, next, 0, count * nd);
        add(count, v, r, scale, next);
      }

      @Override public void direction(int count, double[] v, double[] r, double[] scale, double[] out) {
        Arrays.fill(out, 0, count * nd, 0.0);
        add(count, v, r, scale, out);
      }
    };
  }

  /** Mini-batches touch only their own entries: a row dot product and two row updates each. */
  @Override public Sampled sampled(int d, int maxRows) {
    return new Sampled() {
      @Override public void apply(double[] v, int off, int[] idx, int from, int b, double[] out) {
        for (int t = 0; t < b; t++) {
          int i = idx[from + t];
          out[t] = dot(d, v, off + (upper[i] % n) * d, off + (upper[i] / n) * d);
        }
      }

      @Override public void direction(double[] v, int off, int[] idx, int from, int b, double[] r, double scale,
                                      double[] out) {
        Arrays.fill(out, off, off + n * d, 0.0);
        for (int t = 0; t < b; t++) {
          int i = idx[from + t];
          int j = upper[i] % n;
          int k = upper[i] / n;
          if (j == k) {
            axpy(d, scale * r[t], v, off + k * d, out, off + j * d);
          } else {
            double c = 0.5 * scale * r[t];
            axpy(d, c, v, off + k * d, out, off + j * d);
            axpy(d, c, v, off + j * d, out, off + k * d);
          }
        }
      }
    };
  }

  /** {@link #dot} written out for widths up to 4 (a loop of 3 trips costs more than its arithmetic). */
  private static double shortDot(int d, double[] v, int a, int b) {
    switch (d) {
      case 1: return v[a] * v[b];
      case 2: return v[a] * v[b] + v[a + 1] * v[b + 1];
      case 3: return v[a] * v[b] + v[a + 1] * v[b + 1] + v[a + 2] * v[b + 2];
      case 4: return v[a] * v[b] + v[a + 1] * v[b + 1] + v[a + 2] * v[b + 2] + v[a + 3] * v[b + 3];
      default: return dot(d, v, a, b);
    }
  }

  /** {@link #axpy} written out for widths up to 4. */
  private static void shortAxpy(int d, double c, double[] x, int from, double[] y, int to) {
    switch (d) {
      case 4: y[to + 3] += c * x[from + 3]; // fall through
      case 3: y[to + 2] += c * x[from + 2]; // fall through
      case 2: y[to + 1] += c * x[from + 1]; // fall through
      case 1: y[to] += c * x[from]; break;
      default: axpy(d, c, x, from, y, to);
    }
  }

  private static double dot(int d, double[] v, int a, int b) {
    double s = 0;
    for (int t = 0; t < d; t++) {
      s += v[a + t] * v[b + t];
    }
    return s;
  }

  private static void axpy(int d, double c, double[] x, int from, double[] y, int to) {
    for (int t = 0; t < d; t++) {
      y[to + t] += c * x[from + t];
    }
  }
}
