package org.mfsweep.optim;

import org.mfsweep.problem.BuiltProblem;
import org.mfsweep.problem.GeneralProblem;
import org.mfsweep.problem.Kinds;
import org.mfsweep.problem.Problem;
import org.mfsweep.problem.VectorProblem;
import org.mfsweep.spec.Factorization;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.spec.RunSpec;

/**
 * The objective of a run on a built problem: X = UUᵀ (symmetric), X = W_N ⋯ W_1 (asymmetric, on a
 * general problem or a symmetric one seen as general), or x itself (least squares).
 */
final class Objectives {
  private Objectives() {}

  /** What runs must share to step in one batch: the factorization, its depth and the width. */
  record Shape(Factorization factorization, int depth, int width) {
    static Shape of(RunSpec run) {
      return new Shape(run.factorization(), run.depth(), run.width());
    }
  }

  /**
   * @param reference X_ref or x_ref for err_ref, or null
   * @param maxRows the largest mini-batch the objective must take (0: none)
   */
  static Objective of(BuiltProblem problem, Shape shape, int capacity, double[] reference, int maxRows) {
    if (problem instanceof VectorProblem v) {
      return new VectorObjective(v, capacity, reference, maxRows);
    }
    if (shape.factorization() == Factorization.ASYMMETRIC) {
      return new AsymmetricObjective(GeneralProblem.of(problem), shape.width(), shape.depth(), capacity, reference,
          maxRows);
    }
    if (problem instanceof Problem p) {
      return new SymmetricObjective(p, shape.width(), capacity, reference, maxRows);
    }
    throw new IllegalArgumentException("X = UUᵀ cannot fit the general problem " + problem.spec().id());
  }

  /** Most runs of this shape stepped together: maxBatch, fewer when their buffers would pass 64 MB. */
  static int capacity(BuiltProblem problem, Shape shape, int maxBatch) {
    return capacity(problem.spec(), shape, maxBatch);
  }

  /**
   * The same from the problem's spec alone, before it is built: the plan cuts a problem's runs into
   * tasks only between batches of this size ({@link Optimizer#batchCapacity}).
   */
  static int capacity(ProblemSpec problem, Shape shape, int maxBatch) {
    if (!Kinds.of(problem.kind()).matrix()) {
      return maxBatch; // least squares: a VectorProblem
    }
    if (shape.factorization() == Factorization.ASYMMETRIC) {
      return AsymmetricObjective.capacity(problem.rows(), problem.cols(), shape.width(), shape.depth(), maxBatch);
    }
    return SymmetricObjective.capacity(problem.n(), shape.width(), maxBatch);
  }
}
