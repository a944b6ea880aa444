package org.mfsweep.problem;

import org.mfsweep.spec.ProblemSpec;

/**
 * A built problem on a general X ∈ R^{rows × cols} (not symmetric), shared read-only by every run
 * on it; fitted by X = W_N ⋯ W_1.
 *
 * @param train the measurement operator A, with y = A(X*)
 * @param test the held-out operator (fresh measurements, or unobserved entries), yTest = test(X*)
 * @param truth X* (rows × cols column-major), ‖X*‖_F = 1; null when unknown (data files)
 * @param truthNuclearNorm ‖X*‖_*; NaN when unknown
 * @param seconds wall time spent building it
 */
public record GeneralProblem(ProblemSpec spec, MatrixOperator train, double[] y, MatrixOperator test,
                             double[] yTest, double[] truth, double truthNuclearNorm, double seconds)
    implements BuiltProblem {
  public int rows() {
    return train.rows();
  }

  public int cols() {
    return train.cols();
  }

  public int m() {
    return train.m();
  }

  /**
   * A symmetric problem seen as a general one, for X = W_N ⋯ W_1 on it: ⟨Aᵢ, X⟩ of a general X is
   * ⟨Aᵢ, (X + Xᵀ)/2⟩ as the Aᵢ are symmetric, and the adjoint is the symmetric A*(r).
   */
  public static GeneralProblem of(Problem p) {
    return new GeneralProblem(p.spec(), new SymmetricAsGeneral(p.train()), p.y(), new SymmetricAsGeneral(p.test()),
        p.yTest(), p.truth(), p.truthNuclearNorm(), p.seconds());
  }

  /** The problem of a run of X = W_N ⋯ W_1: itself, or a symmetric problem seen as a general one. */
  public static GeneralProblem of(BuiltProblem built) {
    if (built instanceof GeneralProblem g) {
      return g;
    }
    if (built instanceof Problem p) {
      return of(p);
    }
    throw new IllegalArgumentException("X = W_N ⋯ W_1 needs a matrix problem, not " + built.spec().kind());
  }
}
