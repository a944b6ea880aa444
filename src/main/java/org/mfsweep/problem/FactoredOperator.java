package org.mfsweep.problem;

/**
 * A measurement operator that evaluates straight from factors, for a batch of factors at once:
 * <pre>  A(U_s U_sᵀ)  and  U_s + c_s·A*(r_s)·U_s,   s = 0 … count−1,</pre>
 * so that gradient descent on X = UUᵀ never needs a dense n × n matrix where the operator's
 * structure allows (entries, diagonals), and a batch of runs shares one pass over dense operator data.
 *
 * <p>Factors are stored transposed: V = Uᵀ, d × n column-major, so row j of U (column j of V) is
 * contiguous. A batch of count factors lies in one array, factor s at offset s·n·d. Residuals and
 * measurements of a batch are m × count column-major. Like {@link MeasurementOperator}, the operator
 * is immutable and shared by threads; each thread computes through its own {@link Factored}.
 */
public interface FactoredOperator extends MeasurementOperator {

  /** A new evaluator for factors of width d and batches of up to capacity factors; owns its scratch. */
  Factored factored(int d, int capacity);

  /**
   * Flops of one gradient step on one factor of width d: one {@link Factored#apply} plus one
   * {@link Factored#step}, as this operator computes them.
   */
  double stepFlops(int d);

  interface Factored {
    /**
     * out[s·m + i] ← ⟨Aᵢ, V_sᵀV_s⟩ for s &lt; count, i &lt; m. v is not modified.
     *
     * @param v count factors, d × n each (see the class comment)
     */
    void apply(int count, double[] v, double[] out);

    /**
     * next_s ← V_s + scale[s]·(A*(r_s)·U_s)ᵀ for s &lt; count, i.e. the transposed form of
     * U_s + scale_s·A*(r_s)·U_s. v and r are not modified; next must not overlap v.
     *
     * @param r m × count residuals
     */
    void step(int count, double[] v, double[] r, double[] scale, double[] next);

    /**
     * out_s ← scale[s]·(A*(r_s)·U_s)ᵀ for s &lt; count: the step's direction alone, for optimizers
     * that combine gradients themselves (momentum, Adam). v and r are not modified.
     */
    void direction(int count, double[] v, double[] r, double[] scale, double[] out);
  }

  /**
   * A new evaluator of mini-batches of up to maxRows measurements on one factor of width d
   * (stochastic gradient descent); owns its scratch.
   */
  Sampled sampled(int d, int maxRows);

  /** Factored evaluation restricted to the measurements idx[from], …, idx[from + b − 1], for one factor. */
  interface Sampled {
    /** out[t] ← ⟨A_{idx[from+t]}, VᵀV⟩ for t &lt; b, V (d × n) at offset off of v. */
    void apply(double[] v, int off, int[] idx, int from, int b, double[] out);

    /**
     * out (at offset off) ← scale·(Σ_t r[t]·A_{idx[from+t]}·U)ᵀ, the mini-batch's direction; v and r
     * are not modified, out must not overlap v's factor.
     */
    void direction(double[] v, int off, int[] idx, int from, int b, double[] r, double scale, double[] out);
  }
}
