package org.mfsweep.problem;

import org.mfsweep.sweep.ProblemSpec;

/**
 * A least-squares problem over x ∈ Rⁿ: y = A x* with A (m × n) and a held-out A_test.
 *
 * @param a m × n column-major, iid N(0,1)
 * @param aTest testSize × n column-major, drawn the same way
 * @param truth x*, ‖x*‖₂ = 1
 */
public record VectorProblem(ProblemSpec spec, double[] a, double[] y, double[] aTest, double[] yTest, double[] truth,
                            double seconds) {
  public int n() {
    return spec.n();
  }

  public int m() {
    return spec.m();
  }

  public int testSize() {
    return yTest.length;
  }
}
