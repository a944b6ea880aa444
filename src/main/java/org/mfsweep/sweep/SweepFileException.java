package org.mfsweep.sweep;

import java.util.List;

/**
 * A sweep file (or a --set override) that cannot be run. The message lists every problem found,
 * one per line, each starting with "file:line: key:" where the file and line are known.
 */
public final class SweepFileException extends RuntimeException {
  private final List<String> problems;

  public SweepFileException(String file, List<String> problems) {
    super("bad sweep file " + file + ":\n  " + String.join("\n  ", problems));
    this.problems = List.copyOf(problems);
  }

  /** Each problem, as "origin: key: what is wrong". */
  public List<String> problems() {
    return problems;
  }
}
