package org.mfsweep.engine;

import java.util.ArrayDeque;
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
 * needs; the waves are then built one at a time in grid order. A wave holds at most {@code maxRuns}
 * runs, and ends early once its worst-case flops reach {@code maxFlops}, so tiny runs go in large
 * waves (few files) and long runs in short ones (little lost to a kill). It ends only between
 * problems: a problem's runs left are cut into pieces of {@code maxRuns} counted from its first run
 * left, and only a problem with more runs left than that spans waves. So where a wave ends depends
 * on the sweep and the runs left, never on the flop rate measured at the start, and the runs of a
 * problem that step together in a batch are the same on every machine ({@link Plan}). The driver
 * holds one wave's RunSpecs and one problem's runs at a time.
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

  /** Where waves end: pieces of problems (whole problems, or maxRuns of a large one) go in until one does not fit. */
  private final class Cutter {
    int runs;
    double flops;
    int started;

    /** Whether a piece of this many runs starts a new wave. */
    boolean startsWave(int pieceRuns) {
      return runs == 0 || runs + pieceRuns > maxRuns || flops >= maxFlops;
    }

    /** Places a piece; true when it starts a new wave. */
    boolean place(int pieceRuns, double pieceFlops) {
      boolean fresh = startsWave(pieceRuns);
      if (fresh) {
        started++;
        runs = 0;
        flops = 0;
      }
      runs += pieceRuns;
      flops += pieceFlops;
      return fresh;
    }
  }

  /**
   * @param existing the run_ids in DIR/runs
   * @param failedBefore those of them to compute again (FAILED, with --retry-failed)
   * @param maxRuns most runs in a wave
   * @param maxFlops worst-case flops after which a wave ends, at the next problem (at least one problem per wave)
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
    Cutter cutter = new Cutter();
    int[] piece = {0};
    double[] pieceCost = {0};
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
          piece[0]++;
          pieceCost[0] += c;
          if (piece[0] == this.maxRuns) {
            cutter.place(piece[0], pieceCost[0]);
            piece[0] = 0;
            pieceCost[0] = 0;
          }
        }
      });
      if (piece[0] > 0) {
        cutter.place(piece[0], pieceCost[0]);
        piece[0] = 0;
        pieceCost[0] = 0;
      }
    }
    this.count = n[0];
    this.retried = again[0];
    this.budget = cost[0];
    this.waves = cutter.started;
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
      private int offset = 0; // global index of the next group's first run
      private final ArrayDeque<List<RunSpec>> pieces = new ArrayDeque<>(); // of the current problem
      private final ArrayDeque<Double> pieceCosts = new ArrayDeque<>();
      private final Cutter cutter = new Cutter();
      private List<RunSpec> wave = advance();

      /** The next problem with runs left, cut into pieces of maxRuns; false after the last. */
      private boolean load() {
        while (group < sweep.groups().size()) {
          ProblemRuns g = sweep.groups().get(group++);
          int from = offset;
          offset += g.size();
          int first = todo.nextSetBit(from);
          if (first < 0 || first >= from + g.size()) {
            continue; // a problem none of whose runs is left is skipped without expanding it
          }
          List<RunSpec> runs = g.list();
          boolean all = g.size() <= maxRuns;
          for (int k = 0; all && k < g.size(); k++) {
            all = todo.get(from + k);
          }
          if (all) { // all of it left, in one piece: no copy
            double c = 0;
            for (RunSpec r : runs) {
              c += Plan.runCost(r);
            }
            pieces.add(runs);
            pieceCosts.add(c);
            return true;
          }
          List<RunSpec> piece = new ArrayList<>();
          double c = 0;
          for (int k = 0; k < runs.size(); k++) {
            if (!todo.get(from + k)) {
              continue;
            }
            RunSpec r = runs.get(k);
            piece.add(r);
            c += Plan.runCost(r);
            if (piece.size() == maxRuns) {
              pieces.add(piece);
              pieceCosts.add(c);
              piece = new ArrayList<>();
              c = 0;
            }
          }
          if (!piece.isEmpty()) {
            pieces.add(piece);
            pieceCosts.add(c);
          }
          return true;
        }
        return false;
      }

      private List<RunSpec> advance() {
        List<RunSpec> w = null;
        while (true) {
          if (pieces.isEmpty() && !load()) {
            break;
          }
          List<RunSpec> piece = pieces.peekFirst();
          double c = pieceCosts.peekFirst();
          if (w != null && cutter.startsWave(piece.size())) {
            break;
          }
          cutter.place(piece.size(), c);
          if (w == null) {
            w = new ArrayList<>(Math.min(maxRuns, count));
          }
          w.addAll(piece);
          pieces.removeFirst();
          pieceCosts.removeFirst();
        }
        return w;
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
}
