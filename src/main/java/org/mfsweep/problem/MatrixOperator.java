package org.mfsweep.problem;

/**
 * A linear map A: R^{r×c} → Rᵐ, X ↦ (⟨A₁, X⟩, …, ⟨Aₘ, X⟩), on general (non-symmetric) matrices,
 * with its adjoint A*(ν) = Σ νᵢAᵢ: what X = W_N ⋯ W_1 runs and the lifted nuclear-norm reference
 * need. Implementations are immutable and their apply/adjoint use no shared scratch (or keep it
 * per thread), so one instance serves every thread.
 */
public interface MatrixOperator {
  int rows();

  int cols();

  int m();

  /** out[i] ← ⟨Aᵢ, X⟩, X rows × cols column-major; out has length m. */
  void apply(double[] x, double[] out);

  /** out ← Σᵢ rᵢAᵢ, rows × cols column-major; r has length m. */
  void adjoint(double[] r, double[] out);

  /** Flops of one {@link #apply} (an adjoint costs about the same), for cost estimates. */
  default double applyFlops() {
    return 2.0 * rows() * cols() * m();
  }

  /**
   * out[t] ← ⟨A_{idx[from+t]}, X⟩ for t &lt; b: the measurements of a mini-batch. The default applies
   * all m into a new array; operators override it where they can pick rows.
   */
  default void apply(double[] x, int[] idx, int from, int b, double[] out) {
    double[] all = new double[m()];
    apply(x, all);
    for (int t = 0; t < b; t++) {
      out[t] = all[idx[from + t]];
    }
  }

  /** out ← Σ_t r[t]·A_{idx[from+t]} (rows × cols): the mini-batch's adjoint. */
  default void adjoint(double[] r, int[] idx, int from, int b, double[] out) {
    double[] all = new double[m()];
    for (int t = 0; t < b; t++) {
      all[idx[from + t]] += r[t];
    }
    adjoint(all, out);
  }

  /**
   * When every Aᵢ is a single entry e_a e_bᵀ (completion), the column-major index a + b·rows of
   * each, so the Schur complement can be formed from entries; null otherwise.
   */
  default int[] entries() {
    return null;
  }
}
