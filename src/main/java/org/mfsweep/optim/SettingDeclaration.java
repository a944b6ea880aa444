package org.mfsweep.optim;

/**
 * A setting an optimizer takes from the sweep file: its key there, its name in the optimizer's spec
 * (and so in the run_id and, when {@link #column}, in the runs table), its type and its range.
 *
 * @param key the sweep-file path, e.g. "grid.beta" (an axis) or "run.flow.horizon" (one value)
 * @param name the canonical name, e.g. "beta", "batch_size", "horizon"
 * @param integer whether values are integers (else reals)
 * @param min lower bound, @param minOpen whether it is excluded
 * @param max upper bound, @param maxOpen whether it is excluded
 * @param column whether the runs table has a column of this name
 */
public record SettingDeclaration(String key, String name, boolean integer, double min, boolean minOpen, double max,
                                 boolean maxOpen, boolean column, String meaning, java.util.List<String> choices,
                                 String implicit) {

  public SettingDeclaration(String key, String name, boolean integer, double min, boolean minOpen, double max,
                            boolean maxOpen, boolean column, String meaning) {
    this(key, name, integer, min, minOpen, max, maxOpen, column, meaning, null, null);
  }

  /**
   * A setting spelled as one of the choices; the implicit choice (if any) is left out of the run's
   * spec and run_id, so that runs planned before the setting existed keep their run_ids.
   */
  public static SettingDeclaration text(String key, String name, java.util.List<String> choices, String implicit,
                                        String meaning) {
    return new SettingDeclaration(key, name, false, 0, false, 0, false, false, meaning, java.util.List.copyOf(choices),
        implicit);
  }

  /** Whether values are one of {@link #choices} rather than numbers. */
  public boolean text() {
    return choices != null;
  }

  /** Whether the sweep file sets it per grid point (an axis, under grid) rather than once (under run). */
  public boolean axis() {
    return key.startsWith("grid.");
  }

  /** A real in [min, max) (or the bounds given). */
  public static SettingDeclaration real(String key, String name, double min, boolean minOpen, double max,
                                        boolean maxOpen, boolean column, String meaning) {
    return new SettingDeclaration(key, name, false, min, minOpen, max, maxOpen, column, meaning);
  }

  /** Why x is not a valid value, or null when it is. */
  public String check(double x) {
    if (integer && x != Math.rint(x)) {
      return "expected an integer, got " + x;
    }
    boolean low = minOpen ? x > min : x >= min;
    boolean high = maxOpen ? x < max : x <= max;
    if (low && high) {
      return null;
    }
    if (Double.isInfinite(max) || max == Integer.MAX_VALUE) {
      return "must be " + (minOpen ? "> " : "≥ ") + plain(min) + ", got " + plain(x);
    }
    return "must be in " + (minOpen ? "(" : "[") + plain(min) + ", " + plain(max) + (maxOpen ? ")" : "]")
        + ", got " + plain(x);
  }

  private static String plain(double x) {
    if (Double.isInfinite(x)) {
      return x > 0 ? "∞" : "−∞";
    }
    return x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : Double.toString(x);
  }
}
