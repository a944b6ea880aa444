package org.mfsweep.reference;

/** How a reference solve ended. The certificate says how close it got either way. */
public enum Status {
  /** every residual of the certificate is at most the requested tolerance */
  CONVERGED,
  /** the iteration budget ran out first */
  MAX_ITERATIONS,
  /**
   * the method could not go on before the tolerance was met (the interior-point step could not
   * be computed), or the constraints alone fix the answer and it fails the certificate; only
   * {@link MinL1NonNegative} ends this way
   */
  STALLED
}
