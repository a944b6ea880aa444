package org.mfsweep.engine;

import org.mfsweep.linalg.Netlib;

/** The flop rate against which plans turn worst-case flops into time, measured on the spot. */
public final class FlopRate {
  private FlopRate() {}

  /**
   * Flop rate of the kernel that dominates batched gradient descent on sensing: A(X) for a batch of 8
   * runs, one dgemm (m × p)·(p × 8) at n = 50, m = 300 (p = 1275), over about 0.2 s.
   */
  public static double measure() {
    int p = 1275;
    int m = 300;
    int batch = 8;
    double[] a = new double[p * m];
    double[] x = new double[p * batch];
    double[] y = new double[m * batch];
    java.util.Arrays.fill(a, 1e-3);
    java.util.Arrays.fill(x, 1.0);
    for (int i = 0; i < 20; i++) {
      Netlib.blas.dgemm("T", "N", m, batch, p, 1.0, a, p, x, p, 0.0, y, m); // warm-up
    }
    long calls = 0;
    long start = System.nanoTime();
    long elapsed;
    do {
      Netlib.blas.dgemm("T", "N", m, batch, p, 1.0, a, p, x, p, 0.0, y, m);
      calls++;
      elapsed = System.nanoTime() - start;
    } while (elapsed < 200_000_000L);
    return 2.0 * p * m * batch * calls / (elapsed * 1e-9);
  }
}
