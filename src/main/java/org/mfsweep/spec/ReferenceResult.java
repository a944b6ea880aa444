package org.mfsweep.spec;

import java.io.Serializable;

/**
 * One problem's reference and how well it is certified (a row of the problems table).
 *
 * @param refKind nuclear, l1 or l2
 * @param status CONVERGED, MAX_ITERATIONS or STALLED (the solver's), or FAILED (it threw)
 * @param x X_ref (n × n column-major; rows × cols for general problems) for matrix kinds, x_ref (n) for least-squares; null when FAILED
 * @param dual the dual ν ∈ Rᵐ of the certificate (least squares: w with x_ref = Aᵀw); null when FAILED
 * @param norm the norm the reference minimises: tr X_ref, ‖X_ref‖_* (general problems), Σ x_ref, or ‖x_ref‖₂
 * @param truthNorm the same norm of the truth
 * @param errTruth ‖X_ref − X*‖_F / ‖X*‖_F: whether the reference recovers the truth
 * @param rowSpaceDistance only for l2 (NaN otherwise)
 * @param method the solver that produced it: ADMM or IPM (nuclear), IPM (l1), QR (l2); null when FAILED
 * @param unique whether X_ref is the only minimiser, by a sufficient test (nuclear only); null when not decided
 * @param uniqueReason one line: what the uniqueness verdict rests on (null when not tested)
 */
public record ReferenceResult(String refKind, String status, double[] x, double[] dual, double norm, double truthNorm,
                              double errTruth, double primalResidual, double coneViolation, double dualInfeasibility,
                              double complementarity, double dualityGap, double rowSpaceDistance, int iterations,
                              double seconds, String error, String method, Boolean unique,
                              String uniqueReason) implements Serializable {}
