package org.mfsweep.problem;

import org.mfsweep.spec.ProblemSpec;

/**
 * A built problem, shared read-only by every run on it.
 *
 * @param train the measurement operator A, with y = A(X*)
 * @param test the held-out operator: fresh measurements (sensing, diagonal) or every unobserved
 *     upper-triangle entry (completion), with yTest = test(X*)
 * @param truth X* (n × n column-major, both triangles), ‖X*‖_F = 1; null when unknown (data files)
 * @param truthNuclearNorm ‖X*‖_* = tr X* (X* is PSD); NaN when unknown
 * @param seconds wall time spent building it
 */
public record Problem(ProblemSpec spec, MeasurementOperator train, double[] y, MeasurementOperator test,
                      double[] yTest, double[] truth, double truthNuclearNorm, double seconds) implements BuiltProblem {
  public int n() {
    return spec.n();
  }

  public int m() {
    return spec.m();
  }
}
