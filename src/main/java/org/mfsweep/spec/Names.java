package org.mfsweep.spec;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The spellings of the sweep files' enumerations: lower case, '-' for '_' (POWER_LAW is power-law). */
final class Names {
  private Names() {}

  static String of(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** @throws IllegalArgumentException naming what was asked for and the valid spellings */
  static <E extends Enum<E>> E parse(E[] values, String spelling, String what) {
    for (E v : values) {
      if (of(v).equals(spelling)) {
        return v;
      }
    }
    throw new IllegalArgumentException("unknown " + what + " '" + spelling + "' (valid: "
        + Arrays.stream(values).map(Names::of).collect(Collectors.joining(" | ")) + ")");
  }
}
