package org.mfsweep.results;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LogTicksTest {
  /** Whatever the range: at least three labelled ticks, inside it, ascending, labels distinct and exact. */
  @Test
  void everyRangeGetsThreeOrMoreExactDistinctLabels() {
    double[][] ranges = {{1e-9, 10}, {1e-300, 1e300}, {0.5, 2000}, {1.2, 1.9}, {1.0001, 1.0009}, {3e-8, 9e-8},
        {8.5, 11.5}, {0.95, 1.05}, {1e-9, 2e-9}, {12345, 12346}, {0.01, 0.1}, {7, 70}};
    for (double[] r : ranges) {
      LogTicks t = LogTicks.of(r[0], r[1]);
      String where = r[0] + ".." + r[1] + ": " + List.of(t.labels());
      assertTrue(t.major().length >= 3, where);
      assertTrue(t.major().length <= 12, where);
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < t.major().length; i++) {
        double v = t.major()[i];
        assertTrue(v >= r[0] * (1 - 1e-12) && v <= r[1] * (1 + 1e-12), where);
        assertTrue(i == 0 || v > t.major()[i - 1], where);
        assertEquals(v, Double.parseDouble(t.labels()[i]), 1e-9 * v, where);
        assertTrue(seen.add(t.labels()[i]), where);
      }
    }
  }

  @Test
  void decadesOneTwoFiveAndDigitsAsRangesShrink() {
    assertArrayEquals(new String[] {"1e-6", "1e-5", "1e-4", "0.001", "0.01", "0.1", "1"},
        LogTicks.of(1e-6, 1).labels());
    assertArrayEquals(new String[] {"1", "2", "5", "10", "20", "50", "100"}, LogTicks.of(1, 100).labels());
    assertArrayEquals(new String[] {"3e-8", "4e-8", "5e-8", "6e-8", "7e-8", "8e-8", "9e-8"},
        LogTicks.of(3e-8, 9e-8).labels());
    assertArrayEquals(new String[] {"1.2", "1.4", "1.6", "1.8"}, LogTicks.of(1.2, 1.9).labels());
    // twenty decades: every third is labelled, the others are minor ticks
    LogTicks wide = LogTicks.of(1e-18, 1e2);
    assertArrayEquals(new String[] {"1e-18", "1e-15", "1e-12", "1e-9", "1e-6", "0.001", "1"}, wide.labels());
    assertEquals(21 - 7, wide.minor().length);
  }

  @Test
  void anEmptyOrNonPositiveRangeIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> LogTicks.of(0, 1));
    assertThrows(IllegalArgumentException.class, () -> LogTicks.of(2, 2));
    assertThrows(IllegalArgumentException.class, () -> LogTicks.of(1, Double.POSITIVE_INFINITY));
  }
}
