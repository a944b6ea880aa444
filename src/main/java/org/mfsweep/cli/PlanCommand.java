package org.mfsweep.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mfsweep.engine.Plan;
import org.mfsweep.linalg.Netlib;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.sweep.ProblemRuns;
import org.mfsweep.sweep.SweepFiles;
import org.mfsweep.sweep.SweepSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code plan JOB.conf}: counts and a cost estimate; starts no Spark job. */
@Command(name = "plan", mixinStandardHelpOptions = true,
    description = "Check a sweep file and print its problems, runs and a rough cost, without running it.")
final class PlanCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "JOB.conf", description = "the sweep file (HOCON)")
  Path job;

  @Option(names = "--set", paramLabel = "path=value", description = "override a key of the sweep file")
  List<String> sets = new ArrayList<>();

  @Option(names = "--cores", paramLabel = "N", description = "task slots to plan for (default: this machine's cores)")
  int cores = Runtime.getRuntime().availableProcessors();

  @Override public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    SweepSpec sweep = SweepFiles.load(job, sets, null);
    Plan plan = Plan.of(sweep, cores);
    out.printf("sweep     %s (%s)%noutput    %s%nproblems  %d%nruns      %d%s%ntasks     %d for %d task slots%n",
        sweep.name(), sweep.source(), sweep.output(), plan.problems(), plan.runs(),
        sweep.duplicatesMerged() > 0 ? "  (" + sweep.duplicatesMerged() + " repeated grid points merged)" : "",
        plan.tasks().size(), cores);

    Map<String, long[]> groups = new LinkedHashMap<>();
    Map<String, Double> flops = new LinkedHashMap<>();
    for (int g = 0; g < sweep.groups().size(); g++) { // problems are distinct: one row counts each once
      ProblemRuns runs = sweep.groups().get(g);
      ProblemSpec p = runs.problem();
      // a general problem shows its shape rows×cols in the n column
      String key = String.format("%-11s %6s %8d %5d", p.kind().configName(),
          p.general() ? p.rows() + "×" + p.cols() : Integer.toString(p.n()), p.m(), p.rank());
      long[] c = groups.computeIfAbsent(key, k -> new long[2]);
      c[0]++;
      c[1] += runs.size();
      flops.merge(key, plan.runCosts()[g], Double::sum);
    }
    out.printf("%n%-11s %6s %8s %5s %9s %7s %14s%n", "kind", "n", "m", "rank", "problems", "runs", "≤ GFLOP");
    for (Map.Entry<String, long[]> e : groups.entrySet()) {
      out.printf("%s %9d %7d %14.3g%n", e.getKey(), e.getValue()[0], e.getValue()[1], flops.get(e.getKey()) / 1e9);
    }
    double rate = org.mfsweep.engine.FlopRate.measure();
    double coreSeconds = plan.worstCaseFlops() / rate;
    out.printf("%nworst case (every run to max-iterations = %d): %.3g GFLOP ≈ %s on %d cores%n",
        sweep.settings().maxIterations(), plan.worstCaseFlops() / 1e9, duration(coreSeconds / cores), cores);
    out.printf("at %.1f GFLOP/s per core (dgemm of a batch of 8 runs' operator products on %s, measured just now);"
        + " runs that converge earlier cost less.%n", rate / 1e9, Netlib.implementation().summary());
    if (!plan.costs().isEmpty()) {
      out.printf("tasks by cost, longest first: largest %.3g GFLOP, smallest %.3g GFLOP%n", plan.costs().get(0) / 1e9,
          plan.costs().get(plan.costs().size() - 1) / 1e9);
    }
    return Main.OK;
  }

  static String duration(double seconds) {
    if (seconds < 120) {
      return String.format("%.1f s", seconds);
    }
    if (seconds < 7200) {
      return String.format("%.1f min", seconds / 60);
    }
    return String.format("%.1f h", seconds / 3600);
  }
}
