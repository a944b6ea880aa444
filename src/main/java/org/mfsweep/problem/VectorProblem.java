package org.mfsweep.problem;

import org.mfsweep.spec.ProblemSpec;

/**
 * A least-squares problem over x ∈ Rⁿ: y = A x* with A (m × n) and a held-out A_test.
 *
 * @param a m × n column-major, iid N(0,1)
 * @param aTest testSize × n column-major, drawn the same way
 * @param truth x*, ‖x*‖₂ = 1
 */
public record VectorProblem(ProblemSpec spec, double[] a, double[] y, double[] aTest, double[] yTest, double[] truth,
                            double seconds) implements BuiltProblem {
  public int n() {
    return spec.n();
  }

  public int m() {
    return spec.m();
  }

  /** Flops of one gradient step x ← x − (η/m)·Aᵀ(Ax − y): Ax and Aᵀr, 2mn each. */
  public static double stepFlops(int m, int n) {
    return 4.0 * m * n;
  }

  public int testSize() {
    return yTest.length;
  }
}
