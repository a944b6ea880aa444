package org.mfsweep.reference;

import org.mfsweep.linalg.Netlib;

/**
 * 𝒜 with dense 𝒜ᵢ stored in full, N² doubles each. The Schur complement M_ij = ⟨Âᵢ, Âⱼ⟩ with
 * Âᵢ = Lᵀ𝒜ᵢL, LLᵀ = W: Âᵢ costs two triangular products (2N³ flops), its upper triangle is packed with √2 on
 * the off-diagonals (so the Euclidean product of two packed vectors is the Frobenius product of
 * the matrices), and M = PᵀP is one dsyrk over the p × m matrix P of packed Âᵢ (p = N(N+1)/2).
 */
final class DenseConstraints implements SdpConstraints {
  private final int size;
  private final int m;
  private final int nn;
  private final int p;
  private final double[] a;
  private final double[] t;
  private final double[] hat;
  private final double[] packed;
  private final double[] factor;
  private final double[] tau;
  private final double[] qrWork;
  private final org.netlib.util.intW info = new org.netlib.util.intW(0);

  /** @param a m consecutive symmetric N × N column-major matrices (kept, not copied) */
  DenseConstraints(int size, int m, double[] a) {
    if (size < 1 || m < 1 || a.length != (long) size * size * m) {
      throw new IllegalArgumentException("expected " + m + " matrices of " + size + " × " + size + ", got "
          + a.length + " doubles");
    }
    this.size = size;
    this.m = m;
    this.nn = size * size;
    this.p = size * (size + 1) / 2;
    this.a = a;
    this.t = new double[nn];
    this.hat = new double[nn];
    this.packed = new double[Math.multiplyExact(p, m)];
    this.factor = new double[nn];
    this.tau = new double[size];
    double[] query = new double[1];
    Netlib.lapack.dgeqrf(size, size, factor, size, tau, query, -1, info);
    this.qrWork = new double[Math.max(1, (int) query[0])];
  }

  @Override public int size() {
    return size;
  }

  @Override public int m() {
    return m;
  }

  @Override public void apply(double[] z, double[] out) {
    Netlib.blas.dgemv("T", nn, m, 1.0, a, nn, z, 1, 0.0, out, 1);
  }

  @Override public void adjoint(double[] r, double[] out) {
    Netlib.blas.dgemv("N", nn, m, 1.0, a, nn, r, 1, 0.0, out, 1);
  }

  /**
   * With Gᵀ = QR (dgeqrf) and L = Rᵀ, W = GGᵀ = LLᵀ, so ⟨𝒜ᵢ, W𝒜ⱼW⟩ = ⟨Lᵀ𝒜ᵢL, Lᵀ𝒜ⱼL⟩ and
   * Âᵢ = Lᵀ(𝒜ᵢL) is two triangular products, 2N³ flops instead of the 4N³ of a general G. L comes
   * from G, not from a Cholesky factor of the formed W, which loses W's small directions (a
   * constructed instance that certifies at 1e-7 through G stalled at 1.1e-7 through chol(W)).
   */
  @Override public void schur(double[] w, double[] g, double[] out) {
    double root2 = Math.sqrt(2);
    for (int k = 0; k < size; k++) { // factor ← Gᵀ
      for (int j = 0; j < size; j++) {
        factor[j + k * size] = g[k + j * size];
      }
    }
    Netlib.lapack.dgeqrf(size, size, factor, size, tau, qrWork, qrWork.length, info);
    boolean triangular = info.val == 0;
    if (triangular) { // L = Rᵀ: lower triangle ← R's upper, upper ← 0
      for (int k = 0; k < size; k++) {
        for (int j = 0; j < k; j++) {
          factor[k + j * size] = factor[j + k * size];
          factor[j + k * size] = 0;
        }
      }
    }
    for (int i = 0; i < m; i++) {
      if (triangular) {
        System.arraycopy(a, i * nn, hat, 0, nn);
        Netlib.blas.dtrmm("R", "L", "N", "N", size, size, 1.0, factor, size, hat, size);
        Netlib.blas.dtrmm("L", "L", "T", "N", size, size, 1.0, factor, size, hat, size);
      } else {
        Netlib.blas.dgemm("N", "N", size, size, size, 1.0, a, i * nn, size, g, 0, size, 0.0, t, 0, size);
        Netlib.blas.dgemm("T", "N", size, size, size, 1.0, g, 0, size, t, 0, size, 0.0, hat, 0, size);
      }
      int base = i * p;
      int q = 0;
      for (int k = 0; k < size; k++) {
        for (int j = 0; j < k; j++) {
          packed[base + q++] = root2 * hat[j + k * size];
        }
        packed[base + q++] = hat[k + k * size];
      }
    }
    Netlib.blas.dsyrk("U", "T", m, p, 1.0, packed, p, 0.0, out, m);
  }

  @Override public SdpConstraints restrict(int[] indices) {
    double[] kept = new double[Math.multiplyExact(indices.length, nn)];
    for (int t = 0; t < indices.length; t++) {
      System.arraycopy(a, indices[t] * nn, kept, t * nn, nn);
    }
    return new DenseConstraints(size, indices.length, kept);
  }

  /** The matrices of an arbitrary map, one adjoint of a unit vector each. */
  static DenseConstraints of(int size, int m, java.util.function.BiConsumer<double[], double[]> adjoint) {
    double[] all = new double[Math.multiplyExact(Math.multiplyExact(size, size), m)];
    double[] e = new double[m];
    double[] column = new double[size * size];
    for (int i = 0; i < m; i++) {
      e[i] = 1;
      adjoint.accept(e, column);
      e[i] = 0;
      System.arraycopy(column, 0, all, i * size * size, size * size);
    }
    return new DenseConstraints(size, m, all);
  }

  @Override public String toString() {
    return "DenseConstraints[N=" + size + ", m=" + m + "]";
  }
}
