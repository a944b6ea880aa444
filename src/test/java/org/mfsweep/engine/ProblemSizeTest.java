package org.mfsweep.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfsweep.spec.Kind;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.sweep.SweepFiles;
import org.mfsweep.sweep.SweepSpec;

/** The per-problem memory estimate: no int overflow, and sizes no task can hold refused with the numbers. */
class ProblemSizeTest {
  @TempDir Path dir;

  @Test
  void estimatesAreComputedWithoutIntOverflow() {
    // n = 46341: n·n = 2 147 488 281 > 2³¹ − 1; in int arithmetic it would be negative
    ProblemSize.Estimate e = ProblemSize.of(new ProblemSpec(Kind.COMPLETION, 46_341, 100, 1, 0), 46_341, 10);
    assertTrue(e.largestArray() > ProblemSize.MAX_ARRAY, "n² doubles exceed a Java array: " + e.largestArray());
    assertTrue(e.bytes() > 16.0 * 46_341 * 46_341 * 8, "at least the reference's n × n workspaces");
    ProblemSize.Estimate huge = ProblemSize.of(new ProblemSpec(Kind.SENSING, 1_000_000_000, 2_000_000_000, 1, 0),
        1_000_000_000, 1000);
    assertTrue(huge.bytes() >= 8 * 5e17 * 2e9 && Double.isFinite(huge.bytes()), "p·m = 1e27 doubles: " + huge.bytes());
  }

  @Test
  void theEstimateGrowsAsEachKindsDataDoes() {
    for (Kind k : org.mfsweep.problem.Kinds.all().stream().map(org.mfsweep.problem.ProblemKind::kind).toList()) {
      double small = ProblemSize.of(new ProblemSpec(k, 40, 30, 1, 0), 40, 100).bytes();
      double moreM = ProblemSize.of(new ProblemSpec(k, 40, 60, 1, 0), 40, 100).bytes();
      double moreN = ProblemSize.of(new ProblemSpec(k, 80, 30, 1, 0), 80, 100).bytes();
      assertTrue(small > 0 && moreN > small, k + ": n");
      if (!k.equals(Kind.COMPLETION)) { // completion's test set shrinks as m grows: every unobserved entry
        assertTrue(moreM > small, k + ": m");
      }
    }
    // sensing holds p·(m + t) packed measurement entries: n = 50, m = 300, t = 1000 → 1275·1300 doubles at least
    double sensing = ProblemSize.of(new ProblemSpec(Kind.SENSING, 50, 300, 2, 0), 50, 1000).bytes();
    assertTrue(sensing >= 8.0 * 1275 * 1300, "sensing " + sensing);
  }

  private SweepSpec sweep(String grid) throws IOException {
    Path conf = dir.resolve("big.conf");
    Files.writeString(conf, "name = big\noutput = out\ngrid { " + grid + ", alpha = 1e-3, eta = 0.25 }\n");
    return SweepFiles.load(conf, List.of(), dir.resolve("out").toString());
  }

  @Test
  void aProblemNoTaskCanHoldIsRefusedWithWhatItNeedsAndWhatATaskHas() throws IOException {
    SweepSpec billion = sweep("n = 1e9, m = 10, rank = 1");
    SetupException e = assertThrows(SetupException.class, () -> ProblemSize.check(billion, 1e9, "test: 1 GB"));
    assertTrue(e.getMessage().startsWith("the sensing problem with n = 1000000000, m = 10 needs an array of 5.00e+20"
        + " doubles, more than a Java array can hold"), e.getMessage());
    SweepSpec big = sweep("kind = completion, n = 12000, m = 1000, rank = 1");
    SetupException f = assertThrows(SetupException.class, () -> ProblemSize.check(big, 1e9, "test: 1 GB"));
    assertTrue(f.getMessage().matches("the completion problem with n = 12000, m = 1000 needs at least \\d+\\.\\d GB "
        + "per task, and a task has 953\\.7 MB \\(test: 1 GB\\); give it more memory .*"), f.getMessage());
    ProblemSize.check(sweep("n = 30, m = 180, rank = 2"), 1e9, "test"); // the quick start's size fits
    assertEquals("1.5 GB", ProblemSize.bytes(1.5 * (1L << 30)));
  }
}
