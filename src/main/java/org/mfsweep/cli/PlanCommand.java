package org.mfsweep.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mfsweep.engine.Estimate;
import org.mfsweep.engine.Plan;
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
    out.println();
    Estimate.of(sweep, Estimate.Slots.local(cores)).describe(out);
    out.printf("(flops are the kernels' counts, not the bound; runs that converge earlier cost less)%n");
    return Main.OK;
  }
}
