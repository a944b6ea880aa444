package org.mfsweep.problem;

import org.mfsweep.linalg.Netlib;
import org.mfsweep.linalg.Packed;
import org.mfsweep.linalg.SmallKernels;

/**
 * Dense symmetric Aᵢ in packed storage: column i of the p × m matrix (p = n(n+1)/2) holds the
 * upper triangle of Aᵢ with off-diagonal entries doubled, so ⟨Aᵢ, X⟩ is the dot product of that
 * column with the packed upper triangle of X. A(X) is one dgemv, A*(r) another; for a batch of K
 * factors ({@link #factored}) each is one dgemm over the K packed X_s = U_sU_sᵀ (dsyrk) or the K
 * residuals, so the p × m operator is read once per batch instead of once per run.
 */
public final class DenseSymmetricOperator implements FactoredOperator {
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

  /** Column i of the packed operator, off-diagonals halved: what {@link Evaluator#adjoint} of eᵢ gives, to the bit. */
  @Override public void measurement(int i, double[] out) {
    Packed.unpack(n, a, i * p, 0.5, out);
  }

  @Override public Evaluator evaluator() {
    double[] xp = new double[p];
    double[] gp = new double[p];
    return new Evaluator() {
      @Override public void apply(double[] x, double[] out) {
        if (m == 0 || p == 0) { // BLAS refuses empty shapes (lda < 1); A(X) of a 0 × 0 X is 0
          java.util.Arrays.fill(out, 0, m, 0.0);
          return;
        }
        Packed.pack(n, x, xp);
        Netlib.blas.dgemv("T", p, m, 1.0, a, p, xp, 1, 0.0, out, 1);
      }

      @Override public void adjoint(double[] r, double[] out) {
        if (m == 0 || p == 0) { // A* from R⁰ is 0
          java.util.Arrays.fill(out, 0, n * n, 0.0);
          return;
        }
        Netlib.blas.dgemv("N", p, m, 1.0, a, p, r, 1, 0.0, gp, 1);
        // the stored off-diagonals are doubled; Σ rᵢ (Aᵢ)ⱼₖ is half the sum
        Packed.unpack(n, gp, 0.5, out);
      }
    };
  }

  /**
   * Per factor: X = VᵀV by dsyrk (n(n+1)d flops), A(X) (2pm), A*(r) (2pm), and A*(r)·U by dsymm
   * (2n²d), with p = n(n+1)/2.
   */
  @Override public double stepFlops(int d) {
    return stepFlops(n, m, d);
  }

  /** {@link #stepFlops(int)} of an operator of this size, without building it (plans, task sizing). */
  public static double stepFlops(int n, int m, int d) {
    double p = Packed.size(n);
    return (double) n * (n + 1) * d + 4.0 * p * m + 2.0 * n * n * d;
  }

