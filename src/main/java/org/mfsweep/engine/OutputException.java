package org.mfsweep.engine;

/** The output folder cannot take this sweep (it already holds results, or cannot be written). */
public final class OutputException extends RuntimeException {
  public OutputException(String message) {
    super(message);
  }

  public OutputException(String message, Throwable cause) {
    super(message, cause);
  }
}
