package org.mfsweep.reference;

import java.util.Locale;
import org.mfsweep.linalg.Netlib;
import org.mfsweep.problem.Problem;
import org.mfsweep.problem.Problems;
import org.mfsweep.spec.Kind;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.spec.Sampling;

/**
 * Prints iterations, seconds and certificate residuals of the reference solvers on engine
 * problems; a program, not a test. Arguments: kind n m rank seed… for SDP solves of those
 * problems, each by ADMM and by the interior-point method; {@code ipm} for the comparison of
 * {@link #comparison()}; {@code blocks} for the count of fully observed 3 × 3 principal blocks of
 * its completion problems (seeds 1–4), which make the SDP lose its interior, next to the IPM's
 * outcome on each; {@code lift} for {@link WholeConeLift} on those three instances (about a
 * minute); {@code facial} for ADMM, the whole-cone IPM and {@link FacialReduction} on the
 * three completion instances the IPM stalls on (n = 50, m = 220/235/250, seed 2, about 1.5 minutes,
 * most of it ADMM); {@code threshold} for the nine references of jobs/completion-threshold.conf and
 * {@code fallback} for the seed-2 instances n = 50, m = 220/235 and the n = 30/40 ones of the
 * {@code ipm} table, each as one table row by {@link #pathRow} (about half a minute each, most of
 * it the old ADMM fallback); none for the standard set (about 1.5 minutes, most of it three completion
 * problems that run out of iterations). On one thread:
 * <pre>
 * mvn -q -B -o test-compile dependency:build-classpath -Dmdep.outputFile=target/test-cp.txt -Dmdep.includeScope=test
 * OPENBLAS_NUM_THREADS=1 java --add-modules=jdk.incubator.vector \
 *   -cp target/classes:target/test-classes:$(cat target/test-cp.txt) org.mfsweep.reference.ReferenceBench
 * </pre>
 */
public final class ReferenceBench {
  private ReferenceBench() {}

