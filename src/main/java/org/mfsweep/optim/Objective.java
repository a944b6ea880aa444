package org.mfsweep.optim;

import org.mfsweep.spec.RunSpec;

/**
 * The loss f and its gradient for a batch of runs on one problem, in one factorization: run s of
 * the batch has its parameters θ_s (dimension {@link #dimension()}) at offset s·D of the arrays
 * passed in. {@link #evaluate} computes the residuals that {@link #step} and {@link #gradient} then
 * use, so those two read the θ last evaluated. One instance per thread, width and batch capacity; it
 * owns every buffer and allocates nothing per call.
 */
public interface Objective {
  /** Parameters per run. */
  int dimension();

  /** Most runs per batch. */
  int capacity();

  /** Number of measurements m. */
  int measurements();

  /** θ (at offset) ← the run's start, in this objective's layout. */
  void start(RunSpec run, double[] theta, int offset);

  /** loss[s] ← f(θ_s) for s &lt; count, keeping the residuals. */
  void evaluate(int count, double[] theta, double[] loss);

  /** next_s ← θ_s + scale[s]·∇f(θ_s) (gd's fused update); next must not overlap theta. */
  void step(int count, double[] theta, double[] scale, double[] next);

  /** out_s ← scale[s]·∇f(θ_s). */
  void gradient(int count, double[] theta, double[] scale, double[] out);

  /** The run in slot from moves to slot to (its residuals with it). */
  void move(int from, int to);

  /**
   * The mini-batch step of one run: next ← θ + scale·∇f_B(θ), where f_B is the loss over the b
   * measurements idx[from … from + b − 1], normalised by b instead of m (so b = m gives ∇f).
   */
  void sampledStep(double[] theta, int offset, int[] idx, int from, int b, double scale, double[] next);

  /** Metrics of θ at a trace point: out ← (test error, nuclear norm, err_ref), NaN where they do not apply. */
  void point(double[] theta, int offset, double[] out);

  /**
   * Final metrics: out ← (test error, nuclear norm, err_ref, err_truth, effective rank); the
   * effective rank is NaN when finiteLoss is false.
   */
  void last(double[] theta, int offset, boolean finiteLoss, double[] out);

  /** The final parameters in the run's own layout: U (n × width, column-major), or x; W_1 … W_N. */
  double[] result(double[] theta, int offset);

  /**
   * The k largest singular values of X (fewer when X has fewer), largest first, as a new array; null
   * when k is 0 or the objective has no matrix (least squares).
   */
  default double[] singularValues(double[] theta, int offset, int k) {
    return null;
  }

  /** X itself (rows × cols column-major, both triangles) as a new array, or null when the caller forms it from {@link #result}. */
  default double[] matrix(double[] theta, int offset) {
    return null;
  }
}
