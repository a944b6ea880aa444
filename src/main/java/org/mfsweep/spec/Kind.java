package org.mfsweep.spec;

import java.io.Serializable;

/**
 * The name of a problem kind, as sweep files and the {@code kind} column spell it. What a kind is —
 * how its problems are built, what they cost, their reference and their limits on m — lives in one
 * class per kind in {@code org.mfsweep.problem} (see {@code Kinds}); this record only names it.
 */
public record Kind(String name) implements Serializable {
  public static final Kind SENSING = new Kind("sensing");
  public static final Kind COMPLETION = new Kind("completion");
  public static final Kind DIAGONAL = new Kind("diagonal");
  public static final Kind LEAST_SQUARES = new Kind("least-squares");

  public Kind {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a kind needs a name");
    }
  }

  /** The spelling used in sweep files and in the {@code kind} column (e.g. least-squares). */
  public String configName() {
    return name;
  }

  @Override public String toString() {
    return name;
  }
}
