package org.mfsweep.problem;

import java.util.Arrays;
import org.mfsweep.linalg.Netlib;
import org.mfsweep.linalg.SmallKernels;

/**
 * Diagonal Aᵢ = diag(aᵢ): ⟨Aᵢ, X⟩ = aᵢ · diag(X). The aᵢ are the rows of an m × n matrix. From
 * factors ({@link #factored}) only diag(UUᵀ)ⱼ = ‖Uⱼ·‖² is needed, and A*(r)·U = diag(Aᵀr)·U scales
 * the rows of U: O(mn + nd) per run, no n × n matrix.
 */
public final class DiagonalOperator implements FactoredOperator {
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
        if (m == 0 || n == 0) { // BLAS refuses empty shapes (lda < 1); A(X) of a 0 × 0 X is 0
          Arrays.fill(out, 0, m, 0.0);
          return;
        }
        for (int j = 0; j < n; j++) {
          diag[j] = x[j + j * n];
        }
        Netlib.blas.dgemv("N", m, n, 1.0, a, m, diag, 1, 0.0, out, 1);
      }

      @Override public void adjoint(double[] r, double[] out) {
        if (m == 0 || n == 0) { // A* from R⁰ is 0
          Arrays.fill(out, 0, n * n, 0.0);
          return;
        }
        Netlib.blas.dgemv("T", m, n, 1.0, a, m, r, 1, 0.0, diag, 1);
        Arrays.fill(out, 0, n * n, 0.0);
        for (int j = 0; j < n; j++) {
          out[j + j * n] = diag[j];
        }
      }
    };
  }

  /** Per factor: diag(VᵀV) (2nd), A and Aᵀ on vectors of n (2mn each), the row scaling (2nd). */
  @Override public double stepFlops(int d) {
    return stepFlops(n, m, d);
  }

  /** {@link #stepFlops(int)} of an operator of this size, without building it. */
  public static double stepFlops(int n, int m, int d) {
    return 4.0 * n * d + 4.0 * m * n;
  }

  /**
   * A batch of K factors: the K diagonals ‖Uⱼ·‖² go through one dgemm (m × n)·(n × K), the K
   * residuals through one dgemm (n × m)·(m × K); a batch of one uses dgemv.
   */
  @Override public Factored factored(int d, int capacity) {
    double[] diag = new double[n * capacity];
    int nd = n * d;
    if (SmallKernels.java((long) m * n <= SmallKernels.DIAGONAL_MAX_MN)) {
      return small(d, diag);
    }
    return new Factored() {
      @Override public void apply(int count, double[] v, double[] out) {
        if (m == 0 || n == 0) { // BLAS refuses empty shapes; A(X) of a 0 × 0 X is 0
          Arrays.fill(out, 0, m * count, 0.0);
          return;
        }
        for (int s = 0; s < count; s++) {
          for (int j = 0; j < n; j++) {
            int c = s * nd + j * d;
            diag[s * n + j] = Netlib.blas.ddot(d, v, c, 1, v, c, 1);
          }
        }
        if (count == 1) {
          Netlib.blas.dgemv("N", m, n, 1.0, a, 0, m, diag, 0, 1, 0.0, out, 0, 1);
        } else {
          Netlib.blas.dgemm("N", "N", m, count, n, 1.0, a, 0, m, diag, 0, n, 0.0, out, 0, m);
        }
      }

      @Override public void step(int count, double[] v, double[] r, double[] scale, double[] next) {
        if (m == 0 || n == 0) { // no measurements (or a 0 × 0 X): A*(r) = 0 and the step leaves V
          System.arraycopy(v, 0, next, 0, count * nd);
          return;
        }
        if (count == 1) {
          Netlib.blas.dgemv("T", m, n, 1.0, a, 0, m, r, 0, 1, 0.0, diag, 0, 1);
        } else {
          Netlib.blas.dgemm("T", "N", n, count, m, 1.0, a, 0, m, r, 0, m, 0.0, diag, 0, n);
        }
        for (int s = 0; s < count; s++) {
          for (int j = 0; j < n; j++) {
            // row j of A*(r)·U is gⱼ·Uⱼ·
            double c = scale[s] * diag[s * n + j];
            int o = s * nd + j * d;
            for (int t = o; t < o + d; t++) {
              next[t] = v[t] + c * v[t];
            }
          }
        }
      }

      @Override public void direction(int count, double[] v, double[] r, double[] scale, double[] out) {
        if (count == 1) {
          Netlib.blas.dgemv("T", m, n, 1.0, a, 0, m, r, 0, 1, 0.0, diag, 0, 1);
        } else {
          Netlib.blas.dgemm("T", "N", n, count, m, 1.0, a, 0, m, r, 0, m, 0.0, diag, 0, n);
        }
        for (int s = 0; s < count; s++) {
          for (int j = 0; j < n; j++) {
            double c = scale[s] * diag[s * n + j];
            int o = s * nd + j * d;
            for (int t = o; t < o + d; t++) {
              out[t] = c * v[t];
            }
          }
        }
      }
    };
  }

  /**
   * The batch kernels as Java loops, for small operators ({@link SmallKernels#DIAGONAL_MAX_MN}): the
   * same products as the BLAS path, without a JNI call.
   */
  private Factored small(int d, double[] diag) {
    int nd = n * d;
    return new Factored() {
      @Override public void apply(int count, double[] v, double[] out) {
        for (int s = 0; s < count; s++) {
          int o = s * m;
          Arrays.fill(out, o, o + m, 0.0);
          for (int j = 0; j < n; j++) {
            int c = s * nd + j * d;
            double sum = 0;
            for (int t = c; t < c + d; t++) {
              sum += v[t] * v[t];
            }
            int col = j * m;
            for (int i = 0; i < m; i++) {
              out[o + i] += a[col + i] * sum;
            }
          }
        }
      }

      /** diag[s·n + j] ← (Aᵀr_s)_j. */
      private void adjoint(int count, double[] r) {
        for (int s = 0; s < count; s++) {
          int o = s * m;
          for (int j = 0; j < n; j++) {
            int col = j * m;
            double sum = 0;
            for (int i = 0; i < m; i++) {
              sum += a[col + i] * r[o + i];
            }
            diag[s * n + j] = sum;
          }
        }
      }

      @Override public void step(int count, double[] v, double[] r, double[] scale, double[] next) {
        adjoint(count, r);
        for (int s = 0; s < count; s++) {
          for (int j = 0; j < n; j++) {
            double c = scale[s] * diag[s * n + j];
            int o = s * nd + j * d;
            for (int t = o; t < o + d; t++) {
              next[t] = v[t] + c * v[t];
            }
          }
        }
      }

      @Override public void direction(int count, double[] v, double[] r, double[] scale, double[] out) {
        adjoint(count, r);
        for (int s = 0; s < count; s++) {
          for (int j = 0; j < n; j++) {
            double c = scale[s] * diag[s * n + j];
            int o = s * nd + j * d;
            for (int t = o; t < o + d; t++) {
              out[t] = c * v[t];
            }
          }
        }
      }
    };
  }

  @Override public Sampled sampled(int d, int maxRows) {
    double[] diag = new double[n];
    double[] g = new double[n];
    return new Sampled() {
      @Override public void apply(double[] v, int off, int[] idx, int from, int b, double[] out) {
        for (int j = 0; j < n; j++) {
          int c = off + j * d;
          double sum = 0;
          for (int t = c; t < c + d; t++) {
            sum += v[t] * v[t];
          }
          diag[j] = sum;
        }
        for (int t = 0; t < b; t++) {
          int i = idx[from + t];
          double sum = 0;
          for (int j = 0; j < n; j++) {
            sum += a[i + j * m] * diag[j];
          }
          out[t] = sum;
        }
      }

      @Override public void direction(double[] v, int off, int[] idx, int from, int b, double[] r, double scale,
                                      double[] out) {
        Arrays.fill(g, 0.0);
        for (int t = 0; t < b; t++) {
          int i = idx[from + t];
          for (int j = 0; j < n; j++) {
            g[j] += r[t] * a[i + j * m];
          }
        }
        for (int j = 0; j < n; j++) {
          double c = scale * g[j];
          int o = off + j * d;
          for (int t = o; t < o + d; t++) {
            out[t] = c * v[t];
          }
        }
      }
    };
  }
}
