package org.mfsweep.reference;

/**
 * A linear map A: R^{r×c} → Rᵐ, X ↦ (⟨A₁, X⟩, …, ⟨Aₘ, X⟩), on non-symmetric matrices, with its
 * adjoint A*(ν) = Σ νᵢAᵢ: the minimal interface {@link LiftedNuclearNorm} needs. Implementations
 * are immutable and their apply/adjoint use no shared scratch, so one instance serves every thread.
 */
public interface MatrixOperator {
  int rows();

  int cols();

  int m();

  /** out[i] ← ⟨Aᵢ, X⟩, X rows × cols column-major; out has length m. */
  void apply(double[] x, double[] out);

  /** out ← Σᵢ rᵢAᵢ, rows × cols column-major; r has length m. */
  void adjoint(double[] r, double[] out);

  /**
   * When every Aᵢ is a single entry e_a e_bᵀ (completion), the column-major index a + b·rows of
   * each, so the Schur complement can be formed from entries; null otherwise.
   */
  default int[] entries() {
    return null;
  }
}
