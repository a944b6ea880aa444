package org.mfsweep.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfsweep.spec.RunSpec;
import org.mfsweep.sweep.SweepFiles;
import org.mfsweep.sweep.SweepSpec;

/** The worst case's arithmetic, against hand computations (no timing is asserted). */
class EstimateTest {
  @TempDir Path dir;

  @Test
  void slotsTakeTasksInOrderEachToTheSlotThatFreesFirst() {
    // 2 slots: 5 → A [0,5], 4 → B [0,4], 3 → B [4,7], 2 → A [5,7], 1 → A or B at 7 → 8
    assertEquals(8.0, Estimate.makespan(List.of(5.0, 4.0, 3.0, 2.0, 1.0), 2), 0);
    // in the other order: 1 A, 2 B, 3 A [1,4], 4 B [2,6], 5 A [4,9]
    assertEquals(9.0, Estimate.makespan(List.of(1.0, 2.0, 3.0, 4.0, 5.0), 2), 0);
    assertEquals(15.0, Estimate.makespan(List.of(1.0, 2.0, 3.0, 4.0, 5.0), 1), 0);
    assertEquals(5.0, Estimate.makespan(List.of(1.0, 2.0, 3.0, 4.0, 5.0), 8), 0);
    assertEquals(0.0, Estimate.makespan(List.of(), 2), 0);
    assertThrows(IllegalArgumentException.class, () -> Estimate.makespan(List.of(1.0), 0));
  }

  @Test
  void differentialTimingSeparatesTheFixedCostFromTheIterations() {
    // F = 2, c = 0.5: 10 iterations 7 s, 50 iterations 27 s
    assertArrayEquals(new double[] {0.5, 2.0}, Calibration.differential(10, 7, 50, 27), 1e-12);
    assertArrayEquals(new double[] {0.5, 2.0}, Calibration.differential(50, 27, 10, 7), 1e-12);
    // noise that makes the longer run cheaper: no negative cost, all of it fixed
    assertArrayEquals(new double[] {0.0, 7.0}, Calibration.differential(10, 7, 50, 6), 1e-12);
    // a fixed cost that would come out negative is 0
    assertArrayEquals(new double[] {1.0, 0.0}, Calibration.differential(10, 5, 20, 15), 1e-12);
    // runs that stopped at the same iteration: all of it may be either
    assertArrayEquals(new double[] {3.0 / 4, 3.0}, Calibration.differential(4, 2, 4, 3), 1e-12);
  }

  @Test
  void theFitIsNeverBelowEitherMemberBetweenThem() {
    Calibration.Line rising = Calibration.fit(100, 2, 300, 6); // b = 0.02, a = 0
    assertEquals(0.02, rising.b(), 1e-15);
    assertEquals(0.0, rising.a(), 1e-15);
    assertEquals(4.0, rising.at(200), 1e-12);
    Calibration.Line overhead = Calibration.fit(300, 7, 100, 3); // b = 0.02, a = 1: fixed overhead + flops / rate
    assertEquals(1.0, overhead.a(), 1e-12);
    assertEquals(5.0, overhead.at(200), 1e-12);
    Calibration.Line falling = Calibration.fit(100, 5, 300, 4);
    assertEquals(new Calibration.Line(5, 0), falling);
    // a chord that would cross below 0 at x = 0 is replaced by the line through 0 and the dearer point
    Calibration.Line steep = Calibration.fit(100, 1, 200, 10);
    assertEquals(new Calibration.Line(0, 0.05), steep);
    assertTrue(steep.at(100) >= 1 && steep.at(200) >= 10 - 1e-12);
    assertEquals(new Calibration.Line(3, 0), Calibration.fit(100, 3, 100, 2));
  }

  @Test
  void contentionIsTheShareOfACoreEachSlotGets() {
    assertEquals(1.0, new Estimate.Slots(2, 2, 0).contention(), 0);
    assertEquals(3.0, new Estimate.Slots(2, 2, 4).contention(), 1e-15); // (4 + 2) / 2
    assertEquals(4.0, new Estimate.Slots(8, 2, 0).contention(), 1e-15); // 8 threads on 2 cores
    assertEquals(1.0, new Estimate.Slots(4, 0, Double.NaN).contention(), 0); // not this machine
    int cores = Runtime.getRuntime().availableProcessors();
    assertEquals(3, Estimate.Slots.forMaster("local[3]", null).slots());
    assertEquals(cores, Estimate.Slots.forMaster("local[*]", null).slots());
    assertEquals(2, Estimate.Slots.forMaster("local[2,4]", null).slots());
    assertEquals(1, Estimate.Slots.forMaster("local", null).slots());
    assertEquals(6, Estimate.Slots.forMaster("local-cluster[3,2,1024]", null).slots());
    assertEquals(cores, Estimate.Slots.forMaster(null, null).slots());
    Estimate.Slots remote = Estimate.Slots.forMaster("spark://example.org:7077", "12");
    assertEquals(12, remote.slots());
    assertEquals(0, remote.cores());
    assertEquals(cores, Estimate.Slots.forMaster("spark://127.0.0.1:7077", null).cores());
  }

