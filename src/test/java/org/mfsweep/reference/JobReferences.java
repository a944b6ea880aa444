package org.mfsweep.reference;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.mfsweep.linalg.Netlib;
import org.mfsweep.problem.BuiltProblem;
import org.mfsweep.problem.GeneralProblem;
import org.mfsweep.problem.Kinds;
import org.mfsweep.problem.Problem;
import org.mfsweep.problem.ProblemKind;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.spec.ReferenceKind;
import org.mfsweep.spec.ReferenceResult;
import org.mfsweep.spec.ReferenceSettings;
import org.mfsweep.sweep.ProblemRuns;
import org.mfsweep.sweep.SweepFiles;
import org.mfsweep.sweep.SweepSpec;

/**
 * The nuclear-norm references of a sweep file as the engine computes them ({@link NuclearNormReference}
 * at the file's reference.tolerance and max-iterations), with each method the entry point ran: one
 * line per problem (method, status, iterations, seconds and largest residual of each attempt, then
 * what is returned) and a count per file. General (lifted) problems go through {@link References#compute}.
 * A program, not a test. Argument: a sweep file (relative paths in it are read from the working
 * directory). Command as in {@link ReferenceBench}, with this class.
 */
public final class JobReferences {
  private JobReferences() {}

  public static void main(String[] args) {
    SweepSpec sweep = SweepFiles.load(Path.of(args[0]), List.of(), null);
    ReferenceSettings rs = sweep.reference();
    Settings settings = new Settings(rs.tolerance(), rs.maxIterations());
    double total = 0;
    int problems = 0;
    int certified = 0;
    int[] byPath = new int[5]; // IPM, FR, the lift of FR's pair, ADMM after them, ADMM first
    System.out.printf(Locale.ROOT, "%s: %d problems, reference tolerance %.0e, max-iterations %d%n", args[0],
        sweep.problemCount(), rs.tolerance(), rs.maxIterations());
    for (ProblemRuns g : sweep.groups()) {
      ProblemSpec spec = g.problem();
      ProblemKind kind = Kinds.of(spec.kind());
      if (kind.reference() != ReferenceKind.NUCLEAR) {
        continue;
      }
      problems++;
      BuiltProblem built = sweep.data() != null ? kind.build(spec, sweep.data()) : kind.build(spec, 1);
      String name = spec.kind().configName() + " n=" + spec.n() + " m=" + spec.m() + " r=" + spec.rank() + " seed="
          + spec.seed() + " " + spec.sampling() + (spec.exponent() != 0 ? " " + spec.exponent() : "")
          + (spec.pattern() >= 0 ? " pattern=" + spec.pattern() : "");
      if (built instanceof GeneralProblem) {
        ReferenceResult r = References.compute(spec, rs, sweep.data());
        certified += "CONVERGED".equals(r.status()) ? 1 : 0;
        System.out.printf(Locale.ROOT, "%s: lifted %s %s%n", name, r.method(), r.status());
        continue;
      }
      Problem p = (Problem) built;
      StringBuilder line = new StringBuilder(name).append(':');
      java.util.List<NuclearNormSolution> attempts = new java.util.ArrayList<>();
      long t = System.nanoTime();
      NuclearNormSolution s = NuclearNormReference.solve(p.train(), p.y(), settings, attempts);
      double seconds = (System.nanoTime() - t) * 1e-9;
      for (NuclearNormSolution a : attempts) {
        line.append(String.format(Locale.ROOT, " %s %s %d it %.2fs max %.1e%s |", a.method(), a.status(),
            a.iterations(), a.seconds(), a.certificate().max(), a.face() == null ? ""
                : String.format(Locale.ROOT, " k=%d loss %.1e", a.face().dimension(), a.face().optimalityLoss())));
      }
      line.append(String.format(Locale.ROOT, " → %s %s in %.2fs, max %.1e, ‖ν‖ %.1e", s.method(), s.status(), seconds,
          s.certificate().max(), Netlib.blas.dnrm2(s.nu().length, s.nu(), 1)));
      boolean done = s.status() == Status.CONVERGED;
      if (done) {
        int path = !NuclearNormReference.interiorPointFirst(p.train()) ? 4 : switch (s.method()) {
          case IPM -> 0;
          case FACIAL_IPM -> 1;
          case FACIAL_LIFT -> 2;
          default -> 3;
        };
        byPath[path]++;
      }
      total += seconds;
      certified += done ? 1 : 0;
      System.out.println(line);
    }
    System.out.printf(Locale.ROOT, "%s: %d of %d nuclear references certified (IPM %d, FR %d, FR lifted %d, ADMM after "
        + "them %d, ADMM first or IPM after it %d); %.1f s in the entry point%n", args[0], certified, problems, byPath[0],
        byPath[1], byPath[2], byPath[3], byPath[4], total);
  }
}
