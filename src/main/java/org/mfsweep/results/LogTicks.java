package org.mfsweep.results;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Tick positions and labels for a logarithmic axis over [lo, hi], readable at any range: powers of
 * ten over wide ranges (every k-th decade past eight), 1-2-5 over one to three decades, 1…9 × 10ᵏ
 * under a decade, and evenly spaced 1-2-5 steps when the range is too narrow to hold three of those.
 * Labels carry just enough significant digits to name each tick exactly.
 *
 * @param major tick values, ascending, all within [lo, hi]
 * @param labels one label per major tick
 * @param minor unlabelled tick values within [lo, hi]
 */
public record LogTicks(double[] major, String[] labels, double[] minor) {
  /** At most this many labelled decades; wider ranges label every k-th. */
  static final int MAX_DECADES = 8;

  /** @throws IllegalArgumentException unless 0 < lo < hi, both finite */
  public static LogTicks of(double lo, double hi) {
    if (!(lo > 0) || !(hi > lo) || Double.isInfinite(hi)) {
      throw new IllegalArgumentException("log axis range must satisfy 0 < lo < hi, got [" + lo + ", " + hi + "]");
    }
    double decades = Math.log10(hi) - Math.log10(lo);
    List<Double> major = new ArrayList<>();
    List<Double> minor = new ArrayList<>();
    int k0 = (int) Math.floor(Math.log10(lo)) - 1;
    int k1 = (int) Math.ceil(Math.log10(hi)) + 1;
    if (decades >= 3) {
      int step = (int) Math.max(1, Math.ceil(decades / MAX_DECADES));
      for (int k = k0; k <= k1; k++) {
        add(Math.floorMod(k, step) == 0 ? major : minor, pow10(1, k), lo, hi);
        for (int d = 2; d <= 9 && step == 1; d++) {
          add(minor, pow10(d, k), lo, hi);
        }
      }
    } else {
      boolean oneTwoFive = decades >= 1;
      for (int k = k0; k <= k1; k++) {
        for (int d = 1; d <= 9; d++) {
          boolean labelled = !oneTwoFive || d == 1 || d == 2 || d == 5;
          add(labelled ? major : minor, pow10(d, k), lo, hi);
        }
      }
      if (major.size() < 3) { // too narrow for digits × 10ᵏ: even steps of 1, 2 or 5 × 10ᵉ
        major.clear();
        minor.clear();
        double raw = (hi - lo) / 4;
        int e = (int) Math.floor(Math.log10(raw));
        double m = raw / Math.pow(10, e);
        int mant = m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10;
        for (long i = (long) Math.ceil(lo / (mant * Math.pow(10, e))); ; i++) {
          double v = pow10(i * mant, e);
          if (v > hi) {
            break;
          }
          add(major, v, lo, hi);
        }
      }
    }
    double[] mj = major.stream().mapToDouble(Double::doubleValue).toArray();
    String[] labels = new String[mj.length];
    for (int i = 0; i < mj.length; i++) {
      labels[i] = label(mj[i]);
    }
    return new LogTicks(mj, labels, minor.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /** The shortest of "0.25", "1000", "2e-5", "1.5e7" that reads back as x (to 1e-9 relative). */
  static String label(double x) {
    for (int digits = 1; digits <= 15; digits++) {
      String s = label(x, digits);
      if (Math.abs(Double.parseDouble(s) - x) <= 1e-9 * Math.abs(x)) {
        return s;
      }
    }
    return Double.toString(x);
  }

  private static String label(double x, int digits) {
    double a = Math.abs(x);
    if (a >= 1e-3 && a < 1e5) {
      return Numbers.format(x, digits);
    }
    String s = String.format(Locale.ROOT, "%." + (digits - 1) + "e", x);
    int e = s.indexOf('e');
    String mantissa = s.substring(0, e);
    if (mantissa.contains(".")) {
      mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    int exponent = Integer.parseInt(s.substring(e + 1));
    return mantissa + "e" + exponent;
  }

  /** d × 10ᵏ parsed from its decimal text, so that 3 × 10⁻¹ is the double nearest 0.3. */
  private static double pow10(long d, int k) {
    return Double.parseDouble(d + "e" + k);
  }

  private static void add(List<Double> to, double v, double lo, double hi) {
    // a hair of slack: a tick exactly at the range's end must not fall off by rounding
    if (v >= lo * (1 - 1e-12) && v <= hi * (1 + 1e-12)) {
      to.add(v);
    }
  }
}
