package org.mfsweep.reference;

/**
 * KKT residuals of a primal–dual pair for a conic program min ⟨1, x⟩ s.t. 𝒜(x) = y, x ∈ K, whose
 * dual is max ⟨y, ν⟩ s.t. 1 − 𝒜*(ν) ∈ K (K the PSD cone with 1 = I, or the non-negative orthant
 * with 1 = the all-ones vector). All five are zero exactly at an optimal pair. A relative residual
 * whose reference quantity is zero is reported absolute.
 *
 * @param primalResidual ‖𝒜(x) − y‖ / ‖y‖
 * @param coneViolation how far x is outside K, relative: max(0, −λ_min(X)) / ‖X‖_F, or
 *     max(0, −min x) / ‖x‖ (zero for the solvers' own outputs, which lie in K by construction)
 * @param dualInfeasibility how far ν is from dual feasible: max(0, λ_max(𝒜*(ν)) − 1), or
 *     max(0, maxⱼ (Aᵀν)ⱼ − 1)
 * @param complementarity ‖(I − 𝒜*(ν))X‖_F / ‖X‖_F, or ‖x ∘ (1 − Aᵀν)‖ / ‖x‖
 * @param dualityGap |⟨1, x⟩ − ⟨y, ν⟩| / ⟨1, x⟩
 */
public record Certificate(double primalResidual, double coneViolation, double dualInfeasibility,
                          double complementarity, double dualityGap) {

  /** The largest of the five residuals (NaN if any is NaN). */
  public double max() {
    double worst = Math.max(Math.max(primalResidual, coneViolation), Math.max(dualInfeasibility,
        Math.max(complementarity, dualityGap)));
    return Double.isNaN(primalResidual + coneViolation + dualInfeasibility + complementarity + dualityGap)
        ? Double.NaN : worst;
  }

  /** Every residual is at most tolerance (false if any is NaN). */
  public boolean holds(double tolerance) {
    return max() <= tolerance;
  }

  static double relative(double value, double reference) {
    return reference > 0 ? value / reference : value;
  }
}
