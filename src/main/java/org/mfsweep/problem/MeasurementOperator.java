package org.mfsweep.problem;

/**
 * A linear map A: Sym(n) → Rᵐ, X ↦ (⟨A₁, X⟩, …, ⟨Aₘ, X⟩), with symmetric Aᵢ, and its adjoint
 * A*(r) = Σᵢ rᵢ Aᵢ. The operator's data is immutable and shared by all threads; each thread
 * computes through its own {@link Evaluator}, which owns the scratch space.
 */
public interface MeasurementOperator {
  int n();

  int m();

  /** A new evaluator with its own buffers; cheap, allocate one per solver. */
  Evaluator evaluator();

  /** Flops of one {@link Evaluator#apply} (an adjoint costs about the same), for cost estimates. */
  double applyFlops();

  /**
   * The diagonal of the m × m Gram matrix A A*, whose entries are ⟨Aᵢ, Aₖ⟩, when that matrix is
   * known to be diagonal (the Aᵢ are mutually orthogonal); null when it is not, or not known to be.
   * Lets a solver project onto {X : A(X) = y} without forming an m × m matrix. A new array each call.
   */
  default double[] gramDiagonal() {
    return null;
  }

  /**
   * out ← Aᵢ, measurement i's symmetric matrix (n × n column-major, both triangles). By default
   * A*(eᵢ) through a new evaluator, a pass over the whole operator; operators that store the Aᵢ
   * read them, with the same numbers.
   */
  default void measurement(int i, double[] out) {
    double[] e = new double[m()];
    e[i] = 1.0;
    evaluator().adjoint(e, out);
  }

  interface Evaluator {
    /**
     * out[i] ← ⟨Aᵢ, X⟩ for symmetric X (n × n column-major). Only the upper triangle of x is read.
     * out has length m.
     */
    void apply(double[] x, double[] out);

    /** out ← Σᵢ rᵢ Aᵢ, a symmetric n × n matrix (both triangles written). r has length m. */
    void adjoint(double[] r, double[] out);
  }
}