  @Test
  void runsAreClassedByKindPowersOfTwoAndOptimizer() throws IOException {
    SweepSpec s = sweep("""
        n = [9, 16, 17]
        m = "3*n*rank"
        rank = 2
        alpha = 1e-3
        eta = 0.25
        optimizer = [gd, flow]
        seed = 1
        """, "");
    List<String> classes = s.runs().stream().map(Calibration::classOf).distinct().toList();
    // n = 9 and 16 share n ≤ 16 but not m (54 → 64, 96 → 128); n = 17 is n ≤ 32; flow by its integrator
    assertEquals(6, classes.size(), classes.toString());
    RunSpec nine = s.runs().stream().filter(r -> r.problem().n() == 9 && r.optimizer().name().equals("gd"))
        .findFirst().orElseThrow();
    assertEquals("sensing n≤16 m≤64 gd", Calibration.classOf(nine));
    assertTrue(classes.stream().anyMatch(c -> c.endsWith("flow/dopri")), classes.toString());
    assertEquals(1, Calibration.ceilPow2(1));
    assertEquals(16, Calibration.ceilPow2(16));
    assertEquals(32, Calibration.ceilPow2(17));
  }

  @Test
  void theEstimateAddsEveryWaveAndEveryTaskAtTheCalibratedCosts() throws IOException {
    SweepSpec s = sweep("""
        n = 6
        m = "3*n*rank"
        rank = 1
        alpha = [1e-3, 1e-2]
        eta = 0.1
        seed = [1, 2, 3]
        """, "engine.wave-runs = 4\nreference.enabled = false\n");
    Calibration cal = Calibration.measure(s, s.runs(), 0.2);
    assertEquals(1, cal.classes().size());
    Estimate.Slots slots = new Estimate.Slots(2, 2, 2); // contention (2 + 2) / 2 = 2
    Estimate e = Estimate.of(s, s.runs(), slots, cal);
    assertEquals(2, e.waves()); // 6 runs, waves of 4
    double compute = 0;
    for (int w = 0; w < 2; w++) {
      List<RunSpec> wave = s.runs().subList(4 * w, Math.min(6, 4 * w + 4));
      Plan plan = Plan.of(s.withRuns(wave), 2);
      List<Double> tasks = plan.tasks().stream().map(t -> Estimate.taskSeconds(t, cal)).toList();
      compute += 2 * Estimate.SAFETY * Estimate.makespan(tasks, 2);
    }
    assertEquals(compute, e.compute(), 1e-12 * compute);
    int rows = 6 * (1 + Estimate.traceRows(s.runs().get(0)));
    double overhead = Estimate.START_CPU_SECONDS + Estimate.FIRST_WAVE_CPU_SECONDS + 2 * Estimate.WAVE_CPU_SECONDS
        + rows * Estimate.ROW_CPU_SECONDS;
    assertEquals(compute + 2 * Estimate.SAFETY * overhead / 2, e.seconds(), 1e-9);
    // a task's seconds: its build and every run to max-iterations at F + c·max-iterations
    Task t = Plan.of(s, 2).tasks().get(0);
    Calibration.ClassCost c = cal.of(t.runs().get(0));
    double expected = c.build().at(Plan.buildCost(t.problem(), 0));
    for (RunSpec r : t.runs()) {
      expected += c.fixed().at(Plan.iterationFlops(r)) + c.perIteration().at(Plan.iterationFlops(r)) * 1000;
    }
    assertEquals(expected, Estimate.taskSeconds(t, cal), 1e-12 * expected);
    assertTrue(c.perIteration().at(Plan.iterationFlops(t.runs().get(0))) > 0);
  }

  @Test
  void confirmAboveIsADurationWithItsUnit() throws IOException {
    assertEquals(1800, sweep("n = 6\nm = 36\nrank = 1\nalpha = 1e-3\neta = 0.1\nseed = 1", "").engine()
        .confirmAboveSeconds(), 0);
    assertEquals(7200, sweep("n = 6\nm = 36\nrank = 1\nalpha = 1e-3\neta = 0.1\nseed = 1",
        "engine.confirm-above = 2 h\n").engine().confirmAboveSeconds(), 0);
    for (String bad : List.of("90", "\"soon\"", "\"0 s\"")) {
      Exception x = assertThrows(RuntimeException.class, () -> sweep("n = 6\nm = 36\nrank = 1\nalpha = 1e-3\n"
          + "eta = 0.1\nseed = 1", "engine.confirm-above = " + bad + "\n"));
      assertTrue(x.getMessage().contains("s.conf:") && x.getMessage().contains("engine.confirm-above"),
          x.getMessage());
    }
    assertEquals("1.0 s", Estimate.duration(1));
    assertEquals("2.5 min", Estimate.duration(150));
    assertEquals("2.5 h", Estimate.duration(9000));
  }

  SweepSpec sweep(String grid, String more) throws IOException {
    Path conf = dir.resolve("s.conf");
    Files.writeString(conf, "name = s\noutput = unused\ngrid {\n" + grid + "\n}\nrun.max-iterations = 1000\n" + more);
    return SweepFiles.load(conf, List.of(), dir.resolve("out").toString());
  }
}
