package org.mfsweep.spec;

/** The direction of a run's start: U₀ = α·U_init (n × d) for X = UUᵀ; each factor's for X = W_N ⋯ W_1. */
public enum Init {
  /** The n × d identity: ones on the main diagonal. */
  IDENTITY,
  /** Orthonormal columns (rows when d &gt; n) from the QR factors of a Gaussian matrix. */
  ORTHOGONAL,
  /**
   * Asymmetric factorizations only: i.i.d. N(0, 1) entries in every factor, the product scaled so
   * that ‖X₀‖_F = α·√min(rows, cols) (each factor by the N-th root of that scale).
   */
  GAUSSIAN;

  public String configName() {
    return Names.of(this);
  }

  /** @throws IllegalArgumentException naming the valid spellings */
  public static Init parse(String s) {
    return Names.parse(values(), s, "init");
  }
}
