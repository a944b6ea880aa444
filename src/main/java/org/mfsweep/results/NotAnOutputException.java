package org.mfsweep.results;

/** A folder given as a sweep's output holds no runs table: bad input (exit 2), said in one line. */
public final class NotAnOutputException extends RuntimeException {
  public NotAnOutputException(String message) {
    super(message);
  }
}
