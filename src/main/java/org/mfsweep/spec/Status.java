package org.mfsweep.spec;

/** How a run ended. */
public enum Status {
  /** the train loss reached the tolerance */
  CONVERGED,
  /** the iteration budget ran out first */
  MAX_ITERATIONS,
  /** the loss became non-finite or grew past divergence-factor times its start */
  DIVERGED,
  /** the computation threw; the row carries the error */
  FAILED
}
