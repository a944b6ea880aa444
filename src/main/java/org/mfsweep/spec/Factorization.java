package org.mfsweep.spec;

/** How a run parametrises X. */
public enum Factorization {
  /** X = UUᵀ, U n × width (depth 2 in the sense of {@link #ASYMMETRIC}); symmetric problems only. */
  SYMMETRIC,
  /**
   * X = W_N ⋯ W_1 ∈ R^{rows × cols}: W_1 width × cols, hidden layers width × width, W_N rows × width
   * (N = depth; N = 1 is X itself, N = 2 is UVᵀ with U = W_2, Vᵀ = W_1).
   */
  ASYMMETRIC;

  public String configName() {
    return Names.of(this);
  }

  /** @throws IllegalArgumentException naming the valid spellings */
  public static Factorization parse(String s) {
    return Names.parse(values(), s, "factorization");
  }
}
