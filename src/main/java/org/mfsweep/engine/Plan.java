package org.mfsweep.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.mfsweep.optim.AsymmetricObjective;
import org.mfsweep.optim.Optimizers;
import org.mfsweep.problem.Kinds;
import org.mfsweep.problem.ProblemKind;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.spec.RunSpec;
import org.mfsweep.sweep.ProblemRuns;
import org.mfsweep.sweep.SweepSpec;

/**
 * How a sweep's runs become tasks, sized by cost so that every task slot stays busy to the end.
 *
 * <p>A run's cost is its worst case, {@link #iterationFlops} × max-iterations; a task's cost adds
 * one {@link #buildCost} of its problem. With C the sweep's total and S the task slots, no task should
 * cost more than C / (S·{@link #TASKS_PER_SLOT}): a problem whose runs cost more is split into that
 * many tasks of about equal cost (each builds the problem again, so a problem is never split into
 * tasks whose runs cost less than its build). Within a task runs are ordered by factorization,
 * depth and width (symmetric runs first, as the enum lists them), so that
 * {@link org.mfsweep.optim.GradientDescent} batches them. Tasks are then ordered by decreasing
 * cost, as Spark hands out partitions in order: the longest-processing-time-first rule, which leaves
 * only the cheapest tasks for the end.
 *
 * <p>On one JVM (local mode: every task a thread of the driver) the tasks share its
 * {@link ProblemCache}, so a problem is built once however many tasks it is split into: its build
 * is counted once (in its first task), and a problem is split by the cost of its runs alone.
 *
 * @param costs each task's estimated flops, in task order (non-increasing)
 * @param worstCaseFlops the sum of costs: every run to max-iterations, plus each task's build
 * @param runCosts worst-case flops of each problem's runs (without its build), in the sweep's problem order
 */
