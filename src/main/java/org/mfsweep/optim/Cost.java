package org.mfsweep.optim;

import org.mfsweep.sweep.ProblemSpec;

/**
 * Flop counts of gradient descent as {@link GradientDescent} computes it, for plans, task sizing
 * and benchmarks (not timing). One iteration of one run is one
 * {@link org.mfsweep.problem.FactoredOperator#stepFlops} of its kind; batching changes the speed of
 * those flops, not their number.
 */
public final class Cost {
  /**
   * Flop-equivalents of drawing one Gaussian when building a problem: Well19937c's polar method
   * takes ≈ 40–60 ns, about what 1000 flops take at 20 GFLOP/s on one core.
   */
  public static final double GAUSSIAN_FLOPS = 1000;

  private Cost() {}

  /**
   * Flops of one iteration of one run of width d:
   * <ul>
   *   <li>sensing: X = UUᵀ by dsyrk n(n+1)d, A(X) and A*(r) 2pm each (p = n(n+1)/2, packed),
   *       A*(r)·U by dsymm 2n²d;
   *   <li>diagonal: diag(UUᵀ) 2nd, A and Aᵀ on n-vectors 2mn each, the row scaling 2nd;
   *   <li>completion: m row dot products 2md, and A*(r)·U as a sparse product, 2d for each
   *       (entry, row it touches): 2d(2m − m_diag), with the expected m_diag = 2m/(n+1) diagonal entries.
   * </ul>
   */
  public static double perIteration(ProblemSpec p, int width) {
    double n = p.n();
    double m = p.m();
    double d = width;
    return switch (p.kind()) {
      case SENSING -> n * (n + 1) * d + 4 * m * (n * (n + 1) / 2) + 2 * n * n * d;
      case DIAGONAL -> 4 * n * d + 4 * m * n;
      case COMPLETION -> 2 * m * d + 2 * d * (2 * m - 2 * m / (n + 1));
      case LEAST_SQUARES -> 4 * m * n; // Ax and Aᵀr; no factor
    };
  }

  /**
   * Flop-equivalents of building the problem: its Gaussians ({@link #GAUSSIAN_FLOPS} each) for
   * sensing and diagonal; for completion the m distinct positions (a hash-map draw each, counted as
   * two Gaussians) and the scan of the n(n+1)/2 upper-triangle entries for the test set.
   */
  public static double build(ProblemSpec p, int testSize) {
    double n = p.n();
    return switch (p.kind()) {
      case SENSING -> GAUSSIAN_FLOPS * n * n * ((double) p.m() + testSize);
      case DIAGONAL -> GAUSSIAN_FLOPS * n * ((double) p.m() + testSize);
      case COMPLETION -> 2 * GAUSSIAN_FLOPS * p.m() + 20 * n * (n + 1) / 2;
      case LEAST_SQUARES -> GAUSSIAN_FLOPS * n * ((double) p.m() + testSize);
    };
  }
}
