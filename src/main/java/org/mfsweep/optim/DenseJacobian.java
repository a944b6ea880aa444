package org.mfsweep.optim;

import org.mfsweep.linalg.Netlib;
import org.netlib.util.intW;

/**
 * The dense Jacobian of a {@link Rodas5.DenseField} and an LU of W = fac·I − J with partial
 * pivoting: (dim)³/3 flops a factorization, dim² a solve. Below {@link #LAPACK_MIN_DIMENSION}
 * the LU is a Java loop (no JNI call on 3 × 3 flows), above it LAPACK's dgetrf.
 */
final class DenseJacobian implements Rodas5.Jacobian {
  /** Below this dimension the LU is a Java loop; above, LAPACK's dgetrf. */
  private static final int LAPACK_MIN_DIMENSION = 48;

  private final Rodas5.DenseField field;
  private final int dim;
  private final double[] jac;
  private final double[] w;
  private final int[] pivot;
  /** 1 / U_cc of the last {@link #factor}, so that the solves multiply. */
  private final double[] inverseDiagonal;

  DenseJacobian(Rodas5.DenseField field) {
    this.field = field;
    this.dim = field.dimension();
    this.jac = new double[dim * dim];
    this.w = new double[dim * dim];
    this.pivot = new int[dim];
    this.inverseDiagonal = new double[dim];
  }

  @Override public void at(double[] y) {
    field.jacobian(y, jac);
  }

  /** W = fac·I − J and its LU with partial pivoting, in place; false when W is singular or not finite. */
  @Override public boolean factor(double fac) {
    for (int i = 0; i < dim * dim; i++) {
      w[i] = -jac[i];
    }
    for (int i = 0; i < dim; i++) {
      w[i + i * dim] += fac;
    }
    if (dim >= LAPACK_MIN_DIMENSION) {
      intW info = new intW(0);
      Netlib.lapack.dgetrf(dim, dim, w, dim, pivot, info);
      if (info.val != 0) {
        return false;
      }
      for (int i = 0; i < dim; i++) {
        pivot[i]--;
        inverseDiagonal[i] = 1.0 / w[i + i * dim];
      }
      return true;
    }
    for (int c = 0; c < dim; c++) {
      int p = c;
      double best = Math.abs(w[c + c * dim]);
      for (int i = c + 1; i < dim; i++) {
        double a = Math.abs(w[i + c * dim]);
        if (a > best) {
          best = a;
          p = i;
        }
      }
      if (!(best > 0) || !Double.isFinite(best)) {
        return false;
      }
      pivot[c] = p;
      if (p != c) {
        for (int j = 0; j < dim; j++) {
          double tmp = w[c + j * dim];
          w[c + j * dim] = w[p + j * dim];
          w[p + j * dim] = tmp;
        }
      }
      double inv = 1.0 / w[c + c * dim];
      inverseDiagonal[c] = inv;
      for (int i = c + 1; i < dim; i++) {
        w[i + c * dim] *= inv;
      }
      for (int j = c + 1; j < dim; j++) {
        double a = w[c + j * dim];
        if (a != 0) {
          for (int i = c + 1; i < dim; i++) {
            w[i + j * dim] -= w[i + c * dim] * a;
          }
        }
      }
    }
    return true;
  }

  /**
   * b ← W⁻¹·b with the factors of {@link #factor}: P·w = L·U with the interchanges applied to whole
   * rows (LAPACK's convention), so all of them go first, then the two triangular solves.
   */
  @Override public void solve(double[] b) {
    for (int c = 0; c < dim; c++) {
      int p = pivot[c];
      if (p != c) {
        double tmp = b[c];
        b[c] = b[p];
        b[p] = tmp;
      }
    }
    for (int c = 0; c < dim; c++) {
      double v = b[c];
      int col = c * dim;
      for (int i = c + 1; i < dim; i++) {
        b[i] -= w[i + col] * v;
      }
    }
    for (int c = dim - 1; c >= 0; c--) {
      double v = b[c] * inverseDiagonal[c];
      b[c] = v;
      int col = c * dim;
      for (int i = 0; i < c; i++) {
        b[i] -= w[i + col] * v;
      }
    }
  }
}
