package org.mfsweep.reference;

/** How a reference solve ended. The certificate says how close it got either way. */
public enum Status {
  /** every residual of the certificate is at most the requested tolerance */
  CONVERGED,
  /** the iteration budget ran out first */
  MAX_ITERATIONS,
  /**
   * the interior-point step could not be computed (its normal equations became numerically
   * singular) before the tolerance was met; only {@link MinL1NonNegative} ends this way
   */
  STALLED
}
