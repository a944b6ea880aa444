package org.mfsweep.reference;

import org.mfsweep.problem.EntryOperator;
import org.mfsweep.problem.MeasurementOperator;

/**
 * The one entry point for min tr X s.t. A(X) = y, X ⪰ 0: it chooses between the interior-point
 * method ({@link MinNuclearNormIpm}) and ADMM ({@link MinNuclearNorm}) and says in the solution's
 * {@link NuclearNormSolution#method()} which one produced it.
 * <p>
 * <b>Rule.</b> The interior-point method goes first whenever its m × m Schur complement fits:
 * m ≤ {@value #IPM_MAX_M}, and for operators other than entries also m·n² ≤
 * {@value #IPM_MAX_DENSE} (the Aᵢ it stores). ADMM goes first otherwise. If the first method does
 * not certify, the other runs, and the solution with the smaller largest residual is returned.
 * Why (ReferenceBench, one thread): on completion at and below the recovery threshold (n = 30…50,
 * m = 100…250) the interior-point method certified 28 of 32 instances in 0.1–0.5 s each, where
 * ADMM ran out of its 20 000 iterations on all those measured (5–19 s each); on sensing both
 * certify, ADMM in 0.1–0.6 s at n = 50 and the interior-point method in 0.5–0.8 s, so the order
 * costs little there and spares the ADMM budget where ADMM fails. Past the size limits only ADMM
 * is affordable (its Gram matrix is diagonal for completion, so it needs no m × m matrix at all).
 */
public final class NuclearNormReference {
  /** Largest m for which the interior-point method runs (2m² doubles: 144 MB at 3000). */
  public static final int IPM_MAX_M = 3000;
  /** Largest m·n² (doubles of dense Aᵢ) for which the interior-point method runs on a non-entry operator. */
  public static final long IPM_MAX_DENSE = 20_000_000L;

  private NuclearNormReference() {}

  /** Whether {@link #solve} tries the interior-point method first on this operator. */
  public static boolean interiorPointFirst(MeasurementOperator op) {
    long dense = (long) op.m() * op.n() * op.n();
    return op.m() <= IPM_MAX_M && (op instanceof EntryOperator || dense <= IPM_MAX_DENSE);
  }

  /**
   * Solves with the rule above. The settings' tolerance applies to both methods; their
   * maxIterations is ADMM's budget, the interior-point method keeps its own
   * ({@link MinNuclearNormIpm#DEFAULT_SETTINGS}).
   *
   * @throws IllegalArgumentException if y has the wrong length or a non-finite entry
   */
  public static NuclearNormSolution solve(MeasurementOperator op, double[] y, Settings settings) {
    Settings ipmSettings = new Settings(settings.tolerance(), MinNuclearNormIpm.DEFAULT_SETTINGS.maxIterations());
    boolean ipmFirst = interiorPointFirst(op);
    NuclearNormSolution first = ipmFirst ? new MinNuclearNormIpm(op).solve(y, ipmSettings)
        : new MinNuclearNorm(op).solve(y, settings);
    if (first.status() == Status.CONVERGED) {
      return first;
    }
    NuclearNormSolution second = ipmFirst ? new MinNuclearNorm(op).solve(y, settings)
        : MinNuclearNormIpm.fits(op) ? new MinNuclearNormIpm(op).solve(y, ipmSettings) : null;
    if (second == null) {
      return first;
    }
    double a = first.certificate().max();
    double b = second.certificate().max();
    return b < a || Double.isNaN(a) ? second : first;
  }
}
