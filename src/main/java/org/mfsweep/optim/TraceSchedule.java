package org.mfsweep.optim;

import java.util.Arrays;

/**
 * The one trace schedule: log-spaced iterations for the discrete optimizers (1, then
 * t ← max(t + 1, ⌈t·growth⌉), up to a maximum), and log-spaced times growth^j, j ≥
 * {@value #FIRST_TIME_POWER}, for gradient flow.
 */
public final class TraceSchedule {
  /** The first trace time of a flow is growth^FIRST_TIME_POWER. */
  static final int FIRST_TIME_POWER = -10;

  private TraceSchedule() {}

  /** The flow's trace times growth^j for j ≥ {@link #FIRST_TIME_POWER}, up to the horizon, ascending. */
  public static double[] times(double growth, double horizon) {
    double[] out = new double[64];
    int count = 0;
    for (double t = Math.pow(growth, FIRST_TIME_POWER); t <= horizon; t *= growth) {
      if (count == out.length) {
        out = Arrays.copyOf(out, 2 * count);
      }
      out[count++] = t;
    }
    return Arrays.copyOf(out, count);
  }

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
