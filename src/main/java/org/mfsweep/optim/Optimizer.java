package org.mfsweep.optim;

import java.util.List;
import org.mfsweep.problem.BuiltProblem;
import org.mfsweep.problem.ProblemKind;
import org.mfsweep.spec.OptimizerSpec;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.spec.RunSpec;

/**
 * One optimizer: its name on grid.optimizer, the settings it reads from the sweep file, where it
 * applies, and the solver that runs it on a built problem. A new optimizer is one class holding one
 * of these (usually as {@code OPTIMIZER}) plus one line in {@link Optimizers}, and its settings'
 * defaults in reference.conf.
 */
public interface Optimizer {
  /** Its spelling on grid.optimizer and in the optimizer column. */
  String name();

  /** Whether it takes the step size η (grid.eta); flow does not. */
  boolean usesStepSize();

  /** Its settings, in the order its spec (and run_id) lists them. */
  List<SettingDeclaration> settings();

  /** Why it cannot run on problems of this kind, or null. */
  default String refuses(ProblemKind kind) {
    return null;
  }

  /** Why it cannot run on this problem with these settings (e.g. a batch larger than m), or null. */
  default String refuses(ProblemSpec problem, OptimizerSpec spec) {
    return null;
  }

  /** Flops of one of its iterations given the kind's gradient-step flops (plans, progress). */
  default double iterationFlops(RunSpec run, double stepFlops) {
    return stepFlops;
  }

  /**
   * Most runs of this run's shape (factorization, depth, width) on its problem that the solver
   * steps together; 1 when each run goes alone. A batch's runs share BLAS calls whose rounding
   * depends on the batch, so the plan cuts a problem's runs into tasks only between whole batches
   * of this size: a run then steps with the same partners whatever the slots, waves or cluster.
   */
  default int batchCapacity(RunSpec run) {
    return 1;
  }

  /**
   * A solver for runs on this problem.
   *
   * @param reference X_ref (n × n, both triangles) or x_ref, for err_ref; null for none
   */
  Solver solver(BuiltProblem problem, double[] reference);
}
