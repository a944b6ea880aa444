package org.mfsweep.optim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The registered optimizers: the one list to extend when adding an optimizer. */
public final class Optimizers {
  private static final List<Optimizer> ALL = List.of(
      GradientDescent.OPTIMIZER,
      FlowOptimizer.OPTIMIZER,
      Momentum.OPTIMIZER,
      Nesterov.OPTIMIZER,
      StochasticGradientDescent.OPTIMIZER,
      Adam.OPTIMIZER);

  private Optimizers() {}

  public static List<Optimizer> all() {
    return ALL;
  }

  /** @throws IllegalArgumentException naming the valid spellings */
  public static Optimizer of(String name) {
    for (Optimizer o : ALL) {
      if (o.name().equals(name)) {
        return o;
      }
    }
    throw new IllegalArgumentException("unknown optimizer '" + name + "' (valid: " + names() + ")");
  }

  /** "gd | flow | …". */
  public static String names() {
    return ALL.stream().map(Optimizer::name).collect(Collectors.joining(" | "));
  }

  /** Every sweep-file key some optimizer reads, with the optimizers that read it, in registry order. */
  public static Map<String, List<String>> keys() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Optimizer o : ALL) {
      for (SettingDeclaration s : o.settings()) {
        out.computeIfAbsent(s.key(), k -> new ArrayList<>()).add(o.name());
      }
    }
    return out;
  }
}
