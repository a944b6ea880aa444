package org.mfsweep.results;

import java.util.Locale;

/** Numbers for people: a given number of significant digits, no trailing zeros. */
public final class Numbers {
  private Numbers() {}

  /** e.g. (0.000658663, 6) → "0.000658663", (1e-5, 3) → "1e-05", (1000.0, 3) → "1000". */
  public static String format(double x, int digits) {
    if (Double.isNaN(x) || Double.isInfinite(x)) {
      return Double.toString(x);
    }
    if (x == Math.rint(x) && Math.abs(x) < 1e15 && Math.abs(x) >= 1) {
      return Long.toString((long) x);
    }
    String s = String.format(Locale.ROOT, "%." + digits + "g", x);
    int e = s.indexOf('e');
    String mantissa = e < 0 ? s : s.substring(0, e);
    if (mantissa.contains(".")) {
      mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return e < 0 ? mantissa : mantissa + s.substring(e);
  }
}
