package org.mfsweep.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mfsweep.optim.AsymmetricObjective;
import org.mfsweep.optim.GradientDescent;
import org.mfsweep.problem.BuiltProblem;
import org.mfsweep.problem.GeneralProblem;
import org.mfsweep.problem.Problem;
import org.mfsweep.problem.Problems;
import org.mfsweep.spec.Factorization;
import org.mfsweep.spec.Init;
import org.mfsweep.spec.Kind;
import org.mfsweep.spec.OptimizerSpec;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.spec.RunOutcome;
import org.mfsweep.spec.RunSettings;
import org.mfsweep.spec.RunSpec;

/**
 * {@code bench --cases deep}: the cost of one gd iteration of X = W_N ⋯ W_1 (N = 1, 2, 3) next to
 * X = UUᵀ on the same symmetric problem and batch, per run-iteration, measured in one invocation as
 * (best of a long batch − best of a short batch) / steps, with the flops each does.
 */
final class DeepBench {
  private DeepBench() {}

  static void run(PrintWriter out, List<String> table, int repeats) {
    out.println("deep: gd per run-iteration, X = W_N ⋯ W_1 next to X = UUᵀ on the same problem and batch");
    ProblemSpec[] problems = {new ProblemSpec(Kind.SENSING, 50, 300, 2, 0), new ProblemSpec(Kind.COMPLETION, 100, 2000, 5, 0)};
    int[] batches = {16, 4};
    for (int c = 0; c < problems.length; c++) {
      ProblemSpec ps = problems[c];
      Problem p = Problems.build(ps, 0);
      int n = ps.n();
      int batch = batches[c];
      double symmetric = perIteration(p, ps, Factorization.SYMMETRIC, 2, n, batch, repeats);
      String name = String.format(Locale.ROOT, "deep %s n=%d m=%d, batch of %d", ps.kind(), n, ps.m(), batch);
      out.printf(Locale.ROOT, "%s: UUᵀ %.1f µs per run-iteration%n", name, symmetric * 1e6);
      for (int depth = 1; depth <= 3; depth++) {
        double t = perIteration(p, ps, Factorization.ASYMMETRIC, depth, n, batch, repeats);
        GeneralProblem g = GeneralProblem.of((BuiltProblem) p);
        double flops = AsymmetricObjective.iterationFlops(n, n, n, depth, g.train().applyFlops());
        out.printf(Locale.ROOT, "%s: depth %d %.1f µs per run-iteration (%.2f× UUᵀ), %.3g MFLOP, %.1f GFLOP/s%n", name,
            depth, t * 1e6, t / symmetric, flops / 1e6, flops / t / 1e9);
        table.add(String.format(Locale.ROOT, "%-44s %11.1f µs %11.1f µs %8.2f", name + " N=" + depth + " vs UUᵀ",
            t * 1e6, symmetric * 1e6, t / symmetric));
      }
    }
  }

  private static double perIteration(Problem p, ProblemSpec ps, Factorization f, int depth, int width, int batch,
                                     int repeats) {
    GradientDescent gd = new GradientDescent(p, batch);
    int first = 10;
    int steps = 100;
    timed(gd, ps, f, depth, width, batch, first);
    double shortRun = Double.MAX_VALUE;
    double longRun = Double.MAX_VALUE;
    for (int i = 0; i < repeats; i++) {
      shortRun = Math.min(shortRun, timed(gd, ps, f, depth, width, batch, first));
      longRun = Math.min(longRun, timed(gd, ps, f, depth, width, batch, first + steps));
    }
    return (longRun - shortRun) / steps / batch;
  }

  private static double timed(GradientDescent gd, ProblemSpec ps, Factorization f, int depth, int width, int batch,
                              int iterations) {
    RunSettings s = new RunSettings(iterations, 0, Double.MAX_VALUE, 1e9, 0, 0, 0);
    List<RunSpec> specs = new ArrayList<>();
    for (int k = 0; k < batch; k++) {
      double alpha = Math.pow(10, -1 - 3.0 * k / Math.max(1, batch - 1));
      specs.add(new RunSpec(ps, width, Init.IDENTITY, alpha, 0.05, s, OptimizerSpec.GD, f, depth));
    }
    long t = System.nanoTime();
    List<RunOutcome> done = gd.runBatch(specs);
    double seconds = (System.nanoTime() - t) * 1e-9;
    for (RunOutcome o : done) {
      if (o.iterations() != iterations) {
        throw new IllegalStateException("a timed run stopped early: " + o.status() + " at " + o.iterations());
      }
    }
    return seconds;
  }
}
