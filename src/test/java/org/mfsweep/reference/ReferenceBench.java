package org.mfsweep.reference;

import java.util.Locale;
import org.mfsweep.linalg.Netlib;
import org.mfsweep.problem.Problem;
import org.mfsweep.problem.Problems;
import org.mfsweep.sweep.Kind;
import org.mfsweep.sweep.ProblemSpec;

/**
 * Prints iterations, seconds and certificate residuals of the reference solvers on engine
 * problems; a program, not a test. Arguments: kind n m rank seed... (default: the figures in the
 * report). Run with OPENBLAS_NUM_THREADS=1.
 */
public final class ReferenceBench {
  private ReferenceBench() {}

  public static void main(String[] args) {
    System.out.println(Netlib.implementation().summary());
    if (args.length >= 5) {
      Kind kind = Kind.parse(args[0]);
      int n = Integer.parseInt(args[1]);
      int m = Integer.parseInt(args[2]);
      int rank = Integer.parseInt(args[3]);
      for (int a = 4; a < args.length; a++) {
        run(new ProblemSpec(kind, n, m, rank, Long.parseLong(args[a])));
      }
      return;
    }
    for (long seed = 1; seed <= 3; seed++) {
      run(new ProblemSpec(Kind.SENSING, 50, 300, 2, seed));
    }
    for (long seed = 1; seed <= 3; seed++) {
      run(new ProblemSpec(Kind.SENSING, 100, 600, 2, seed));
    }
    for (long seed = 1; seed <= 3; seed++) {
      run(new ProblemSpec(Kind.COMPLETION, 100, 600, 2, seed));
    }
  }

  static void run(ProblemSpec spec) {
    Problem p = Problems.build(spec, 10);
    MinNuclearNorm solver = new MinNuclearNorm(p.train());
    NuclearNormSolution s = solver.solve(p.y(), MinNuclearNorm.DEFAULT_SETTINGS);
    Certificate c = s.certificate();
    double err = 0;
    for (int t = 0; t < s.x().length; t++) {
      err += (s.x()[t] - p.truth()[t]) * (s.x()[t] - p.truth()[t]);
    }
    System.out.printf(Locale.ROOT,
        "%s n=%d m=%d rank=%d seed=%d: %s iterations=%d solve=%.3fs setup=%.3fs trX=%.9f trX*=%.9f ‖X−X*‖_F=%.2e "
            + "primal=%.1e cone=%.1e dual=%.1e compl=%.1e gap=%.1e%n",
        spec.kind().configName(), spec.n(), spec.m(), spec.rank(), spec.seed(), s.status(), s.iterations(), s.seconds(),
        solver.setupSeconds(), s.trace(), p.truthNuclearNorm(), Math.sqrt(err), c.primalResidual(), c.coneViolation(),
        c.dualInfeasibility(), c.complementarity(), c.dualityGap());
  }
}
