package org.mfsweep.results;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * The median of several traces as one trace. Between two of its points a trace is read along the
 * straight segment a log–log chart draws (interpolated in log x and log y; linearly where a value
 * is ≤ 0); past its last point it keeps its last value, so a run that stopped (converged, or at its
 * budget) counts with its final value; before its first point it is left out. The median is taken
 * at every iteration where any trace has a point, over the traces whose value there is finite.
 */
final class TraceMedian {
  private TraceMedian() {}

  /**
   * @param traces each {x, y} with x ascending
   * @return {x, median}: the union of the x's, ascending, and the median at each (NaN where none is finite)
   */
  static double[][] of(List<double[][]> traces) {
    TreeSet<Double> xs = new TreeSet<>();
    for (double[][] t : traces) {
      if (t[0].length != t[1].length) {
        throw new IllegalArgumentException("a trace has " + t[0].length + " x's but " + t[1].length + " y's");
      }
      for (double x : t[0]) {
        xs.add(x);
      }
    }
    double[] x = xs.stream().mapToDouble(Double::doubleValue).toArray();
    double[] median = new double[x.length];
    int[] at = new int[traces.size()]; // per trace, the index of its first point after the current x
    List<Double> held = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      held.clear();
      for (int t = 0; t < traces.size(); t++) {
        double[][] tr = traces.get(t);
        while (at[t] < tr[0].length && tr[0][at[t]] <= x[i]) {
          at[t]++;
        }
        if (at[t] == 0) {
          continue;
        }
        int j = at[t] - 1; // the last point at or before x[i]
        double v = j + 1 < tr[0].length && tr[0][j] < x[i]
            ? between(tr[0][j], tr[1][j], tr[0][j + 1], tr[1][j + 1], x[i]) : tr[1][j];
        if (Double.isFinite(v)) {
          held.add(v);
        }
      }
      median[i] = median(held);
    }
    return new double[][] {x, median};
  }

  /** The value at x on the segment from (x0, y0) to (x1, y1), x0 < x < x1, as a log–log chart draws it. */
  static double between(double x0, double y0, double x1, double y1, double x) {
    double f = x0 > 0 ? Math.log(x / x0) / Math.log(x1 / x0) : (x - x0) / (x1 - x0);
    return y0 > 0 && y1 > 0 ? Math.exp(Math.log(y0) + f * Math.log(y1 / y0)) : y0 + f * (y1 - y0);
  }

  /** The middle value, or the mean of the two middle ones; NaN for none. */
  static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(v);
    int h = v.length / 2;
    return v.length % 2 == 1 ? v[h] : (v[h - 1] + v[h]) / 2;
  }
}
