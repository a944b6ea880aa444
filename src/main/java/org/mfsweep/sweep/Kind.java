package org.mfsweep.sweep;

/** The family of measurement operators a problem draws from. */
public enum Kind {
  /** Aᵢ = (G + Gᵀ)/2 with G iid N(0,1). */
  SENSING,
  /** Aᵢ = (e_j e_kᵀ + e_k e_jᵀ)/2 at m distinct positions j ≤ k. */
  COMPLETION,
  /** Aᵢ diagonal with iid N(0,1) entries: the commuting case, x = u∘u. */
  DIAGONAL,
  /** Plain least squares over x ∈ Rⁿ with A m × n Gaussian: no factorization; from 0 it finds min ℓ2. */
  LEAST_SQUARES;

  /** The spelling used in sweep files and in the {@code kind} column (e.g. least-squares). */
  public String configName() {
    return Names.of(this);
  }

  /** Whether the unknown is a symmetric matrix X = UUᵀ (all kinds but least-squares). */
  public boolean factored() {
    return this != LEAST_SQUARES;
  }

  /** @throws IllegalArgumentException naming the valid spellings */
  public static Kind parse(String s) {
    return Names.parse(values(), s, "kind");
  }
}
