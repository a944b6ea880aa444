package org.mfsweep.spec;

/** The direction U_init of the start U₀ = α·U_init (n × d). */
public enum Init {
  /** The n × d identity: ones on the main diagonal. */
  IDENTITY,
  /** Orthonormal columns (rows when d &gt; n) from the QR factors of a Gaussian matrix. */
  ORTHOGONAL;

  public String configName() {
    return Names.of(this);
  }

  /** @throws IllegalArgumentException naming the valid spellings */
  public static Init parse(String s) {
    return Names.parse(values(), s, "init");
  }
}
