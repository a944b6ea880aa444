package org.mfsweep.results;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * The median of several traces as one trace. Each trace is a step function: at iteration t it holds
 * the value of its last point at or before t, so a run that stopped (converged, or at its budget)
 * keeps its final value, and one that has not started yet is left out. The median is taken at every
 * iteration any trace has a point, over the traces defined there whose value is finite.
 */
final class StepMedian {
  private StepMedian() {}

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
        if (at[t] > 0 && Double.isFinite(tr[1][at[t] - 1])) {
          held.add(tr[1][at[t] - 1]);
        }
      }
      median[i] = median(held);
    }
    return new double[][] {x, median};
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
