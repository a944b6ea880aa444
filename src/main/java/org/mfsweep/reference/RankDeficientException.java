package org.mfsweep.reference;

/** A matrix that a solver needs to have full row rank is numerically rank deficient. */
public final class RankDeficientException extends RuntimeException {
  public RankDeficientException(String message) {
    super(message);
  }
}
