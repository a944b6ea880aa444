package org.mfsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfsweep.sweep.SweepFiles;
import org.mfsweep.sweep.SweepSpec;

/** The cluster case's plumbing: its sweep file, the split read from the driver's events, the speed-up. */
class ClusterBenchTest {
  /** A two-slot sweep: executors at +2 s and +3 s, references, compute from 5 s to 15 s, two commit jobs. */
  private static final List<String> EVENTS = List.of(
      "app-start 1000",
      "executor 3000",
      "job 0 3500 0 0",
      "executor 4000",
      "task 0 3600 4600",
      "task 0 4100 4900",
      "job-end 0 4950",
      "job 1 5000 1 1",
      "task 1 5000 13000",
      "task 1 5100 15000",
      "job-end 1 15000",
      "job 2 15500 0 2 3",
      "task 2 15600 16600",
      "task 3 16600 17100",
      "job-end 2 17200",
      "app-end 17500");

  @Test
  void theSplitAddsUpToTheWallTime() {
    ClusterBench.Split s = ClusterBench.Split.parse(EVENTS, 0, 18_000, 16.0, 2);
    assertEquals(18.0, s.wall(), 1e-12);
    assertEquals(1.0, s.appStart(), 1e-12);
    assertEquals(3.0, s.firstExecutor(), 1e-12);
    assertEquals(4.0, s.lastExecutor(), 1e-12);
    assertEquals(5.0, s.computeStart(), 1e-12);
    assertEquals(15.0, s.computeEnd(), 1e-12);
    assertEquals(1.0 + 0.8, s.before(), 1e-12, "the references job's tasks");
    assertEquals(8.0 + 9.9, s.computeBusy(), 1e-12);
    assertEquals(2, s.computeTasks());
    assertEquals(1.0 + 0.5, s.after(), 1e-12, "both stages of the commit job");
    assertEquals(1, s.jobsAfter());
    // 10 s × 2 slots of which 17.9 busy
    assertEquals(20.0 - 17.9, s.idle(), 1e-12);
    // the parts of describe() are consecutive: their sum is the wall time
    double parts = s.appStart() + (s.firstExecutor() - s.appStart()) + (s.computeStart() - s.firstExecutor())
        + (s.computeEnd() - s.computeStart()) + (s.appEnd() - s.computeEnd()) + (s.wall() - s.appEnd());
    assertEquals(s.wall(), parts, 1e-12);
    String text = s.describe();
    assertTrue(text.startsWith("wall 18.0 s = driver start 1.0 + executors registered at +2.0 (first), +3.0 (last)"),
        text);
    assertTrue(text.contains("compute job 10.0 (2 tasks, busy 17.9 of 20.0 core-s: runs 16.0, builds and task "
        + "overhead 1.9, idle 2.1)"), text);
    assertTrue(text.contains("commit and manifest 2.5 (1 jobs, 1.5 task core-s) + stop 0.5"), text);
  }

  @Test
  void eventsWithoutAComputeJobOrWithABadLineAreRefused() {
    List<String> noCompute = EVENTS.stream().map(l -> l.equals("job 1 5000 1 1") ? "job 1 5000 0 1" : l).toList();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ClusterBench.Split.parse(noCompute, 0, 18_000, 16, 2));
    assertTrue(e.getMessage().contains("compute job"), e.getMessage());
    List<String> bad = new java.util.ArrayList<>(EVENTS);
    bad.add(3, "task 0 x 4600");
    e = assertThrows(IllegalArgumentException.class, () -> ClusterBench.Split.parse(bad, 0, 18_000, 16, 2));
    assertTrue(e.getMessage().contains("'task 0 x 4600'"), e.getMessage());
    List<String> unfinished = EVENTS.stream().filter(l -> !l.startsWith("job-end 1")).toList();
    assertThrows(IllegalArgumentException.class, () -> ClusterBench.Split.parse(unfinished, 0, 18_000, 16, 2));
  }

  @Test
  void theSpeedUpIsTheRatioOfTheBestWallsWithThePairsSpread() {
    assertEquals("speed-up 1.90× = wall 190.0 s (1 worker) / 100.0 s (2 workers), best of 1",
        ClusterBench.speedUp(List.of(190.0), List.of(100.0)));
    // best against best (180 / 90), and each pair of one repeat: 190 / 100 and 180 / 90
    assertEquals("speed-up 2.00× = wall 180.0 s (1 worker) / 90.0 s (2 workers), best of 2; pairs 1.90–2.00×, "
            + "wall(1) 180.0–190.0 s, wall(2) 90.0–100.0 s",
        ClusterBench.speedUp(List.of(190.0, 180.0), List.of(100.0, 90.0)));
  }

  @Test
  void theSweepHas256RunsThatAllRunToMaxIterations(@TempDir Path dir) throws Exception {
    Path conf = dir.resolve("c.conf");
    Files.writeString(conf, ClusterBench.sweepFile(dir.resolve("out").toString(), 40, 8, 3000));
    SweepSpec sweep = SweepFiles.load(conf, List.of(), null);
    assertEquals(256, sweep.runs().size());
    assertEquals(8, sweep.runsByProblem().size());
    assertTrue(sweep.runs().stream().allMatch(r -> r.settings().tolerance() == 0
        && r.settings().maxIterations() == 3000 && r.problem().n() == 40), "tolerance 0, 3000 iterations, n = 40");
  }
}
