package org.mfsweep.sweep;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.mfsweep.spec.Factorization;
import org.mfsweep.spec.Init;
import org.mfsweep.spec.OptimizerSpec;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.spec.RunSettings;
import org.mfsweep.spec.RunSpec;

/**
 * The runs of one problem, without holding them: a grid of blocks, each block one (factorization,
 * depth, width) with the product init × alpha × (optimizer × eta × settings) inside it, every list
 * free of repeats. Expanding it gives exactly the distinct run_ids of the nested grid loops, in the
 * order of their first appearance (merging equal siblings of a tree whose equal siblings have equal
 * subtrees keeps first-appearance order). A sweep of 10⁷ runs is then a few thousand of these.
 *
 * <p>{@link #of(ProblemSpec, List)} wraps an explicit list instead (a wave, the runs left to compute).
 */
public abstract sealed class ProblemRuns implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The problem every run is on. */
  public abstract ProblemSpec problem();

  /** How many runs (all distinct). */
  public abstract int size();

  /** Every run in grid order. */
  public abstract void forEach(Consumer<RunSpec> action);

  /**
   * Runs [from, to) of the batch order: the grid order stably sorted by factorization, depth and
   * width, so that runs a solver may batch are adjacent.
   */
  public abstract List<RunSpec> batchSlice(int from, int to);

  /** Every run in batch order (see {@link #batchSlice}). */
  public abstract void forEachInBatchOrder(Consumer<RunSpec> action);

  /**
   * The sum of cost over the runs, for a cost that does not depend on a run's start, α or η (as
   * {@code engine.Plan.runCost}: the problem, factorization, depth, width and optimizer settings
   * fix it): a grid evaluates it once per block and optimizer setting, not once per run.
   */
  public abstract double totalCost(java.util.function.ToDoubleFunction<RunSpec> cost);

  /**
   * For each set of runs that differ only in start, α and η (so share a cost: the problem,
   * factorization, depth, width and optimizer settings), in grid order: its first run of the
   * smallest η, and how many runs the set has. A grid gives one per block and optimizer setting, not
   * one per run; a listed problem gives each run with count 1.
   */
  public abstract void forEachCostRepresentative(java.util.function.ObjIntConsumer<RunSpec> action);

  /** Every run in grid order, as a list (for small sweeps and tests). */
  public List<RunSpec> list() {
    List<RunSpec> out = new ArrayList<>(size());
    forEach(out::add);
    return out;
  }

  /** The batch order of {@link #batchSlice}. */
  static final Comparator<RunSpec> BATCH_ORDER = Comparator.comparing(RunSpec::factorization)
      .thenComparingInt(RunSpec::depth).thenComparingInt(RunSpec::width);

  /** An explicit list of runs, all on this problem. */
  public static ProblemRuns of(ProblemSpec problem, List<RunSpec> runs) {
    return new Listed(problem, runs);
  }

  /** One optimizer of a block: its step sizes and its setting combinations, each without repeats. */
  record OptimizerRuns(List<Double> etas, List<OptimizerSpec> specs) implements Serializable {
    OptimizerRuns {
      etas = List.copyOf(etas);
      specs = List.copyOf(specs);
    }

    int size() {
      return etas.size() * specs.size();
    }
  }

  /**
   * One (factorization, depth, width) of a problem and the product inside it; shared by every
   * problem with the same lists (the reader interns them).
   */
  record Block(Factorization factorization, int depth, int width, List<Init> inits, List<Double> alphas,
               List<OptimizerRuns> optimizers) implements Serializable {
    Block {
      inits = List.copyOf(inits);
      alphas = List.copyOf(alphas);
      optimizers = List.copyOf(optimizers);
    }

    int size() {
      int perAlpha = 0;
      for (OptimizerRuns o : optimizers) {
        perAlpha += o.size();
      }
      return inits.size() * alphas.size() * perAlpha;
    }

    double totalCost(ProblemSpec p, RunSettings settings, java.util.function.ToDoubleFunction<RunSpec> cost) {
      if (inits.isEmpty() || alphas.isEmpty()) {
        return 0;
      }
      boolean asymmetric = factorization == Factorization.ASYMMETRIC;
      Init in = inits.get(0);
      double a = alphas.get(0);
      double sum = 0;
      for (OptimizerRuns o : optimizers) {
        if (o.etas().isEmpty()) {
          continue;
        }
        double e = o.etas().get(0);
        for (OptimizerSpec os : o.specs()) {
          RunSpec r = asymmetric ? new RunSpec(p, width, in, a, e, settings, os, factorization, depth)
              : new RunSpec(p, width, in, a, e, settings, os);
          sum += cost.applyAsDouble(r) * o.etas().size();
        }
      }
      return sum * inits.size() * alphas.size();
    }

    void forEachCostRepresentative(ProblemSpec p, RunSettings settings,
                                   java.util.function.ObjIntConsumer<RunSpec> action) {
      if (inits.isEmpty() || alphas.isEmpty()) {
        return;
      }
      boolean asymmetric = factorization == Factorization.ASYMMETRIC;
      Init in = inits.get(0);
      double a = alphas.get(0);
      for (OptimizerRuns o : optimizers) {
        if (o.etas().isEmpty()) {
          continue;
        }
        double smallest = o.etas().get(0); // the first of equals: each η is listed once
        for (double e : o.etas()) {
          smallest = Double.compare(e, smallest) < 0 ? e : smallest;
        }
        int count = inits.size() * alphas.size() * o.etas().size();
        for (OptimizerSpec os : o.specs()) {
          action.accept(asymmetric ? new RunSpec(p, width, in, a, smallest, settings, os, factorization, depth)
              : new RunSpec(p, width, in, a, smallest, settings, os), count);
        }
      }
    }

    void forEach(ProblemSpec p, RunSettings settings, Consumer<RunSpec> action) {
      boolean asymmetric = factorization == Factorization.ASYMMETRIC;
      for (Init in : inits) {
        for (double a : alphas) {
          for (OptimizerRuns o : optimizers) {
            for (double e : o.etas()) {
              for (OptimizerSpec os : o.specs()) {
                action.accept(asymmetric ? new RunSpec(p, width, in, a, e, settings, os, factorization, depth)
                    : new RunSpec(p, width, in, a, e, settings, os));
              }
            }
          }
        }
      }
    }
  }

  /** A problem's grid: blocks in grid order. */
  static final class Grid extends ProblemRuns {
    private static final long serialVersionUID = 1L;
    private final ProblemSpec problem;
    private final RunSettings settings;
    private final List<Block> blocks;
    private final int size;

    Grid(ProblemSpec problem, RunSettings settings, List<Block> blocks) {
      this.problem = problem;
      this.settings = settings;
      this.blocks = List.copyOf(blocks);
      long n = 0;
      for (Block b : this.blocks) {
        n += b.size();
      }
      if (n > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("problem " + problem.id() + " has " + n + " runs, more than an int counts");
      }
      this.size = (int) n;
    }

    @Override public ProblemSpec problem() {
      return problem;
    }

    @Override public int size() {
      return size;
    }

    @Override public void forEach(Consumer<RunSpec> action) {
      for (Block b : blocks) {
        b.forEach(problem, settings, action);
      }
    }

    @Override public void forEachCostRepresentative(java.util.function.ObjIntConsumer<RunSpec> action) {
      for (Block b : blocks) {
        b.forEachCostRepresentative(problem, settings, action);
      }
    }

    @Override public double totalCost(java.util.function.ToDoubleFunction<RunSpec> cost) {
      double sum = 0;
      for (Block b : sorted()) {
        sum += b.totalCost(problem, settings, cost);
      }
      return sum;
    }

    /** Blocks stably sorted by (factorization, depth, width); each key appears once, so this is the batch order. */
    private List<Block> sorted() {
      List<Block> s = new ArrayList<>(blocks);
      s.sort(Comparator.comparing(Block::factorization).thenComparingInt(Block::depth).thenComparingInt(Block::width));
      return s;
    }

    @Override public void forEachInBatchOrder(Consumer<RunSpec> action) {
      for (Block b : sorted()) {
        b.forEach(problem, settings, action);
      }
    }

    @Override public List<RunSpec> batchSlice(int from, int to) {
      checkSlice(from, to, size);
      List<RunSpec> out = new ArrayList<>(to - from);
      int at = 0;
      for (Block b : sorted()) {
        int n = b.size();
        if (at + n > from && at < to) {
          int[] i = {at};
          b.forEach(problem, settings, r -> {
            if (i[0] >= from && i[0] < to) {
              out.add(r);
            }
            i[0]++;
          });
        }
        at += n;
        if (at >= to) {
          break;
        }
      }
      return out;
    }
  }

  /** An explicit list, kept in the given order (batch order: stably sorted). */
  static final class Listed extends ProblemRuns {
    private static final long serialVersionUID = 1L;
    private final ProblemSpec problem;
    private final List<RunSpec> runs;
    private final List<RunSpec> batchOrder;

    Listed(ProblemSpec problem, List<RunSpec> runs) {
      this.problem = problem;
      this.runs = List.copyOf(runs);
      for (RunSpec r : this.runs) {
        if (r.problem() != problem && !r.problem().equals(problem)) { // mostly the same object: no field-by-field compare
          throw new IllegalArgumentException("run on " + r.problem().id() + " listed under problem " + problem.id());
        }
      }
      List<RunSpec> s = new ArrayList<>(this.runs);
      s.sort(BATCH_ORDER);
      this.batchOrder = List.copyOf(s);
    }

    @Override public ProblemSpec problem() {
      return problem;
    }

    @Override public int size() {
      return runs.size();
    }

    @Override public void forEach(Consumer<RunSpec> action) {
      runs.forEach(action);
    }

    @Override public void forEachCostRepresentative(java.util.function.ObjIntConsumer<RunSpec> action) {
      runs.forEach(r -> action.accept(r, 1));
    }

    @Override public double totalCost(java.util.function.ToDoubleFunction<RunSpec> cost) {
      double sum = 0;
      for (RunSpec r : batchOrder) {
        sum += cost.applyAsDouble(r);
      }
      return sum;
    }

    @Override public void forEachInBatchOrder(Consumer<RunSpec> action) {
      batchOrder.forEach(action);
    }

    @Override public List<RunSpec> batchSlice(int from, int to) {
      checkSlice(from, to, runs.size());
      return batchOrder.subList(from, to);
    }

    @Override public List<RunSpec> list() {
      return runs;
    }
  }

  private static void checkSlice(int from, int to, int size) {
    if (from < 0 || to > size || from > to) {
      throw new IndexOutOfBoundsException("slice [" + from + ", " + to + ") of " + size + " runs");
    }
  }
}
