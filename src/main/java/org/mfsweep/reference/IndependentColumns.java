package org.mfsweep.reference;

import java.util.Arrays;
import org.mfsweep.linalg.LapackException;
import org.mfsweep.linalg.Netlib;
import org.netlib.util.intW;

/** A maximal set of numerically independent columns, by QR with column pivoting (LAPACK dgeqp3). */
final class IndependentColumns {
  private IndependentColumns() {}

  /**
   * Ascending indices of the leading pivot columns of a = Q R P whose |R_kk| exceeds
   * relativeTolerance·|R_00|: a basis of a's column space, chosen among its own columns.
   *
   * @param a rows × cols column-major; overwritten
   */
  static int[] select(int rows, int cols, double[] a, double relativeTolerance) {
    if (rows < 1 || cols < 1) {
      return new int[0];
    }
    int[] pivots = new int[cols]; // all zero: every column free to move
    double[] tau = new double[Math.min(rows, cols)];
    double[] query = new double[1];
    intW info = new intW(0);
    Netlib.lapack.dgeqp3(rows, cols, a, rows, pivots, tau, query, -1, info);
    double[] work = new double[Math.max(3 * cols + 1, (int) query[0])];
    Netlib.lapack.dgeqp3(rows, cols, a, rows, pivots, tau, work, work.length, info);
    if (info.val != 0) {
      throw new LapackException("dgeqp3", info.val, rows + " × " + cols);
    }
    double lead = Math.abs(a[0]);
    int rank = 0;
    while (rank < tau.length && lead > 0 && Math.abs(a[rank + rank * rows]) > relativeTolerance * lead) {
      rank++;
    }
    int[] chosen = new int[rank];
    for (int k = 0; k < rank; k++) {
      chosen[k] = pivots[k] - 1; // LAPACK's pivots are 1-based
    }
    Arrays.sort(chosen);
    return chosen;
  }
}