public record Plan(List<Task> tasks, List<Double> costs, int problems, int runs, double worstCaseFlops,
                   double[] runCosts) {
  public static final int TASKS_PER_SLOT = 4;

  public Plan {
    tasks = List.copyOf(tasks);
    costs = List.copyOf(costs);
  }

  /** Worst-case flops of one run: every iteration to max-iterations. */
  public static double runCost(RunSpec r) {
    return iterationFlops(r) * r.settings().maxIterations();
  }

  /**
   * Flops of one iteration of the run: its kind's gradient step (for X = W_N ⋯ W_1, the step of its
   * depth and width on the problem's operator), as its optimizer uses it.
   */
  public static double iterationFlops(RunSpec r) {
    // runs of one block share their problem and optimizer objects: the last answer is kept by
    // identity (an immutable record, so a race between threads at worst recomputes), which spares
    // the registries' lookups for each of the 10⁷ runs plan walks
    LastFlops last = lastFlops;
    if (last != null && last.problem == r.problem() && last.optimizer == r.optimizer() && last.width == r.width()
        && last.factorization == r.factorization() && last.depth == r.depth()) {
      return last.flops;
    }
    double f = computeIterationFlops(r);
    lastFlops = new LastFlops(r.problem(), r.optimizer(), r.width(), r.factorization(), r.depth(), f);
    return f;
  }

  private record LastFlops(ProblemSpec problem, org.mfsweep.spec.OptimizerSpec optimizer, int width,
                           org.mfsweep.spec.Factorization factorization, int depth, double flops) {}

  private static volatile LastFlops lastFlops;

  private record LastBuild(ProblemSpec problem, int testSize, double flops) {}

  private static volatile LastBuild lastBuild;

  private static double computeIterationFlops(RunSpec r) {
    ProblemKind kind = Kinds.of(r.problem().kind());
    ProblemSpec p = r.problem();
    double step = r.asymmetric()
        ? AsymmetricObjective.iterationFlops(p.rows(), p.cols(), r.width(), r.depth(), kind.applyFlops(p))
        : kind.stepFlops(p, r.width());
    return Optimizers.of(r.optimizer().name()).iterationFlops(r, step);
  }

  /** Flop-equivalents of building the problem. */
  public static double buildCost(ProblemSpec p, int testSize) {
    LastBuild last = lastBuild;
    if (last != null && last.problem == p && last.testSize == testSize) {
      return last.flops;
    }
    double f = Kinds.of(p.kind()).buildFlops(p, testSize);
    lastBuild = new LastBuild(p, testSize, f);
    return f;
  }

  /** The plan for tasks on separate JVMs (a cluster): each task counts its own build. */
  public static Plan of(SweepSpec sweep, int slots) {
    return of(sweep, slots, false);
  }

  /**
   * Streams over the sweep's problems twice and holds no RunSpec: the first pass sums the costs (a
   * run's cost does not depend on its start, α or η, so a problem's is a sum over its blocks and
   * optimizer settings), the second cuts the problems whose runs cost more than their share,
   * expanding only those.
   *
   * @param oneJvm whether every task runs in one JVM (local mode), sharing its problem cache, so
   *     that a problem split into several tasks is built once
   */
  public static Plan of(SweepSpec sweep, int slots, boolean oneJvm) {
    List<ProblemRuns> groups = sweep.groups();
    int testSize = sweep.settings().testSize();
    double[] runCosts = new double[groups.size()];
    double total = 0;
    for (int g = 0; g < groups.size(); g++) {
      runCosts[g] = groups.get(g).totalCost(Plan::runCost); // once per block and optimizer setting
      total += buildCost(groups.get(g).problem(), testSize) + runCosts[g];
    }
    double target = total / (Math.max(1, slots) * TASKS_PER_SLOT);

    record Piece(ProblemRuns runs, int from, int to, double cost, int order) {}
    List<Piece> pieces = new ArrayList<>();
    for (int g = 0; g < groups.size(); g++) {
      ProblemRuns runs = groups.get(g);
      double build = buildCost(runs.problem(), testSize);
      double runsCost = runCosts[g];
      int size = runs.size();
      int split = (int) Math.ceil((build + runsCost) / target);
      if (!oneJvm) { // each further task builds again: never for runs cheaper than the build
        split = Math.min(split, (int) Math.floor(runsCost / Math.max(build, Double.MIN_VALUE)));
      }
      split = Math.max(1, Math.min(split, size));
      if (split == 1) {
        pieces.add(new Piece(runs, 0, size, build + runsCost, pieces.size()));
        continue;
      }
      // cut, in batch order, where the running cost passes each multiple of runsCost / split
      double share = runsCost / split;
      int nPieces = split;
      double[] state = new double[2]; // running cost, cost of the piece being cut
      int[] at = new int[3]; // index, start of the piece, pieces made
      runs.forEachInBatchOrder(r -> {
        double c = runCost(r);
        state[0] += c;
        state[1] += c;
        int i = at[0]++;
        boolean reached = at[2] < nPieces - 1 && state[0] >= share * (at[2] + 1) * (1 - 1e-12);
        if (reached || i == size - 1) {
          double built = oneJvm && at[2] > 0 ? 0 : build; // on one JVM the first task's build serves the others
          pieces.add(new Piece(runs, at[1], i + 1, built + state[1], pieces.size()));
          at[2]++;
          at[1] = i + 1;
          state[1] = 0;
        }
      });
    }
    // longest first; ties keep the order of the grid
    pieces.sort(Comparator.comparingDouble(Piece::cost).reversed().thenComparingInt(Piece::order));
    List<Task> tasks = new ArrayList<>(pieces.size());
    List<Double> costs = new ArrayList<>(pieces.size());
    double flops = 0;
    for (Piece p : pieces) {
      tasks.add(new Task(tasks.size(), p.runs(), p.from(), p.to()));
      costs.add(p.cost());
      flops += p.cost();
    }
    return new Plan(tasks, costs, groups.size(), sweep.runCount(), flops, runCosts);
  }
}
