package org.mfsweep.cli;

/** The command cannot start as invoked (exit code 2); the message says what to change. */
final class UsageError extends RuntimeException {
  UsageError(String message) {
    super(message);
  }
}
