package org.mfsweep.engine;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.mfsweep.spec.RunSpec;
import org.mfsweep.sweep.ProblemRuns;
import org.mfsweep.sweep.SweepSpec;

/**
 * The runs left to compute, cut into waves, streamed from the sweep's problems. A first pass hashes
 * each run_id once (none when the output holds no runs) against the output's {@link RunIds} and
 * keeps one bit per run (1.25 MB per 10⁷ runs) with the counts and worst-case cost that progress
 * needs; the waves are then built one at a time in grid order. A wave ends after {@code maxRuns}
 * runs or once its worst-case flops reach {@code maxFlops}, whichever comes first, so tiny runs go
 * in large waves (few files) and long runs in short ones (little lost to a kill). The driver holds
 * one wave's RunSpecs and one problem's runs at a time.
 */
final class Waves implements Iterable<List<RunSpec>> {
  private final SweepSpec sweep;
  private final RunIds failedBefore;
  private final int maxRuns;
  private final double maxFlops;
  private final BitSet todo;
  private final int count;
  private final int retried;
  private final double budget;
  private final int waves;

  /**
   * @param existing the run_ids in DIR/runs
   * @param failedBefore those of them to compute again (FAILED, with --retry-failed)
   * @param maxFlops worst-case flops after which a wave ends (at least one run per wave)
   */
  Waves(SweepSpec sweep, RunIds existing, RunIds failedBefore, int maxRuns, double maxFlops) {
    this.sweep = sweep;
    this.failedBefore = failedBefore;
    this.maxRuns = Math.max(1, maxRuns);
    this.maxFlops = maxFlops;
    this.todo = new BitSet(sweep.runCount());
    int[] i = {0};
    int[] n = {0};
    int[] again = {0};
    double[] cost = {0};
    int[] cut = {0, 0}; // runs in the wave being cut, waves
    double[] waveCost = {0};
    for (ProblemRuns g : sweep.groups()) {
      g.forEach(r -> {
        int at = i[0]++;
        boolean left;
        if (existing.isEmpty()) {
          left = true;
        } else {
          String id = r.runId();
          left = !existing.contains(id);
          if (!left && failedBefore.contains(id)) {
            left = true;
            again[0]++;
          }
        }
        if (left) {
          todo.set(at);
          n[0]++;
          double c = Plan.runCost(r);
          cost[0] += c;
          if (cut[0] == 0) {
            cut[1]++;
          }
          cut[0]++;
          waveCost[0] += c;
          if (cut[0] >= this.maxRuns || waveCost[0] >= maxFlops) {
            cut[0] = 0;
            waveCost[0] = 0;
          }
        }
      });
    }
    this.count = n[0];
    this.retried = again[0];
    this.budget = cost[0];
    this.waves = cut[1];
  }

  /** Runs left to compute. */
  int count() {
    return count;
  }

  /** Of them, FAILED runs computed again. */
  int retried() {
    return retried;
  }

  /** Their worst-case flops (every run to max-iterations). */
  double budget() {
    return budget;
  }

  /** How many waves {@link #iterator} gives. */
  int waves() {
    return waves;
  }

  /** Whether the run was FAILED before and is computed again (its rows are replaced). */
  boolean replaces(RunSpec r) {
    return !failedBefore.isEmpty() && failedBefore.contains(r.runId());
  }

  /** The waves, in grid order, each built when asked for; the same cuts as the first pass counted. */
  @Override public Iterator<List<RunSpec>> iterator() {
    return new Iterator<>() {
      private int group = 0;
      private int offset = 0; // global index of the group's first run
      private List<RunSpec> runs = List.of(); // the current group's runs
      private int next = 0; // within runs
      private List<RunSpec> wave = advance();

      private List<RunSpec> advance() {
        List<RunSpec> w = new ArrayList<>();
        double c = 0;
        while (w.size() < maxRuns && (w.isEmpty() || c < maxFlops)) {
          if (next == runs.size()) {
            offset += runs.size();
            if (group == sweep.groups().size()) {
              break;
            }
            ProblemRuns g = sweep.groups().get(group++);
            int from = offset;
            // a problem none of whose runs is left is skipped without expanding it
            runs = todo.nextSetBit(from) >= 0 && todo.nextSetBit(from) < from + g.size() ? g.list() : new Skipped(g.size());
            next = 0;
            continue;
          }
          int at = offset + next;
          RunSpec r = todo.get(at) ? runs.get(next) : null;
          next++;
          if (r != null) {
            w.add(r);
            c += Plan.runCost(r);
          }
        }
        return w.isEmpty() ? null : w;
      }

      @Override public boolean hasNext() {
        return wave != null;
      }

      @Override public List<RunSpec> next() {
        if (wave == null) {
          throw new NoSuchElementException();
        }
        List<RunSpec> w = wave;
        wave = advance();
        return w;
      }
    };
  }

  /** A problem with no run left: its size, and no runs to look at. */
  private static final class Skipped extends java.util.AbstractList<RunSpec> {
    private final int size;

    Skipped(int size) {
      this.size = size;
    }

    @Override public RunSpec get(int index) {
      return null;
    }

    @Override public int size() {
      return size;
    }
  }
}
