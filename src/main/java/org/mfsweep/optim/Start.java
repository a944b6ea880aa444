package org.mfsweep.optim;

import java.util.Arrays;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.mfsweep.linalg.Orthonormal;
import org.mfsweep.spec.RunSpec;

/** The start U₀ = α·U_init of a run. */
public final class Start {
  private Start() {}

  /** u ← α·U_init (n × width, column-major). */
  public static void fill(RunSpec run, double[] u) {
    int n = run.problem().n();
    int d = run.width();
    Arrays.fill(u, 0, n * d, 0.0);
    switch (run.init()) {
      case IDENTITY -> {
        for (int j = 0; j < Math.min(n, d); j++) {
          u[j + j * n] = run.alpha();
        }
      }
      case ORTHOGONAL -> {
        RandomGenerator rng = new Well19937c(run.initSeed());
        int rows = Math.max(n, d);
        int cols = Math.min(n, d);
        double[] q = new double[rows * cols];
        for (int i = 0; i < q.length; i++) {
          q[i] = rng.nextGaussian();
        }
        Orthonormal.columns(rows, cols, q);
        for (int k = 0; k < d; k++) {
          for (int j = 0; j < n; j++) {
            // d ≤ n: U = Q (orthonormal columns); d > n: U = Qᵀ (orthonormal rows)
            u[j + k * n] = run.alpha() * (d <= n ? q[j + k * n] : q[k + j * d]);
          }
        }
      }
      default -> throw new IllegalStateException("no start for " + run.init());
    }
  }
}