  /**
   * A batch of K factors: A(X_s) for all s is one dgemm (m × p)·(p × K) over the packed X_s, and
   * A*(r_s) one dgemm (p × m)·(m × K); a batch of one uses dgemv, as {@link #evaluator()} does.
   */
  @Override public Factored factored(int d, int capacity) {
    if (SmallKernels.java((long) p * m <= SmallKernels.SENSING_MAX_PM)) {
      return new SmallFactored(d, capacity);
    }
    double[] x = new double[n * n];
    double[] g = new double[n * n];
    double[] xp = new double[p * capacity];
    double[] gp = new double[p * capacity];
    int nd = n * d;
    return new Factored() {
      @Override public void apply(int count, double[] v, double[] out) {
        if (m == 0 || p == 0) { // BLAS refuses empty shapes; A(X) of a 0 × 0 X is 0
          java.util.Arrays.fill(out, 0, m * count, 0.0);
          return;
        }
        for (int s = 0; s < count; s++) {
          Netlib.blas.dsyrk("U", "T", n, d, 1.0, v, s * nd, d, 0.0, x, 0, n);
          Packed.pack(n, x, xp, s * p);
        }
        if (count == 1) {
          Netlib.blas.dgemv("T", p, m, 1.0, a, 0, p, xp, 0, 1, 0.0, out, 0, 1);
        } else {
          Netlib.blas.dgemm("T", "N", m, count, p, 1.0, a, 0, p, xp, 0, p, 0.0, out, 0, m);
        }
      }

      @Override public void step(int count, double[] v, double[] r, double[] scale, double[] next) {
        if (m == 0 || p == 0) { // no measurements (or a 0 × 0 X): A*(r) = 0 and the step leaves V
          System.arraycopy(v, 0, next, 0, count * nd);
          return;
        }
        if (count == 1) {
          Netlib.blas.dgemv("N", p, m, 1.0, a, 0, p, r, 0, 1, 0.0, gp, 0, 1);
        } else {
          Netlib.blas.dgemm("N", "N", p, count, m, 1.0, a, 0, p, r, 0, m, 0.0, gp, 0, p);
        }
        for (int s = 0; s < count; s++) {
          // the stored off-diagonals are doubled; Σ rᵢ (Aᵢ)ⱼₖ is half the sum
          Packed.unpackUpper(n, gp, s * p, 0.5, g); // dsymm reads the upper triangle only
          System.arraycopy(v, s * nd, next, s * nd, nd);
          // (U + c·G·U)ᵀ = V + c·V·G since G is symmetric
          Netlib.blas.dsymm("R", "U", d, n, scale[s], g, 0, n, v, s * nd, d, 1.0, next, s * nd,
              d);
        }
      }

      @Override public void direction(int count, double[] v, double[] r, double[] scale, double[] out) {
        if (count == 1) {
          Netlib.blas.dgemv("N", p, m, 1.0, a, 0, p, r, 0, 1, 0.0, gp, 0, 1);
        } else {
          Netlib.blas.dgemm("N", "N", p, count, m, 1.0, a, 0, p, r, 0, m, 0.0, gp, 0, p);
        }
        for (int s = 0; s < count; s++) {
          Packed.unpackUpper(n, gp, s * p, 0.5, g);
          Netlib.blas.dsymm("R", "U", d, n, scale[s], g, 0, n, v, s * nd, d, 0.0, out, s * nd, d);
        }
      }
    };
  }

  /**
   * The batch kernels as Java loops, for small operators ({@link SmallKernels#SENSING_MAX_PM}): the
   * same products as the BLAS path (packed X_s = V_sᵀV_s, A(X_s), A*(r_s), V_s + c·V_s·G_s) without a
   * JNI call. The packed X_s of a batch are stored interleaved (entry q of run s at q·count + s) so
   * that A(X) runs over the batch in its innermost loop, which the JIT vectorizes.
   */
  private final class SmallFactored implements Factored {
    private final int d;
    private final int nd;
    private final double[] xt;
    private final double[] acc;
    private final double[] gp;
    private final double[] g;
    private final double[] u;
    private final double[] xs;

    SmallFactored(int d, int capacity) {
      this.u = new double[n * d];
      this.xs = new double[p];
      this.d = d;
      this.nd = n * d;
      this.xt = new double[p * capacity];
      this.acc = new double[capacity];
      this.gp = new double[p];
      this.g = new double[n * n];
    }

