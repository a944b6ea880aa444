package org.mfsweep.reference;

/**
 * A solve of min Σx s.t. A x = y, x ≥ 0 by {@link MinL1NonNegative}.
 *
 * @param x the primal, length n: an interior-point iterate, so strictly positive; exactly 0 when
 *     y = 0; when A x = y alone fixes x, its direct solution, whose zeros may come out ±1 ulp
 * @param nu the dual ν ∈ Rᵐ (0 on rows dropped as linearly dependent)
 * @param sum Σⱼ xⱼ = ‖x‖₁
 * @param status CONVERGED when the certificate holds at the requested tolerance
 * @param iterations interior-point iterations taken
 * @param seconds wall time of the solve
 * @param certificate the KKT residuals of (x, nu)
 */
public record L1Solution(double[] x, double[] nu, double sum, Status status, int iterations, double seconds,
                         Certificate certificate) {}
