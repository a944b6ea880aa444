package org.mfsweep.reference;

import org.mfsweep.problem.EntryOperator;
import org.mfsweep.problem.MeasurementOperator;

/**
 * The one entry point for min tr X s.t. A(X) = y, X ⪰ 0: it chooses between the interior-point
 * method ({@link MinNuclearNormIpm}) and ADMM ({@link MinNuclearNorm}) and says in the solution's
 * {@link NuclearNormSolution#method()} which one produced it.
 * <p>
 * <b>Rule.</b> For entry operators (completion) with m ≤ {@value #IPM_MAX_M} the interior-point
 * method goes first; for every other operator, and for larger completions, ADMM goes first. If the
 * first method does not certify, the other runs when it can (the interior-point method needs
 * m ≤ {@value #IPM_MAX_M} and m·n² ≤ {@value #IPM_MAX_DENSE} doubles for dense Aᵢ), and the
 * solution with the smaller largest residual is returned. Between the two, when the interior-point
 * method went first on a completion and did not certify, {@link FacialReduction} runs: it finds the
 * face the feasible set lies in when Slater fails (singular fully observed blocks, cycles on the
 * boundary of completability) and solves on it; if it certifies (on the face, see its Javadoc) its
 * solution is returned and ADMM does not run; if not, it is dropped (its residuals are of the face
 * form and are not compared with the others).
 * <p>
 * Why (ReferenceBench {@code ipm}, one thread, in one invocation): on completion at and below the
 * recovery threshold (n = 30…50, m = 100…250, two seeds each) the interior-point method certified
 * 13 of 16 instances in 0.02–0.36 s, where ADMM ran out of its 20 000 iterations on 14 of 16
 * (8–29 s each). On sensing both certify every instance measured, ADMM faster: at n = 50,
 * m = 50…300 in 0.3–1.2 s against 0.6–1.1 s, at n = 100, m = 600 in 2.0–2.2 s against 7.4–8.7 s
 * plus 3.5–4.4 s to form the 600 dense Aᵢ. Past the size limits only ADMM is affordable (its Gram
 * matrix is diagonal for completion, so it needs no m × m matrix at all).
 */
public final class NuclearNormReference {
  /** Largest m for which the interior-point method runs (2m² doubles: 144 MB at 3000). */
  public static final int IPM_MAX_M = 3000;
  /** Largest m·n² (doubles of dense Aᵢ) for which the interior-point method runs on a non-entry operator. */
  public static final long IPM_MAX_DENSE = 20_000_000L;

  private NuclearNormReference() {}

  /** Whether {@link #solve} tries the interior-point method first on this operator. */
  public static boolean interiorPointFirst(MeasurementOperator op) {
    return op instanceof EntryOperator && op.m() <= IPM_MAX_M;
  }

  /** Whether the interior-point method runs at all on this operator (first or as the fallback). */
  public static boolean interiorPointFits(MeasurementOperator op) {
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
    if (ipmFirst && op instanceof EntryOperator entries) {
      NuclearNormSolution facial;
      try {
        facial = FacialReduction.solve(entries, y, ipmSettings);
      } catch (RuntimeException e) {
        // facial reduction is a second attempt: where it breaks down, the ADMM fallback still runs
        facial = null;
      }
      if (facial != null && facial.status() == Status.CONVERGED) {
        return facial; // otherwise it is not returned: its residuals are of the face form
      }
    }
    NuclearNormSolution second = ipmFirst ? new MinNuclearNorm(op).solve(y, settings)
        : interiorPointFits(op) ? new MinNuclearNormIpm(op).solve(y, ipmSettings) : null;
    if (second == null) {
      return first;
    }
    double a = first.certificate().max();
    double b = second.certificate().max();
    return b < a || Double.isNaN(a) ? second : first;
  }
}
