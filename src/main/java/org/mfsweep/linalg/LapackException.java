package org.mfsweep.linalg;

/** A LAPACK routine returned a non-zero info. */
public final class LapackException extends RuntimeException {
  public LapackException(String routine, int info, String shape) {
    super(routine + " failed with info = " + info + " (" + shape + ")");
  }
}
