package org.mfsweep.reference;

/**
 * A linear constraint map 𝒜: S^N → Rᵐ, Z ↦ (⟨𝒜₁, Z⟩, …, ⟨𝒜ₘ, Z⟩), on symmetric N × N matrices,
 * with symmetric 𝒜ᵢ, as {@link InteriorPointSdp} needs it: apply, adjoint 𝒜*(r) = Σ rᵢ𝒜ᵢ, and the
 * Schur complement of a scaling matrix. The cone (S^N₊) and the cost live in the solver; the
 * operator knows nothing of them, so the same map serves the symmetric problem (Z = X) and the
 * lifted one (Z = [[W₁, X], [Xᵀ, W₂]]). An instance owns its scratch space: one per solver.
 */
interface SdpConstraints {
  /** N, the order of the symmetric matrices. */
  int size();

  int m();

  /** out[i] ← ⟨𝒜ᵢ, Z⟩ for symmetric Z (N × N column-major, both triangles). */
  void apply(double[] z, double[] out);

  /** out ← Σᵢ rᵢ𝒜ᵢ (N × N, both triangles). */
  void adjoint(double[] r, double[] out);

  /**
   * out ← the m × m matrix M_ij = ⟨𝒜ᵢ, W𝒜ⱼW⟩ = ⟨Gᵀ𝒜ᵢG, Gᵀ𝒜ⱼG⟩ (upper triangle at least), for a
   * symmetric positive definite W = G Gᵀ given both ways; an implementation uses whichever is
   * cheaper for it.
   */
  void schur(double[] w, double[] g, double[] out);

  /** The same map restricted to the constraints at the given ascending indices. */
  SdpConstraints restrict(int[] indices);
}
