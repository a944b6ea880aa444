package org.mfsweep.sweep;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

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
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** @throws IllegalArgumentException naming the valid spellings */
  public static Sampling parse(String s) {
    for (Sampling v : values()) {
      if (v.configName().equals(s)) {
        return v;
      }
    }
    throw new IllegalArgumentException("unknown sampling '" + s + "' (valid: "
        + Arrays.stream(values()).map(Sampling::configName).collect(Collectors.joining(" | ")) + ")");
  }
}
