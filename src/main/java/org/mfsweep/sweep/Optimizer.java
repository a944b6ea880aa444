package org.mfsweep.sweep;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a run moves from its start. */
public enum Optimizer {
  /** gradient descent with step η */
  GD,
  /** gradient flow dU/dt = −∇f(U), integrated by an adaptive Dormand–Prince method */
  FLOW;

  /** The spelling used in sweep files and tables. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** @throws IllegalArgumentException naming the valid spellings */
  public static Optimizer parse(String s) {
    for (Optimizer v : values()) {
      if (v.configName().equals(s)) {
        return v;
      }
    }
    throw new IllegalArgumentException("unknown optimizer '" + s + "' (valid: "
        + Arrays.stream(values()).map(Optimizer::configName).collect(Collectors.joining(" | ")) + ")");
  }
}
