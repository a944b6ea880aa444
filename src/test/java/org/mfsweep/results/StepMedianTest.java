package org.mfsweep.results;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class StepMedianTest {
  @Test
  void aStoppedRunKeepsItsLastValueAndTheMedianReachesTheLastPointOfAny() {
    double[][] early = {{1, 2, 4, 5}, {8, 4, 2, 1e-9}};  // converged at iteration 5
    double[][] mid = {{1, 2, 4, 8}, {9, 5, 3, 2}};
    double[][] late = {{1, 2, 4, 8, 16}, {7, 6, 5, 4, 3}};
    double[][] m = StepMedian.of(List.of(early, mid, late));
    assertArrayEquals(new double[] {1, 2, 4, 5, 8, 16}, m[0]);
    // at 5: early 1e-9, mid holds 3, late holds 5; at 16: early 1e-9, mid 2, late 3
    assertArrayEquals(new double[] {8, 5, 3, 3, 2, 2}, m[1]);
  }

  @Test
  void evenCountsAverageTheMiddleAndNonFiniteValuesAreSkipped() {
    double[][] a = {{0, 1}, {1, Double.NaN}};
    double[][] b = {{0, 1}, {3, 4}};
    double[][] m = StepMedian.of(List.of(a, b));
    assertArrayEquals(new double[] {2, 4}, m[1]);
    assertEquals(Double.NaN, StepMedian.median(List.of()));
  }

  @Test
  void aTraceThatStartsLaterIsLeftOutBeforeItsFirstPoint() {
    double[][] m = StepMedian.of(List.of(new double[][] {{0, 10}, {1, 1}}, new double[][] {{10}, {5}}));
    assertArrayEquals(new double[] {1, 3}, m[1]);
  }
}
