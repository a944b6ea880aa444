package org.mfsweep.sweep;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The direction U_init of the start U₀ = α·U_init (n × d). */
public enum Init {
  /** The n × d identity: ones on the main diagonal. */
  IDENTITY,
  /** Orthonormal columns (rows when d &gt; n) from the QR factors of a Gaussian matrix. */
  ORTHOGONAL;

  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** @throws IllegalArgumentException naming the valid spellings */
  public static Init parse(String s) {
    for (Init i : values()) {
      if (i.configName().equals(s)) {
        return i;
      }
    }
    throw new IllegalArgumentException("unknown init '" + s + "' (valid: "
        + Arrays.stream(values()).map(Init::configName).collect(Collectors.joining(" | ")) + ")");
  }
}