    @Override public void apply(int count, double[] v, double[] out) {
      for (int s = 0; s < count; s++) {
        // U_s = V_sᵀ (n × d), then packed column k of X_s = Σ_t U_kt·U_{0…k, t}: contiguous updates
        int base = s * nd;
        for (int j = 0; j < n; j++) {
          for (int t = 0; t < d; t++) {
            u[j + t * n] = v[base + j * d + t];
          }
        }
        java.util.Arrays.fill(xs, 0.0);
        for (int t = 0; t < d; t++) {
          int ut = t * n;
          int col = 0;
          for (int k = 0; k < n; k++) {
            double c = u[ut + k];
            for (int j = 0; j <= k; j++) {
              xs[col + j] += c * u[ut + j];
            }
            col += k + 1;
          }
        }
        for (int q = 0; q < p; q++) {
          xt[q * count + s] = xs[q];
        }
      }
      for (int i = 0; i < m; i++) {
        int col = i * p;
        java.util.Arrays.fill(acc, 0, count, 0.0);
        for (int q = 0; q < p; q++) {
          double aq = a[col + q];
          int row = q * count;
          for (int s = 0; s < count; s++) {
            acc[s] += aq * xt[row + s];
          }
        }
        for (int s = 0; s < count; s++) {
          out[s * m + i] = acc[s];
        }
      }
    }

    /** g ← G_s = A*(r_s) (n × n, both triangles): gp = Σᵢ rᵢ·(column i), off-diagonals halved. */
    private void adjoint(double[] r, int s) {
      java.util.Arrays.fill(gp, 0.0);
      int ro = s * m;
      for (int i = 0; i < m; i++) {
        double ri = r[ro + i];
        int col = i * p;
        for (int q = 0; q < p; q++) {
          gp[q] += ri * a[col + q];
        }
      }
      Packed.unpack(n, gp, 0, 0.5, g);
    }

    @Override public void step(int count, double[] v, double[] r, double[] scale, double[] next) {
      for (int s = 0; s < count; s++) {
        adjoint(r, s);
        int base = s * nd;
        System.arraycopy(v, base, next, base, nd);
        multiply(v, base, scale[s], next);
      }
    }

    @Override public void direction(int count, double[] v, double[] r, double[] scale, double[] out) {
      for (int s = 0; s < count; s++) {
        adjoint(r, s);
        int base = s * nd;
        java.util.Arrays.fill(out, base, base + nd, 0.0);
        multiply(v, base, scale[s], out);
      }
    }

    /** out_s += c·V_s·G (column k of the result: Σⱼ c·G_jk·(column j of V_s)). */
    private void multiply(double[] v, int base, double c, double[] out) {
      for (int k = 0; k < n; k++) {
        int ok = base + k * d;
        for (int j = 0; j < n; j++) {
          double w = c * g[j + k * n];
          int vj = base + j * d;
          for (int t = 0; t < d; t++) {
            out[ok + t] += w * v[vj + t];
          }
        }
      }
    }
  }

  /** Mini-batches gather their packed columns into a p × maxRows buffer, then as {@link #factored}. */
  @Override public Sampled sampled(int d, int maxRows) {
    double[] x = new double[n * n];
    double[] g = new double[n * n];
    double[] xp = new double[p];
    double[] gp = new double[p];
    double[] cols = new double[Math.multiplyExact(p, Math.max(1, maxRows))];
    return new Sampled() {
      private void gather(int[] idx, int from, int b) {
        for (int t = 0; t < b; t++) {
          System.arraycopy(a, idx[from + t] * p, cols, t * p, p);
        }
      }

      @Override public void apply(double[] v, int off, int[] idx, int from, int b, double[] out) {
        gather(idx, from, b);
        Netlib.blas.dsyrk("U", "T", n, d, 1.0, v, off, d, 0.0, x, 0, n);
        Packed.pack(n, x, xp, 0);
        Netlib.blas.dgemv("T", p, b, 1.0, cols, 0, p, xp, 0, 1, 0.0, out, 0, 1);
      }

      @Override public void direction(double[] v, int off, int[] idx, int from, int b, double[] r, double scale,
                                      double[] out) {
        gather(idx, from, b);
        Netlib.blas.dgemv("N", p, b, 1.0, cols, 0, p, r, 0, 1, 0.0, gp, 0, 1);
        Packed.unpackUpper(n, gp, 0, 0.5, g);
        Netlib.blas.dsymm("R", "U", d, n, scale, g, 0, n, v, off, d, 0.0, out, off, d);
      }
    };
  }
}
