package org.mfsweep.spec;

/** The integrator of gradient-flow runs ({@code run.flow.method}). */
public enum FlowMethod {
  /** Rosenbrock where its dense Jacobian is cheap (small n·d), Dormand–Prince elsewhere */
  AUTO,
  /** commons-math3's explicit Dormand–Prince 8(5,3): many small steps once the flow is stiff */
  DOPRI,
  /** the L-stable Rosenbrock method RODAS5 with the analytic Jacobian of the field */
  ROSENBROCK;

  /** The spelling used in sweep files and run ids. */
  public String configName() {
    return Names.of(this);
  }

  /** @throws IllegalArgumentException naming the valid spellings */
  public static FlowMethod parse(String s) {
    return Names.parse(values(), s, "flow method");
  }
}
