package org.mfsweep.results;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TraceMedianTest {
  @Test
  void aStoppedRunKeepsItsLastValueAndTheMedianReachesTheLastPointOfAny() {
    double[][] early = {{1, 2, 4, 5}, {8, 4, 2, 1e-9}};  // converged at iteration 5
    double[][] mid = {{1, 2, 4, 8}, {9, 5, 3, 2}};
    double[][] late = {{1, 2, 4, 8, 16}, {7, 6, 5, 4, 3}};
    double[][] m = TraceMedian.of(List.of(early, mid, late));
    assertArrayEquals(new double[] {1, 2, 4, 5, 8, 16}, m[0]);
    // at 5: early 1e-9, mid and late between their points at 4 and 8; at 16: early 1e-9, mid 2, late 3
    double mid5 = TraceMedian.between(4, 3, 8, 2, 5);
    double late5 = TraceMedian.between(4, 5, 8, 4, 5);
    assertEquals(3 * Math.pow(2.0 / 3, Math.log(5.0 / 4) / Math.log(2)), mid5, 1e-15);
    assertArrayEquals(new double[] {8, 5, 3, Math.min(mid5, late5), 2, 2}, m[1], 1e-15);
  }

  @Test
  void segmentsAreReadAsALogLogChartDrawsThem() {
    // a power law y = 100/x is a straight line on log–log axes: the reading is exact
    assertEquals(100.0 / 3, TraceMedian.between(1, 100, 10, 10, 3), 1e-12);
    // a zero value: linear in y (still log in x)
    assertEquals(1 - Math.log(2) / Math.log(3), TraceMedian.between(1, 1, 3, 0, 2), 1e-15);
  }

  @Test
  void evenCountsAverageTheMiddleAndNonFiniteValuesAreSkipped() {
    double[][] a = {{0, 1}, {1, Double.NaN}};
    double[][] b = {{0, 1}, {3, 4}};
    double[][] m = TraceMedian.of(List.of(a, b));
    assertArrayEquals(new double[] {2, 4}, m[1]);
    assertEquals(Double.NaN, TraceMedian.median(List.of()));
  }

  @Test
  void aTraceThatStartsLaterIsLeftOutBeforeItsFirstPoint() {
    double[][] m = TraceMedian.of(List.of(new double[][] {{0, 10}, {1, 1}}, new double[][] {{10}, {5}}));
    assertArrayEquals(new double[] {1, 3}, m[1]);
  }
}
