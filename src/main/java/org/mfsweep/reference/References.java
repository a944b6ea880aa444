package org.mfsweep.reference;

import org.mfsweep.problem.Problem;
import org.mfsweep.problem.Problems;
import org.mfsweep.problem.VectorProblem;
import org.mfsweep.sweep.Kind;
import org.mfsweep.sweep.ObservedData;
import org.mfsweep.sweep.ProblemSpec;
import org.mfsweep.sweep.ReferenceSettings;

/**
 * The reference solution of a problem, the one a claim of the seed says gradient descent from a
 * small start should find: the minimum nuclear norm PSD solution (sensing, completion), the minimum
 * ℓ1 non-negative solution (diagonal: the SDP restricted to diagonal X, an LP), or the minimum ℓ2
 * solution (least-squares).
 */
public final class References {
  private References() {}

  /**
   * One problem's reference and how well it is certified.
   *
   * @param refKind nuclear, l1 or l2
   * @param status CONVERGED, MAX_ITERATIONS or STALLED (the solver's), or FAILED (it threw)
   * @param x X_ref (n × n column-major) for matrix kinds, x_ref (n) for least-squares; null when FAILED
   * @param norm the norm the reference minimises: tr X_ref, Σ x_ref, or ‖x_ref‖₂
   * @param truthNorm the same norm of the truth
   * @param errTruth ‖X_ref − X*‖_F / ‖X*‖_F: whether the reference recovers the truth
   * @param rowSpaceDistance only for l2 (NaN otherwise)
   * @param nu the dual ν of the certificate (nuclear and l1), for storing as ref_dual; null for l2 and FAILED
   * @param method which solver produced it: ADMM or IPM for nuclear, IPM for l1, QR for l2; null when FAILED
   */
  public record Reference(String refKind, String status, double[] x, double norm, double truthNorm, double errTruth,
                          double primalResidual, double coneViolation, double dualInfeasibility,
                          double complementarity, double dualityGap, double rowSpaceDistance, int iterations,
                          double seconds, String error, double[] nu, String method)
      implements java.io.Serializable {}

  public static String refKind(Kind kind) {
    return switch (kind) {
      case SENSING, COMPLETION -> "nuclear";
      case DIAGONAL -> "l1";
      case LEAST_SQUARES -> "l2";
    };
  }

  /**
   * Builds the problem (from data when given) and solves for its reference; a solver that throws
   * gives a FAILED reference.
   */
  public static Reference compute(ProblemSpec spec, ReferenceSettings settings, ObservedData data) {
    long start = System.nanoTime();
    try {
      Settings s = new Settings(settings.tolerance(), settings.maxIterations());
      return switch (spec.kind()) {
        case SENSING, COMPLETION -> nuclear(data != null ? Problems.build(spec, data) : Problems.build(spec, 1), s,
            start);
        case DIAGONAL -> l1(Problems.build(spec, 1), s, start);
        case LEAST_SQUARES -> l2(Problems.buildVector(spec, 1), start);
      };
    } catch (RuntimeException e) {
      double nan = Double.NaN;
      return new Reference(refKind(spec.kind()), "FAILED", null, nan, nan, nan, nan, nan, nan, nan, nan, nan, 0,
          (System.nanoTime() - start) * 1e-9, e.toString(), null, null);
    }
  }

  private static Reference nuclear(Problem p, Settings s, long start) {
    NuclearNormSolution sol = NuclearNormReference.solve(p.train(), p.y(), s);
    Certificate c = sol.certificate();
    return new Reference("nuclear", sol.status().name(), sol.x(), sol.trace(), p.truthNuclearNorm(),
        p.truth() == null ? Double.NaN : relativeDistance(sol.x(), p.truth()), c.primalResidual(), c.coneViolation(), c.dualInfeasibility(),
        c.complementarity(), c.dualityGap(), Double.NaN, sol.iterations(), (System.nanoTime() - start) * 1e-9, null,
        sol.nu(), sol.method().name());
  }

  private static Reference l1(Problem p, Settings s, long start) {
    L1Solution sol = MinL1NonNegative.ofDiagonal(p.train()).solve(p.y(), s);
    int n = p.n();
    double[] x = new double[n * n];
    for (int j = 0; j < n; j++) {
      x[j + j * n] = sol.x()[j];
    }
    Certificate c = sol.certificate();
    return new Reference("l1", sol.status().name(), x, sol.sum(), p.truthNuclearNorm(), relativeDistance(x, p.truth()),
        c.primalResidual(), c.coneViolation(), c.dualInfeasibility(), c.complementarity(), c.dualityGap(), Double.NaN,
        sol.iterations(), (System.nanoTime() - start) * 1e-9, null, sol.nu(), "IPM");
  }

  private static Reference l2(VectorProblem p, long start) {
    L2Solution sol = new MinL2Norm(p.m(), p.n(), p.a()).solve(p.y());
    double norm = 0;
    for (double v : sol.x()) {
      norm += v * v;
    }
    L2Certificate c = sol.certificate();
    // a direct method: it has no iterations and always finishes; the certificate says how well
    return new Reference("l2", "CONVERGED", sol.x(), Math.sqrt(norm), 1.0, relativeDistance(sol.x(), p.truth()),
        c.residual(), Double.NaN, Double.NaN, Double.NaN, Double.NaN, c.rowSpaceDistance(), 0,
        (System.nanoTime() - start) * 1e-9, null, null, "QR");
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
