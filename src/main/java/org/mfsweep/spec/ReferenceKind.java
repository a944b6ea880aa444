package org.mfsweep.spec;

/** The norm a problem's reference minimises among the solutions of A(X) = y (the {@code ref_kind} column). */
public enum ReferenceKind {
  /** min tr X s.t. A(X) = y, X ⪰ 0: the minimum nuclear norm PSD solution */
  NUCLEAR,
  /** min Σx s.t. Ax = y, x ≥ 0: the minimum ℓ1 non-negative solution (the commuting case) */
  L1,
  /** min ‖x‖₂ s.t. Ax = y: the minimum ℓ2 solution A⁺y */
  L2;

  /** The spelling in the {@code ref_kind} column: nuclear, l1, l2. */
  public String configName() {
    return Names.of(this);
  }
}
