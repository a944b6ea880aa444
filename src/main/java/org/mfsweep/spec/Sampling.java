package org.mfsweep.spec;

/** How completion problems choose their observed entries. */
public enum Sampling {
  /** every upper-triangle position equally likely */
  UNIFORM,
  /** row/column popularity (j+1)^(−exponent) over a random order of the indices */
  POWER_LAW,
  /** one given set of positions: the pattern-th m-subset of the upper triangle, in lexicographic order */
  PATTERN;

  /** The spelling used in sweep files and tables. */
  public String configName() {
    return Names.of(this);
  }

  /** @throws IllegalArgumentException naming the valid spellings */
  public static Sampling parse(String s) {
    return Names.parse(values(), s, "sampling");
  }
}
