package org.mfsweep.reference;

/**
 * A solve of min tr X s.t. A(X) = y, X ⪰ 0 by {@link MinNuclearNorm} (ADMM),
 * {@link MinNuclearNormIpm} (interior point), {@link FacialReduction} (interior point on a face) or
 * {@link WholeConeLift} (that face's solution lifted back to the whole cone).
 *
 * @param x the primal X, n × n column-major, symmetric (both triangles) and PSD by construction
 * @param nu the dual ν ∈ Rᵐ (0 on measurements dropped as linearly dependent)
 * @param trace tr X = ‖X‖_*
 * @param status CONVERGED when the certificate holds at the requested tolerance
 * @param iterations iterations of the method that produced it
 * @param seconds wall time of the solve (set-up excluded: see the solvers' {@code setupSeconds()})
 * @param certificate the KKT residuals of (x, nu)
 * @param method which method produced it
 * @param face for {@link Method#FACIAL_IPM}, the face the feasible set lies in and its certificate
 *     (the certificate above is still that of the original problem); null otherwise
 */
public record NuclearNormSolution(double[] x, double[] nu, double trace, Status status, int iterations,
                                  double seconds, Certificate certificate, Method method, FacialReduction.Face face) {

  /** A solve on the whole cone (no facial reduction). */
  public NuclearNormSolution(double[] x, double[] nu, double trace, Status status, int iterations, double seconds,
                             Certificate certificate, Method method) {
    this(x, nu, trace, status, iterations, seconds, certificate, method, null);
  }

  /** The SDP methods. */
  public enum Method {
    /** {@link MinNuclearNorm}: ADMM on the dual with Anderson acceleration */
    ADMM,
    /** {@link MinNuclearNormIpm}: primal–dual interior point, NT direction, Mehrotra predictor–corrector */
    IPM,
    /**
     * {@link FacialReduction}: the interior-point method on the face exposed by singular fully
     * observed blocks of a completion, X and ν mapped back and certified on the original problem
     */
    FACIAL_IPM,
    /**
     * {@link WholeConeLift}: a {@link FacialReduction} solution lifted back to the whole cone, its
     * certificate the ordinary one (λ_max(A*(ν)) over all of Sⁿ, ‖ν‖ large where the dual is not attained)
     */
    FACIAL_LIFT
  }
}
