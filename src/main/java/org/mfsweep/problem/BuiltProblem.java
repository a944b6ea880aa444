package org.mfsweep.problem;

import org.mfsweep.spec.ProblemSpec;

/** A built problem, shared read-only by every run on it: a symmetric {@link Problem}, a {@link GeneralProblem} or a {@link VectorProblem}. */
public sealed interface BuiltProblem permits Problem, VectorProblem, GeneralProblem {
  ProblemSpec spec();

  /** Wall time spent building it. */
  double seconds();
}
