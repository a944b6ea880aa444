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
 * tasks whose runs cost less than its build), cut only between whole batches ({@link BatchBoundaries}):
 * a run's numbers then do not depend on the slots. Within a task runs are ordered by factorization,
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

  /**
   * Worst-case flops of a batch: runs step together only while their batch stays below this
   * (10¹¹ flops, seconds of one core), so that the runs of one problem that are long enough to
   * matter can go to several task slots, while short ones batch up to their capacity.
   */
  public static final double BATCH_FLOPS = 1e11;

  /**
   * How many runs of this run's optimizer and shape on its problem step together: the solver's
   * capacity ({@link org.mfsweep.optim.Optimizer#batchCapacity}), fewer when their worst case would
   * pass {@link #BATCH_FLOPS}. A function of the run's spec alone, so a run's batch partners do not
   * depend on the machine: the plan cuts tasks only between such batches ({@link BatchBoundaries})
   * and the task executor steps them in batches of this size.
   */
  public static int batchSize(RunSpec r) {
    int capacity = Optimizers.of(r.optimizer().name()).batchCapacity(r);
    if (capacity <= 1) {
      return 1;
    }
    double perBatch = Math.floor(BATCH_FLOPS / Math.max(1.0, runCost(r)));
    return (int) Math.max(1, Math.min(capacity, perBatch));
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
      // cut, in batch order, at the first batch boundary after the running cost passes each
      // multiple of runsCost / split
      double share = runsCost / split;
      int nPieces = split;
      double[] state = new double[2]; // running cost, cost of the piece being cut
      int[] at = new int[3]; // index, start of the piece, pieces made
      BatchBoundaries boundaries = new BatchBoundaries();
      runs.forEachInBatchOrder(r -> {
        double c = runCost(r);
        state[0] += c;
        state[1] += c;
        int i = at[0]++;
        boolean whole = boundaries.add(r);
        boolean reached = at[2] < nPieces - 1 && state[0] >= share * (at[2] + 1) * (1 - 1e-12);
        if ((reached && whole) || i == size - 1) {
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

  /**
   * Follows a problem's runs in batch order and tells after each whether every batch so far is
   * whole. The task executor hands a task's runs to each optimizer's solver, which steps those of one
   * shape together in batches of {@link #batchSize} in their order; a
   * batch's runs share BLAS calls (one dgemm for the batch, a dgemv for one run) whose rounding depends
   * on who is in it. Cutting only where every (optimizer, shape) has a multiple of its capacity
   * behind it, each run steps with the same partners however the problem is cut: the numbers do not
   * depend on the task slots, local mode or a cluster.
   */
  static final class BatchBoundaries {
    private record Key(String optimizer, org.mfsweep.spec.Factorization factorization, int depth, int width) {}

    private final java.util.Map<Key, int[]> seen = new java.util.HashMap<>();
    private int open = 0; // keys whose count is not a multiple of their capacity
    private RunSpec last;
    private Key lastKey;
    private int lastCapacity;

    /** Counts the run; true when, with it, every batch is whole (a task may end after it). */
    boolean add(RunSpec r) {
      Key key;
      int capacity;
      if (last != null && last.problem() == r.problem() && last.optimizer() == r.optimizer()
          && last.settings() == r.settings() && last.factorization() == r.factorization() && last.depth() == r.depth()
          && last.width() == r.width()) {
        key = lastKey;
        capacity = lastCapacity;
      } else {
        key = new Key(r.optimizer().name(), r.factorization(), r.depth(), r.width());
        capacity = batchSize(r);
        last = r;
        lastKey = key;
        lastCapacity = capacity;
      }
      if (capacity <= 1) {
        return open == 0;
      }
      int[] count = seen.computeIfAbsent(key, k -> new int[1]);
      int before = count[0]++ % capacity;
      if (before == 0) {
        open++;
      }
      if (count[0] % capacity == 0) {
        open--;
      }
      return open == 0;
    }
  }
}
