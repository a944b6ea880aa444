package org.mfsweep.reference;

/**
 * A solve of min tr X s.t. A(X) = y, X ⪰ 0 by {@link MinNuclearNorm} (ADMM) or
 * {@link MinNuclearNormIpm} (interior point).
 *
 * @param x the primal X, n × n column-major, symmetric (both triangles) and PSD by construction
 * @param nu the dual ν ∈ Rᵐ (0 on measurements dropped as linearly dependent)
 * @param trace tr X = ‖X‖_*
 * @param status CONVERGED when the certificate holds at the requested tolerance
 * @param iterations iterations of the method that produced it
 * @param seconds wall time of the solve (set-up excluded: see the solvers' {@code setupSeconds()})
 * @param certificate the KKT residuals of (x, nu)
 * @param method which method produced it
 */
public record NuclearNormSolution(double[] x, double[] nu, double trace, Status status, int iterations,
                                  double seconds, Certificate certificate, Method method) {

  /** The SDP methods. */
  public enum Method {
    /** {@link MinNuclearNorm}: ADMM on the dual with Anderson acceleration */
    ADMM,
    /** {@link MinNuclearNormIpm}: primal–dual interior point, NT direction, Mehrotra predictor–corrector */
    IPM
  }
}
