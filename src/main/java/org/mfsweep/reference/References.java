package org.mfsweep.reference;

import java.util.function.Supplier;
import org.mfsweep.problem.Problem;
import org.mfsweep.problem.BuiltProblem;
import org.mfsweep.problem.GeneralProblem;
import org.mfsweep.problem.Kinds;
import org.mfsweep.problem.ProblemKind;
import org.mfsweep.problem.VectorProblem;
import org.mfsweep.spec.Kind;
import org.mfsweep.spec.ObservedData;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.spec.ReferenceResult;
import org.mfsweep.spec.ReferenceSettings;

/**
 * The reference solution of a problem, the one a claim of the seed says gradient descent from a
 * small start should find: the minimum nuclear norm PSD solution (sensing, completion), the minimum
 * ℓ1 non-negative solution (diagonal: the SDP restricted to diagonal X, an LP), or the minimum ℓ2
 * solution (least-squares).
 */
public final class References {
  private References() {}

  /** The ref_kind of a kind's problems: nuclear, l1 or l2. */
  public static String refKind(Kind kind) {
    return Kinds.of(kind).reference().configName();
  }

  /**
   * Builds the problem (from data when given) and solves for its reference; a solver that throws
   * gives a FAILED reference.
   */
  public static ReferenceResult compute(ProblemSpec spec, ReferenceSettings settings, ObservedData data) {
    ProblemKind kind = Kinds.of(spec.kind());
    return computeOn(spec, settings, () -> data != null ? kind.build(spec, data) : kind.build(spec, 1));
  }

  /**
   * Solves for the reference of the problem problem gives (the engine hands its executor's cached
   * build; the test set is not used); a build or solver that throws gives a FAILED reference.
   */
  public static ReferenceResult computeOn(ProblemSpec spec, ReferenceSettings settings,
                                          Supplier<? extends BuiltProblem> problem) {
    long start = System.nanoTime();
    ProblemKind kind = Kinds.of(spec.kind());
    try {
      Settings s = new Settings(settings.tolerance(), settings.maxIterations());
      BuiltProblem built = problem.get();
      if (built instanceof GeneralProblem g) {
        return lifted(g, s, start);
      }
      return switch (kind.reference()) {
        case NUCLEAR -> nuclear((Problem) built, s, start);
        case L1 -> l1((Problem) built, s, start);
        case L2 -> l2((VectorProblem) built, start);
      };
    } catch (RuntimeException e) {
      double nan = Double.NaN;
      return new ReferenceResult(refKind(spec.kind()), "FAILED", null, null, nan, nan, nan, nan, nan, nan, nan, nan,
          nan, 0, (System.nanoTime() - start) * 1e-9, e.toString(), null, null, null);
    }
  }

  private static ReferenceResult nuclear(Problem p, Settings s, long start) {
    NuclearNormSolution sol = NuclearNormReference.solve(p.train(), p.y(), s);
    Certificate c = sol.certificate();
    Uniqueness.Verdict verdict = uniqueness(p, sol, s.tolerance());
    return new ReferenceResult("nuclear", sol.status().name(), sol.x(), sol.nu(), sol.trace(), p.truthNuclearNorm(),
        p.truth() == null ? Double.NaN : relativeDistance(sol.x(), p.truth()), c.primalResidual(), c.coneViolation(), c.dualInfeasibility(),
        c.complementarity(), c.dualityGap(), Double.NaN, sol.iterations(), (System.nanoTime() - start) * 1e-9, null,
        sol.method().name(), verdict.unique(), verdict.reason());
  }

  /** Why general problems have no uniqueness verdict (ref_unique null). */
  static final String LIFTED_UNIQUENESS = "not tested: the uniqueness test is for the PSD problem; "
      + "a general rows × cols problem's lifted reference is not tested";

  /**
   * A general rows × cols problem: min ‖X‖_* s.t. A(X) = y by the lifted SDP ({@link LiftedNuclearNorm}),
   * stored as the symmetric one is (x rows × cols column-major, the dual ν, the certificate).
   */
  private static ReferenceResult lifted(GeneralProblem p, Settings s, long start) {
    LiftedNuclearNorm solver = new LiftedNuclearNorm(p.train());
    MatrixNuclearNormSolution sol = solver.solve(p.y(), s);
    Certificate c = sol.certificate();
    return new ReferenceResult("nuclear", sol.status().name(), sol.x(), sol.nu(), sol.norm(), p.truthNuclearNorm(),
        p.truth() == null ? Double.NaN : relativeDistance(sol.x(), p.truth()), c.primalResidual(), c.coneViolation(),
        c.dualInfeasibility(), c.complementarity(), c.dualityGap(), Double.NaN, sol.iterations(),
        (System.nanoTime() - start) * 1e-9, null, "IPM", null, LIFTED_UNIQUENESS);
  }

  private static ReferenceResult l1(Problem p, Settings s, long start) {
    L1Solution sol = MinL1NonNegative.ofDiagonal(p.train()).solve(p.y(), s);
    int n = p.n();
    double[] x = new double[n * n];
    for (int j = 0; j < n; j++) {
      x[j + j * n] = sol.x()[j];
    }
    Certificate c = sol.certificate();
    return new ReferenceResult("l1", sol.status().name(), x, sol.nu(), sol.sum(), p.truthNuclearNorm(), relativeDistance(x, p.truth()),
        c.primalResidual(), c.coneViolation(), c.dualInfeasibility(), c.complementarity(), c.dualityGap(), Double.NaN,
        sol.iterations(), (System.nanoTime() - start) * 1e-9, null, "IPM", null, null);
  }

  private static ReferenceResult l2(VectorProblem p, long start) {
    L2Solution sol = new MinL2Norm(p.m(), p.n(), p.a()).solve(p.y());
    double norm = 0;
    for (double v : sol.x()) {
      norm += v * v;
    }
    L2Certificate c = sol.certificate();
    // a direct method: it has no iterations and always finishes; the certificate says how well
    return new ReferenceResult("l2", "CONVERGED", sol.x(), sol.w(), Math.sqrt(norm), 1.0, relativeDistance(sol.x(), p.truth()),
        c.residual(), Double.NaN, Double.NaN, Double.NaN, Double.NaN, c.rowSpaceDistance(), 0,
        (System.nanoTime() - start) * 1e-9, null, "QR", null, null);
  }

  /** The uniqueness test of a certified pair; a test that throws decides nothing (and says why). */
  private static Uniqueness.Verdict uniqueness(Problem p, NuclearNormSolution sol, double tolerance) {
    try {
      if (sol.face() != null) { // on the face: the reduced problem's optima are the original's, mapped by V
        return FacialReduction.uniqueness(p.train(), sol, tolerance);
      }
      return Uniqueness.test(p.train(), sol.x(), sol.nu(), sol.certificate(), tolerance);
    } catch (RuntimeException e) {
      return new Uniqueness.Verdict(null, -1, -1, Double.NaN, "the test failed: " + e, null, Double.NaN);
    }
  }

  /** ‖a − b‖ / ‖b‖ over all entries. */
  public static double relativeDistance(double[] a, double[] b) {
    double d = 0;
    double r = 0;
    for (int i = 0; i < b.length; i++) {
      double e = a[i] - b[i];
      d += e * e;
      r += b[i] * b[i];
    }
    return Math.sqrt(d / r);
  }
}
