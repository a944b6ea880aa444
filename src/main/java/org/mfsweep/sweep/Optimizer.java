package org.mfsweep.sweep;

/** How a run moves from its start. */
public enum Optimizer {
  /** gradient descent with step η */
  GD,
  /** gradient flow dU/dt = −∇f(U), integrated adaptively ({@link FlowMethod}) */
  FLOW;

  /** The spelling used in sweep files and tables. */
  public String configName() {
    return Names.of(this);
  }

  /** @throws IllegalArgumentException naming the valid spellings */
  public static Optimizer parse(String s) {
    return Names.parse(values(), s, "optimizer");
  }
}
