package org.mfsweep.optim;

import java.util.Arrays;

/** Log-spaced trace iterations: 1, then t ← max(t + 1, ⌈t·growth⌉), up to a maximum. */
public final class TraceSchedule {
  private TraceSchedule() {}

  /** The iterations ≤ max, ascending. */
  public static int[] iterations(double growth, int max) {
    if (!(growth > 1) || max < 0) {
      throw new IllegalArgumentException("need growth > 1 and max ≥ 0, got " + growth + ", " + max);
    }
    int[] out = new int[64];
    int count = 0;
    long t = 1;
    while (t <= max) {
      if (count == out.length) {
        out = Arrays.copyOf(out, count * 2);
      }
      out[count++] = (int) t;
      t = Math.max(t + 1, (long) Math.ceil(t * growth));
    }
    return Arrays.copyOf(out, count);
  }
}
