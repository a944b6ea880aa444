package org.mfsweep.problem;

import org.mfsweep.spec.ProblemSpec;

/** A built problem, shared read-only by every run on it: a matrix {@link Problem} or a {@link VectorProblem}. */
public sealed interface BuiltProblem permits Problem, VectorProblem {
  ProblemSpec spec();

  /** Wall time spent building it. */
  double seconds();
}
