package org.mfsweep.reference;

/**
 * A solve of min tr X s.t. A(X) = y, X ⪰ 0 by {@link MinNuclearNorm}.
 *
 * @param x the primal X, n × n column-major, symmetric (both triangles) and PSD by construction
 * @param nu the dual ν ∈ Rᵐ (0 on measurements dropped as linearly dependent)
 * @param trace tr X = ‖X‖_*
 * @param status CONVERGED when the certificate holds at the requested tolerance
 * @param iterations ADMM iterations taken
 * @param seconds wall time of the solve (the Gram factorisation is excluded: see
 *     {@link MinNuclearNorm#setupSeconds()})
 * @param certificate the KKT residuals of (x, nu)
 */
public record NuclearNormSolution(double[] x, double[] nu, double trace, Status status, int iterations,
                                  double seconds, Certificate certificate) {}
