package org.mfsweep.engine;

/** The sweep cannot run on this setup (e.g. a problem larger than any executor's memory): exit 2, nothing written. */
public final class SetupException extends RuntimeException {
  public SetupException(String message) {
    super(message);
  }
}
