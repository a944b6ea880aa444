package org.mfsweep.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mfsweep.optim.Cost;
import org.mfsweep.sweep.ProblemSpec;
import org.mfsweep.sweep.RunSpec;
import org.mfsweep.sweep.SweepSpec;

/**
 * How a sweep's runs become tasks. Runs are grouped by problem; a problem with many runs is split
 * into several tasks (each builds the problem again, which costs little next to the runs) so that
 * there are about {@link #TASKS_PER_SLOT} tasks per task slot and slots stay busy to the end.
 */
public record Plan(List<Task> tasks, int problems, int runs, double worstCaseFlops) {
  public static final int TASKS_PER_SLOT = 4;

  public static Plan of(SweepSpec sweep, int slots) {
    Map<ProblemSpec, List<RunSpec>> groups = sweep.runsByProblem();
    int total = sweep.runs().size();
    int chunk = Math.max(1, (int) Math.ceil(total / (double) (Math.max(1, slots) * TASKS_PER_SLOT)));
    List<Task> tasks = new ArrayList<>();
    double flops = 0;
    for (Map.Entry<ProblemSpec, List<RunSpec>> g : groups.entrySet()) {
      List<RunSpec> runs = g.getValue();
      for (int from = 0; from < runs.size(); from += chunk) {
        tasks.add(new Task(tasks.size(), g.getKey(), runs.subList(from, Math.min(runs.size(), from + chunk))));
        flops += Cost.build(g.getKey(), sweep.settings().testSize());
      }
      for (RunSpec r : runs) {
        flops += Cost.perIteration(r.problem(), r.width()) * r.settings().maxIterations();
      }
    }
    return new Plan(tasks, groups.size(), total, flops);
  }
}
