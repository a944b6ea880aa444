package org.mfsweep.reference;

/**
 * The minimum ℓ2 norm solution of A x = y by {@link MinL2Norm}.
 *
 * @param x A⁺y = Aᵀ(AAᵀ)⁻¹y, length n
 * @param w (AAᵀ)⁻¹y, length m: the witness with x = Aᵀw
 * @param seconds wall time of the solve (the QR factorisation is excluded)
 * @param certificate residuals of (x, w)
 */
public record L2Solution(double[] x, double[] w, double seconds, L2Certificate certificate) {}