  public static void main(String[] args) {
    System.out.println(Netlib.implementation().summary());
    if (args.length == 1 && args[0].equals("ipm")) {
      comparison();
      return;
    }
    if (args.length == 1 && args[0].equals("lift")) {
      lift();
      return;
    }
    if (args.length == 1 && args[0].equals("facial")) {
      facial();
      return;
    }
    if (args.length == 1 && args[0].equals("threshold")) {
      pathHeader();
      for (long seed = 1; seed <= 3; seed++) {
        pathRow(new ProblemSpec(Kind.COMPLETION, 50, 250, 2, seed), 1e-6);
        pathRow(new ProblemSpec(Kind.COMPLETION, 50, 250, 2, seed, Sampling.POWER_LAW, 1.0), 1e-6);
        pathRow(new ProblemSpec(Kind.COMPLETION, 50, 250, 2, seed, Sampling.POWER_LAW, 2.0), 1e-6);
      }
      return;
    }
    if (args.length == 1 && args[0].equals("fallback")) {
      pathHeader();
      for (int m : new int[] {220, 235}) {
        pathRow(new ProblemSpec(Kind.COMPLETION, 50, m, 2, 2), 1e-6);
      }
      int[][] small = {{30, 100}, {30, 110}, {30, 120}, {40, 160}, {40, 180}};
      for (int[] c : small) {
        for (long seed = 1; seed <= 2; seed++) {
          pathRow(new ProblemSpec(Kind.COMPLETION, c[0], c[1], 2, seed), 1e-6);
        }
      }
      return;
    }
    if (args.length == 1 && args[0].equals("blocks")) {
      int[][] cases = {{30, 100}, {30, 110}, {30, 120}, {40, 160}, {40, 180}, {50, 220}, {50, 235}, {50, 250}};
      for (int[] c : cases) {
        for (long seed = 1; seed <= 4; seed++) {
          Problem p = Problems.build(new ProblemSpec(Kind.COMPLETION, c[0], c[1], 2, seed), 10);
          NuclearNormSolution s = new MinNuclearNormIpm(p.train()).solve(p.y(), MinNuclearNormIpm.DEFAULT_SETTINGS);
          Uniqueness.Verdict v = Uniqueness.test(p.train(), s.x(), s.nu(), s.certificate(), 1e-6);
          System.out.printf(Locale.ROOT, "completion n=%d m=%d rank=2 seed=%d: %d fully observed 3×3 principal blocks; "
                  + "IPM %s in %d iterations, max residual %.1e, ‖ν‖=%.1e; unique=%s rankX=%d rankS=%d (%s)%n", c[0],
              c[1], seed, fullyObservedTriangles((org.mfsweep.problem.EntryOperator) p.train()), s.status(),
              s.iterations(), s.certificate().max(), Netlib.blas.dnrm2(s.nu().length, s.nu(), 1), v.unique(), v.rankX(),
              v.rankS(), v.reason());
          if (Boolean.FALSE.equals(v.unique())) { // the witness: another optimum X + step·D, certified with the same ν
            double[] other = s.x().clone();
            for (int t = 0; t < other.length; t++) {
              other[t] += v.step() * v.direction()[t];
            }
            Certificate w = new MinNuclearNorm(p.train()).certificate(p.y(), other, s.nu());
            System.out.printf(Locale.ROOT, "  second optimum at ‖X′ − X‖_F/‖X‖_F = %.1e, tr X′ − tr X = %.1e: %s%n",
                References.relativeDistance(other, s.x()), trace(other, p.n()) - s.trace(), w);
          }
        }
      }
      return;
    }
    if (args.length >= 5) {
      Kind kind = new Kind(args[0]);
      int n = Integer.parseInt(args[1]);
      int m = Integer.parseInt(args[2]);
      int rank = Integer.parseInt(args[3]);
      for (int a = 4; a < args.length; a++) {
        compare(new ProblemSpec(kind, n, m, rank, Long.parseLong(args[a])));
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
    for (long seed = 1; seed <= 3; seed++) {
      run(new ProblemSpec(Kind.COMPLETION, 100, 2000, 2, seed));
    }
    for (long seed = 1; seed <= 2; seed++) {
      run(new ProblemSpec(Kind.DIAGONAL, 100, 40, 3, seed));
      runLp(new ProblemSpec(Kind.DIAGONAL, 100, 40, 3, seed));
    }
    runLp(new ProblemSpec(Kind.DIAGONAL, 300, 150, 10, 1));
    runL2(200, 600, 1);
    runL2(600, 2000, 1);
    largeCompletion();
  }

  static void runLp(ProblemSpec spec) {
    Problem p = Problems.build(spec, 1);
    long start = System.nanoTime();
    MinL1NonNegative solver = MinL1NonNegative.ofDiagonal(p.train());
    double setup = (System.nanoTime() - start) * 1e-9;
    L1Solution s = solver.solve(p.y(), MinL1NonNegative.DEFAULT_SETTINGS);
    System.out.printf(Locale.ROOT, "LP %s n=%d m=%d rank=%d seed=%d: %s iterations=%d solve=%.3fs setup=%.3fs Σx=%.12f "
            + "‖x*‖₁=%.12f %s%n", spec.kind().configName(), spec.n(), spec.m(), spec.rank(), spec.seed(), s.status(),
        s.iterations(), s.seconds(), setup, s.sum(), p.truthNuclearNorm(), s.certificate());
  }

  static void runL2(int m, int n, long seed) {
    java.util.Random rng = new java.util.Random(seed);
    double[] a = new double[m * n];
    for (int t = 0; t < a.length; t++) {
      a[t] = rng.nextGaussian();
    }
    double[] y = new double[m];
    for (int i = 0; i < m; i++) {
      y[i] = rng.nextGaussian();
    }
    MinL2Norm solver = new MinL2Norm(m, n, a);
    L2Solution s = solver.solve(y);
    System.out.printf(Locale.ROOT, "L2 gaussian m=%d n=%d: factor=%.3fs solve=%.4fs %s%n", m, n, solver.factorSeconds(),
        s.seconds(), s.certificate());
  }

  /** Completion n = 1000, m = 10 000: set-up and the cost of a few iterations (not run to convergence). */
  static void largeCompletion() {
    Problem p = Problems.build(new ProblemSpec(Kind.COMPLETION, 1000, 10_000, 5, 1), 1);
    MinNuclearNorm solver = new MinNuclearNorm(p.train());
    int iterations = 5;
    NuclearNormSolution s = solver.solve(p.y(), new Settings(1e-6, iterations));
    System.out.printf(Locale.ROOT, "completion n=1000 m=10000 rank=5: setup=%.3fs, %d iterations + final certificate "
        + "in %.3fs; %s%n", solver.setupSeconds(), s.iterations(), s.seconds(), s.certificate());
  }

  static void run(ProblemSpec spec) {
    Problem p = Problems.build(spec, 10);
    MinNuclearNorm solver = new MinNuclearNorm(p.train());
    print(spec, p, solver.solve(p.y(), MinNuclearNorm.DEFAULT_SETTINGS), solver.setupSeconds());
  }

  /**
   * ADMM against the interior-point method on the cases of issue 9 (about 7 minutes, most of it ADMM
   * running out of iterations on completion): sensing n = 50, m = 50…300 and n = 100, m = 600;
   * completion n = 30…50 at and below the recovery threshold. Argument {@code ipm}.
   */
  static void comparison() {
    for (int m = 50; m <= 300; m += 50) {
      compare(new ProblemSpec(Kind.SENSING, 50, m, 2, 1));
    }
    for (long seed = 1; seed <= 2; seed++) {
      compare(new ProblemSpec(Kind.SENSING, 100, 600, 2, seed));
    }
    int[][] completion = {{30, 100}, {30, 110}, {30, 120}, {40, 160}, {40, 180}, {50, 220}, {50, 235}, {50, 250}};
    for (int[] c : completion) {
      for (long seed = 1; seed <= 2; seed++) {
        compare(new ProblemSpec(Kind.COMPLETION, c[0], c[1], 2, seed));
      }
    }
  }

  /** ADMM, the whole-cone IPM and facial reduction on the three stalled completion instances of issue 9. */
  /** {@link WholeConeLift} on the three facial-reduction instances, one table row each. */
  static void lift() {
    System.out.println("| m | IPM (whole cone) max | FR face-form max | FR pair on the whole cone: dual / compl | lift: primal | cone | dual | compl | gap"
        + " | max | status | ‖ν′‖ | tr X′ − tr X(FR) | FR s | lift s |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (int m : new int[] {220, 235, 250}) {
      Problem p = Problems.build(new ProblemSpec(Kind.COMPLETION, 50, m, 2, 2), 10);
      org.mfsweep.problem.EntryOperator op = (org.mfsweep.problem.EntryOperator) p.train();
      NuclearNormSolution whole = new MinNuclearNormIpm(op).solve(p.y(), MinNuclearNormIpm.DEFAULT_SETTINGS);
      NuclearNormSolution s = FacialReduction.solve(op, p.y(), MinNuclearNormIpm.DEFAULT_SETTINGS);
      NuclearNormSolution l = WholeConeLift.solve(op, p.y(), s, MinNuclearNormIpm.DEFAULT_SETTINGS);
      Certificate c = l.certificate();
      System.out.printf(Locale.ROOT, "| %d | %.1e | %.1e | %.1e / %.1e | %.1e | %.1e | %.1e | %.1e | %.1e | **%.1e** | %s | %.1e | %+.1e | %.2f | %.2f |%n",
          m, whole.certificate().max(), s.certificate().max(), s.face().wholeCone().dualInfeasibility(),
          s.face().wholeCone().complementarity(), c.primalResidual(), c.coneViolation(), c.dualInfeasibility(),
          c.complementarity(), c.dualityGap(), c.max(), l.status(), Netlib.blas.dnrm2(l.nu().length, l.nu(), 1),
          l.trace() - s.trace(), s.seconds(), l.seconds() - s.seconds());
    }
  }

  static void facial() {
    for (int m : new int[] {220, 235, 250}) {
      ProblemSpec spec = new ProblemSpec(Kind.COMPLETION, 50, m, 2, 2);
      run(spec);
      Problem p = Problems.build(spec, 10);
      MinNuclearNormIpm ipm = new MinNuclearNormIpm(p.train());
      NuclearNormSolution whole = ipm.solve(p.y(), MinNuclearNormIpm.DEFAULT_SETTINGS);
      print(spec, p, whole, ipm.setupSeconds());
      System.out.printf(Locale.ROOT, "  ‖ν‖=%.1e%n", Netlib.blas.dnrm2(whole.nu().length, whole.nu(), 1));
      NuclearNormSolution s = FacialReduction.solve((org.mfsweep.problem.EntryOperator) p.train(), p.y(),
          MinNuclearNormIpm.DEFAULT_SETTINGS);
      print(spec, p, s, 0);
      FacialReduction.Face face = s.face();
      Uniqueness.Verdict v = FacialReduction.uniqueness(p.train(), s, 1e-6);
      System.out.printf(Locale.ROOT, "  face k=%d (steps %d), blocks %d, support %d vertices, leak=%.1e, optimality loss=%.1e, ‖ν‖=%.1e, "
              + "tr X − tr X(whole cone IPM) = %+.1e; unique=%s (%s)%n  whole-cone form of the same pair: %s%n",
          face.dimension(), face.steps().size(), face.blocks().size(), face.support().length, face.leak(), face.optimalityLoss(),
          Netlib.blas.dnrm2(s.nu().length, s.nu(), 1), s.trace() - whole.trace(), v.unique(), v.reason(),
          face.wholeCone());
    }
  }

  static void pathHeader() {
    System.out.println("| problem | IPM without compression | IPM with it | the fallback ADMM at the full 50 000 "
        + "| entry point: its attempts | returned: method, status, max residual |");
    System.out.println("|---|---|---|---|---|---|");
  }

  /**
   * One problem through the reference's two versions, at the given tolerance and the default
   * reference.max-iterations (50 000): the interior-point method without and with the compression
   * to the slack's kernel; then {@link NuclearNormReference#solve} (its attempts), and, when it ran
   * ADMM, ADMM again at the full 50 000 iterations (the budget before {@link NuclearNormReference#fallbackIterations}),
   * with the entry point's total had it run that instead.
   */
  static void pathRow(ProblemSpec spec, double tolerance) {
    Problem p = Problems.build(spec, 1);
    int budget = 50_000;
    Settings ipmSettings = new Settings(tolerance, MinNuclearNormIpm.DEFAULT_SETTINGS.maxIterations());
    NuclearNormSolution raw = new MinNuclearNormIpm(p.train()).solve(p.y(), ipmSettings, false);
    java.util.List<NuclearNormSolution> attempts = new java.util.ArrayList<>();
    long start = System.nanoTime();
    NuclearNormSolution now = NuclearNormReference.solve(p.train(), p.y(), new Settings(tolerance, budget), attempts);
    double nowSeconds = (System.nanoTime() - start) * 1e-9;
    NuclearNormSolution ipm = attempts.get(0);
    String before;
    NuclearNormSolution admm = attempts.get(attempts.size() - 1);
    if (admm.method() == NuclearNormSolution.Method.ADMM) {
      NuclearNormSolution old = new MinNuclearNorm(p.train()).solve(p.y(), new Settings(tolerance, budget));
      double others = nowSeconds - admm.seconds();
      before = String.format(Locale.ROOT, "ADMM %s %d it %.2f s max %.1e; total %.2f s", old.status(), old.iterations(),
          old.seconds(), old.certificate().max(), others + old.seconds());
    } else {
      before = "not run";
    }
    StringBuilder path = new StringBuilder();
    for (NuclearNormSolution a : attempts) {
      path.append(path.length() == 0 ? "" : "; ").append(String.format(Locale.ROOT, "%s %s %d it %.2f s max %.1e",
          a.method(), a.status(), a.iterations(), a.seconds(), a.certificate().max()));
    }
    String name = spec.kind().configName() + " n=" + spec.n() + " m=" + spec.m() + " seed " + spec.seed()
        + (spec.sampling() == Sampling.POWER_LAW ? " power-law " + spec.exponent() : " uniform");
    System.out.printf(Locale.ROOT, "| %s | %s %d it %.2f s max %.1e | %s %d it max %.1e | %s | %s; total %.2f s | %s %s %.1e |%n",
        name, raw.status(), raw.iterations(), raw.seconds(), raw.certificate().max(), ipm.status(), ipm.iterations(),
        ipm.certificate().max(), before, path, nowSeconds, now.method(), now.status(), now.certificate().max());
  }

  static double trace(double[] x, int n) {
    double t = 0;
    for (int j = 0; j < n; j++) {
      t += x[j + j * n];
    }
    return t;
  }

  /**
   * Principal 3 × 3 blocks whose six entries are all observed. Such a block of a rank-2 truth is
   * singular, so no feasible X is positive definite: the SDP has no interior point.
   */
  static int fullyObservedTriangles(org.mfsweep.problem.EntryOperator op) {
    int n = op.n();
    boolean[] seen = new boolean[n * n];
    for (int i = 0; i < op.m(); i++) {
      int j = op.index(i) % n;
      int k = op.index(i) / n;
      seen[j + k * n] = true;
      seen[k + j * n] = true;
    }
    int count = 0;
    for (int a = 0; a < n; a++) {
      for (int b = a + 1; b < n; b++) {
        for (int c = b + 1; c < n; c++) {
          if (seen[a + a * n] && seen[b + b * n] && seen[c + c * n] && seen[a + b * n] && seen[b + c * n]
              && seen[a + c * n]) {
            count++;
          }
        }
      }
    }
    return count;
  }

  /** The same problem by ADMM and by the interior-point method, one line each, and the IPM pair's uniqueness verdict. */
  static void compare(ProblemSpec spec) {
    run(spec);
    Problem p = Problems.build(spec, 10);
    MinNuclearNormIpm ipm = new MinNuclearNormIpm(p.train());
    NuclearNormSolution s = ipm.solve(p.y(), MinNuclearNormIpm.DEFAULT_SETTINGS);
    print(spec, p, s, ipm.setupSeconds());
    Uniqueness.Verdict v = Uniqueness.test(p.train(), s.x(), s.nu(), s.certificate(), 1e-6);
    System.out.printf(Locale.ROOT, "  ‖ν‖=%.1e unique=%s rankX=%d rankS=%d injectivity=%.1e (%s)%n",
        Netlib.blas.dnrm2(s.nu().length, s.nu(), 1), v.unique(), v.rankX(), v.rankS(), v.injectivity(), v.reason());
  }

  static void print(ProblemSpec spec, Problem p, NuclearNormSolution s, double setupSeconds) {
    Certificate c = s.certificate();
    double err = 0;
    for (int t = 0; t < s.x().length; t++) {
      err += (s.x()[t] - p.truth()[t]) * (s.x()[t] - p.truth()[t]);
    }
    System.out.printf(Locale.ROOT,
        "%s %s n=%d m=%d rank=%d seed=%d: %s iterations=%d solve=%.3fs setup=%.3fs trX=%.9f trX*=%.9f ‖X−X*‖_F=%.2e "
            + "primal=%.1e cone=%.1e dual=%.1e compl=%.1e gap=%.1e%n",
        s.method(), spec.kind().configName(), spec.n(), spec.m(), spec.rank(), spec.seed(), s.status(), s.iterations(),
        s.seconds(), setupSeconds, s.trace(), p.truthNuclearNorm(), Math.sqrt(err), c.primalResidual(), c.coneViolation(),
        c.dualInfeasibility(), c.complementarity(), c.dualityGap());
  }
}
