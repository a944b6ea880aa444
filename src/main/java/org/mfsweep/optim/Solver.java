package org.mfsweep.optim;

import java.util.List;
import org.mfsweep.spec.RunOutcome;
import org.mfsweep.spec.RunSpec;

/**
 * An optimizer bound to one built problem and its reference: it runs runs on that problem, in the
 * batches it chooses. One instance per thread; it owns its buffers.
 */
public interface Solver {
  /** How this solver groups runs: indices into runs, in batches it can step together. */
  List<List<Integer>> batches(List<RunSpec> runs);

  /** Runs one batch (as {@link #batches} made it) until each run stops; one outcome per run, in input order. */
  List<RunOutcome> runBatch(List<RunSpec> batch);
}
