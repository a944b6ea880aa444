package org.mfsweep.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.mfsweep.linalg.Netlib;
import org.mfsweep.problem.EntryOperator;
import org.mfsweep.problem.Problem;
import org.mfsweep.problem.Problems;
import org.mfsweep.spec.Kind;
import org.mfsweep.spec.ProblemSpec;
import org.netlib.util.intW;

/** {@link WholeConeLift} on the issue-9 instances (completion n = 50, rank 2, seed 2). */
class WholeConeLiftTest {
  private static final double TOLERANCE = 1e-6;

  /**
   * m = 220: the lift certifies with the ordinary certificate, recomputed here from its definition
   * (entries of X, A*(ν) built by hand, eigenvalues by dsyev), at the face's trace.
   */
  @Test
  void liftCertifiesTheFirstInstanceOnTheWholeCone() {
    Problem p = Problems.build(new ProblemSpec(Kind.COMPLETION, 50, 220, 2, 2), 1);
    EntryOperator op = (EntryOperator) p.train();
    NuclearNormSolution facial = FacialReduction.solve(op, p.y(), MinNuclearNormIpm.DEFAULT_SETTINGS);
    NuclearNormSolution lift = WholeConeLift.solve(op, p.y(), facial, MinNuclearNormIpm.DEFAULT_SETTINGS);
    assertNotNull(lift);
    System.out.printf(Locale.ROOT, "m=220 lift: %s %s%n", lift.status(), lift.certificate());
    assertEquals(Status.CONVERGED, lift.status());
    assertEquals(NuclearNormSolution.Method.FACIAL_LIFT, lift.method());
    double[] c = byDefinition(op, p.y(), lift.x(), lift.nu());
    for (double r : c) {
      assertTrue(r <= TOLERANCE, java.util.Arrays.toString(c));
    }
    assertEquals(facial.trace(), lift.trace(), 1e-6 * facial.trace());
    // the entry point returns it, and ADMM does not run
    List<NuclearNormSolution> attempts = new ArrayList<>();
    NuclearNormSolution s = NuclearNormReference.solve(op, p.y(), new Settings(TOLERANCE, 50_000), attempts);
    assertEquals(NuclearNormSolution.Method.FACIAL_LIFT, s.method());
    assertEquals(Status.CONVERGED, s.status());
    assertTrue(attempts.stream().noneMatch(a -> a.method() == NuclearNormSolution.Method.ADMM));
  }

  /** m = 250 does not certify (documented), but the lifted pair is far better than the whole-cone IPM's. */
  @Test
  void liftOfTheLastInstanceIsHonestAndBetterThanTheInteriorPointPair() {
    Problem p = Problems.build(new ProblemSpec(Kind.COMPLETION, 50, 250, 2, 2), 1);
    EntryOperator op = (EntryOperator) p.train();
    NuclearNormSolution ipm = new MinNuclearNormIpm(op).solve(p.y(), MinNuclearNormIpm.DEFAULT_SETTINGS);
    NuclearNormSolution facial = FacialReduction.solve(op, p.y(), MinNuclearNormIpm.DEFAULT_SETTINGS);
    NuclearNormSolution lift = WholeConeLift.solve(op, p.y(), facial, MinNuclearNormIpm.DEFAULT_SETTINGS);
    System.out.printf(Locale.ROOT, "m=250 lift: %s %s; IPM %s%n", lift.status(), lift.certificate(), ipm.certificate());
    double max = Checks.max(byDefinition(op, p.y(), lift.x(), lift.nu()));
    assertEquals(max, lift.certificate().max(), 1e-3 * max);
    assertEquals(lift.certificate().holds(TOLERANCE) ? Status.CONVERGED : Status.STALLED, lift.status());
    assertTrue(lift.certificate().max() < 0.5 * ipm.certificate().max(), lift.certificate() + " vs " + ipm.certificate());
  }

  /** (primal, cone, dual, complementarity, gap) from the README's definitions, computed by hand. */
  static double[] byDefinition(EntryOperator op, double[] y, double[] x, double[] nu) {
    int n = op.n();
    int m = op.m();
    double[] a = new double[n * n]; // A*(ν): ν on a diagonal entry, ν/2 on both off-diagonal positions
    double res = 0;
    double yy = 0;
    double dual = 0;
    for (int i = 0; i < m; i++) {
      int r = op.index(i) % n;
      int c = op.index(i) / n;
      double e = x[r + c * n] - y[i];
      res += e * e;
      yy += y[i] * y[i];
      dual += y[i] * nu[i];
      if (r == c) {
        a[r + c * n] += nu[i];
      } else {
        a[r + c * n] += nu[i] / 2;
        a[c + r * n] += nu[i] / 2;
      }
    }
    double xNorm = 0;
    double trace = 0;
    double comp = 0;
    for (int j = 0; j < n; j++) {
      trace += x[j + j * n];
      for (int i = 0; i < n; i++) {
        xNorm += x[i + j * n] * x[i + j * n];
        double sx = x[i + j * n];
        for (int k = 0; k < n; k++) {
          sx -= a[i + k * n] * x[k + j * n];
        }
        comp += sx * sx;
      }
    }
    xNorm = Math.sqrt(xNorm);
    double[] la = eigenvalues(n, a.clone());
    double[] lx = eigenvalues(n, x.clone());
    return new double[] {Math.sqrt(res / yy), Math.max(0, -lx[0]) / xNorm, Math.max(0, la[n - 1] - 1),
        Math.sqrt(comp) / xNorm, Math.abs(trace - dual) / trace};
  }

  private static double[] eigenvalues(int n, double[] a) {
    double[] w = new double[n];
    double[] work = new double[3 * n];
    intW info = new intW(0);
    Netlib.lapack.dsyev("N", "U", n, a, n, w, work, work.length, info);
    assertEquals(0, info.val);
    return w;
  }
}
