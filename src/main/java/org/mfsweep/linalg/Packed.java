package org.mfsweep.linalg;

/**
 * Upper-triangular packed storage of symmetric n × n matrices, as LAPACK's 'U' packed format:
 * entry (j, k) with j ≤ k sits at index j + k(k+1)/2. Full matrices are column-major.
 */
public final class Packed {
  private Packed() {}

  /** X = UUᵀ (n × n column-major, both triangles) of U (n × d column-major), by dsyrk. */
  public static double[] gram(int n, int d, double[] u) {
    double[] x = new double[Math.multiplyExact(n, n)];
    Netlib.blas.dsyrk("U", "N", n, d, 1.0, u, n, 0.0, x, n);
    symmetrize(n, x);
    return x;
  }

  /** n(n+1)/2. */
  public static int size(int n) {
    long p = (long) n * (n + 1) / 2;
    if (p > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("n = " + n + " is too large for packed storage in one array");
    }
    return (int) p;
  }

  /** packed ← upper triangle of full (n × n); the lower triangle of full is not read. */
  public static void pack(int n, double[] full, double[] packed) {
    pack(n, full, packed, 0);
  }

  /** packed[offset …] ← upper triangle of full (n × n); the lower triangle of full is not read. */
  public static void pack(int n, double[] full, double[] packed, int offset) {
    int p = offset;
    for (int k = 0; k < n; k++) {
      System.arraycopy(full, k * n, packed, p, k + 1);
      p += k + 1;
    }
  }

  /**
   * full ← the symmetric matrix whose upper triangle is packed, with off-diagonal entries
   * multiplied by offDiagonalScale (both triangles written).
   */
  public static void unpack(int n, double[] packed, double offDiagonalScale, double[] full) {
    unpack(n, packed, 0, offDiagonalScale, full);
  }

  /** As {@link #unpack(int, double[], double, double[])}, reading packed from offset. */
  public static void unpack(int n, double[] packed, int offset, double offDiagonalScale, double[] full) {
    int p = offset;
    for (int k = 0; k < n; k++) {
      for (int j = 0; j < k; j++) {
        double v = packed[p++] * offDiagonalScale;
        full[j + k * n] = v;
        full[k + j * n] = v;
      }
      full[k + k * n] = packed[p++];
    }
  }

  /**
   * Upper triangle of full ← the packed matrix read from offset, off-diagonal entries multiplied by
   * offDiagonalScale; the lower triangle of full is not written (for routines that read 'U' only).
   */
  public static void unpackUpper(int n, double[] packed, int offset, double offDiagonalScale, double[] full) {
    int p = offset;
    for (int k = 0; k < n; k++) {
      int col = k * n;
      for (int j = 0; j < k; j++) {
        full[col + j] = packed[p++] * offDiagonalScale;
      }
      full[col + k] = packed[p++];
    }
  }

  /** a ← (a + aᵀ)/2 for the n × n matrix a (column-major): rounding's asymmetry averaged away. */
  public static void average(int n, double[] a) {
    for (int k = 0; k < n; k++) {
      for (int j = 0; j < k; j++) {
        double v = 0.5 * (a[j + k * n] + a[k + j * n]);
        a[j + k * n] = v;
        a[k + j * n] = v;
      }
    }
  }

  /** Copies the upper triangle of the n × n matrix a into its lower triangle. */
  public static void symmetrize(int n, double[] a) {
    for (int k = 0; k < n; k++) {
      for (int j = 0; j < k; j++) {
        a[k + j * n] = a[j + k * n];
      }
    }
  }
}
