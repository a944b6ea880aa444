package org.mfsweep.optim;

import org.mfsweep.problem.BuiltProblem;
import org.mfsweep.problem.Problem;
import org.mfsweep.problem.VectorProblem;

/** The objective of a built problem: the symmetric factorization X = UUᵀ of a matrix problem, or x itself. */
final class Objectives {
  private Objectives() {}

  /**
   * @param reference X_ref or x_ref for err_ref, or null
   * @param maxRows the largest mini-batch the objective must take (0: none)
   */
  static Objective of(BuiltProblem problem, int width, int capacity, double[] reference, int maxRows) {
    if (problem instanceof Problem p) {
      return new SymmetricObjective(p, width, capacity, reference, maxRows);
    }
    return new VectorObjective((VectorProblem) problem, capacity, reference, maxRows);
  }
}
