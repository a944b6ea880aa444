package org.mfsweep.optim;

import org.mfsweep.sweep.ProblemSpec;

/** Flop counts of gradient descent, for plans and estimates (not timing). */
public final class Cost {
  private Cost() {}

  /**
   * Flops of one iteration: X = UUᵀ (dsyrk, n²d), A(X) and A*(r) (each one operator product), and
   * A*(r)·U (dsymm, 2n²d).
   */
  public static double perIteration(ProblemSpec p, int width) {
    double n = p.n();
    double m = p.m();
    double operator = switch (p.kind()) {
      case SENSING -> 2 * m * n * (n + 1) / 2;
      case DIAGONAL -> 2 * m * n;
      case COMPLETION -> m + n * n;
      case LEAST_SQUARES -> 2 * m * n;
    };
    if (p.kind() == org.mfsweep.sweep.Kind.LEAST_SQUARES) {
      return 2 * operator; // Ax and Aᵀr; no factor
    }
    return 3 * n * n * width + 2 * operator;
  }

  /** Flops of building the problem: mostly drawing its Gaussians (counted as 10 flops each). */
  public static double build(ProblemSpec p, int testSize) {
    double n = p.n();
    return switch (p.kind()) {
      case SENSING -> 10 * n * n * ((double) p.m() + testSize);
      case DIAGONAL -> 10 * n * ((double) p.m() + testSize);
      case COMPLETION -> 10 * (double) p.m() + n * n;
      case LEAST_SQUARES -> 10 * n * ((double) p.m() + testSize);
    };
  }
}
