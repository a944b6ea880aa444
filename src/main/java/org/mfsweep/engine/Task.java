package org.mfsweep.engine;

import java.io.Serializable;
import java.util.List;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.spec.RunSpec;
import org.mfsweep.sweep.ProblemRuns;

/**
 * The unit of Spark work: runs on one problem, which the task builds once. It holds a slice of its
 * problem's {@link ProblemRuns} (in batch order) and expands it where it runs, so a plan of 10⁷
 * runs holds no RunSpec.
 */
public final class Task implements Serializable {
  private static final long serialVersionUID = 1L;
  private final int index;
  private final ProblemSpec problem;
  /** The runs as given, or null when they are a slice of runsOf. */
  private final List<RunSpec> listed;
  private final ProblemRuns runsOf;
  private final int from;
  private final int to;
  private transient List<RunSpec> runs;

  /** Runs [from, to) of the problem's batch order. */
  public Task(int index, ProblemRuns runsOf, int from, int to) {
    this.index = index;
    this.problem = runsOf.problem();
    this.listed = null;
    this.runsOf = runsOf;
    this.from = from;
    this.to = to;
  }

  /** These runs, in this order, on problem (the task builds problem; a run on another one fails). */
  public Task(int index, ProblemSpec problem, List<RunSpec> runs) {
    this.index = index;
    this.problem = problem;
    this.listed = List.copyOf(runs);
    this.runsOf = null;
    this.from = 0;
    this.to = runs.size();
  }

  public int index() {
    return index;
  }

  public ProblemSpec problem() {
    return problem;
  }

  /** How many runs, without expanding them. */
  public int size() {
    return to - from;
  }

  /** The runs, expanded once per JVM that holds the task. */
  public List<RunSpec> runs() {
    if (listed != null) {
      return listed;
    }
    if (runs == null) {
      runs = List.copyOf(runsOf.batchSlice(from, to));
    }
    return runs;
  }

  @Override public String toString() {
    return "task " + index + " (" + size() + " runs on " + problem().id() + ")";
  }
}
