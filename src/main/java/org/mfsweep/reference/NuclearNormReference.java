package org.mfsweep.reference;

import java.util.List;
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
 * form and are not compared with the others). If its face-form residuals hold, {@link WholeConeLift}
 * lifts it back to the whole cone: that pair is returned (method FACIAL_LIFT, the ordinary
 * certificate) if it certifies, and ADMM does not run; otherwise it is dropped too and ADMM runs
 * as before.
 * <p>
 * <b>ADMM's budget after the interior-point method.</b> ADMM as the fallback of a completion gets
 * at most {@link #fallbackIterations} = min(maxIterations, ⌈{@value #FALLBACK_WORK}/n³⌉)
 * iterations (one iteration is an n × n eigendecomposition, O(n³)): all of maxIterations (50 000 by
 * default) up to n = 27, 8 000 at n = 50, 1 000 at n = 100. ADMM first, and ADMM on sensing, keep
 * maxIterations. Why (the references of every completion job in jobs/, method by method, at each
 * job's tolerance, on a quiet machine, one thread; the fallback at 50 000 iterations):
 * <ul>
 *   <li>where ADMM certified after the interior-point method and facial reduction did not, it took
 *       37–3 523 iterations at n = 50 (19 of 27 problems of jobs/completion.conf at 1e-8, ≤ 1.6 s)
 *       and 10–37 069 at n = 3 (80 of 150 of exhaustive-3x3 at 1e-9, 2 889 of 10 000 of
 *       tiny-million at 1e-8, ≤ 0.5 s);</li>
 *   <li>where it did not certify at n = 50 (the 8 problems at m = 250 of completion.conf, the seed-2
 *       uniform one of completion-threshold at 1e-6), it ran all 50 000 iterations, 18–22 s each
 *       (340–370 s on a loaded machine), and ended with a largest residual of 6e-5–9e-3, above the
 *       interior-point method's, so its solution was never the one returned.</li>
 * </ul>
 * So at n = 50 the budget is 2.3 times the most any certified fallback needed, and an uncertified
 * one costs about 3 s instead of 20 s; below n = 28 nothing changes. A fallback that runs out is
 * MAX_ITERATIONS and is returned only if its largest residual is the smaller one, as before.
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
  /** ADMM's work budget, in n³ units, when it runs after the interior-point method on a completion. */
  public static final double FALLBACK_WORK = 1e9;

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

  /** ADMM's iterations as the fallback of a completion of order n: min(maxIterations, ⌈{@value #FALLBACK_WORK}/n³⌉). */
  public static int fallbackIterations(int n, int maxIterations) {
    double cubes = (double) n * n * n;
    return (int) Math.max(1, Math.min(maxIterations, Math.ceil(FALLBACK_WORK / cubes)));
  }

  /**
   * Solves with the rule above. The settings' tolerance applies to both methods; their
   * maxIterations is ADMM's budget, the interior-point method keeps its own
   * ({@link MinNuclearNormIpm#DEFAULT_SETTINGS}).
   *
   * @throws IllegalArgumentException if y has the wrong length or a non-finite entry
   */
  public static NuclearNormSolution solve(MeasurementOperator op, double[] y, Settings settings) {
    return solve(op, y, settings, null);
  }

  /** {@link #solve(MeasurementOperator, double[], Settings)}; every method's solution is added to attempts when not null. */
  static NuclearNormSolution solve(MeasurementOperator op, double[] y, Settings settings,
                                   List<NuclearNormSolution> attempts) {
    Settings ipmSettings = new Settings(settings.tolerance(), MinNuclearNormIpm.DEFAULT_SETTINGS.maxIterations());
    boolean ipmFirst = interiorPointFirst(op);
    NuclearNormSolution first = ipmFirst ? new MinNuclearNormIpm(op).solve(y, ipmSettings)
        : new MinNuclearNorm(op).solve(y, settings);
    record(attempts, first);
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
      record(attempts, facial);
      if (facial != null && facial.status() == Status.CONVERGED) {
        return facial; // otherwise it is not returned: its residuals are of the face form
      }
      NuclearNormSolution lifted = null;
      if (facial != null && facial.certificate().holds(settings.tolerance())) { // no more accurate than the face's pair
        try {
          lifted = WholeConeLift.solve(entries, y, facial, settings);
        } catch (RuntimeException e) {
          lifted = null; // as for facial reduction: ADMM still runs
        }
      }
      record(attempts, lifted);
      if (lifted != null && lifted.status() == Status.CONVERGED) {
        return lifted; // only when it certifies, so that nothing else changes where it does not
      }
    }
    Settings fallback = new Settings(settings.tolerance(), fallbackIterations(op.n(), settings.maxIterations()));
    NuclearNormSolution second = ipmFirst ? new MinNuclearNorm(op).solve(y, fallback)
        : interiorPointFits(op) ? new MinNuclearNormIpm(op).solve(y, ipmSettings) : null;
    if (second == null) {
      return first;
    }
    record(attempts, second);
    double a = first.certificate().max();
    double b = second.certificate().max();
    return b < a || Double.isNaN(a) ? second : first;
  }

  private static void record(List<NuclearNormSolution> attempts, NuclearNormSolution s) {
    if (attempts != null && s != null) {
      attempts.add(s);
    }
  }
}
