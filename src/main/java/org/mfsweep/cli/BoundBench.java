package org.mfsweep.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.mfsweep.engine.Estimate;
import org.mfsweep.engine.SweepRunner;
import org.mfsweep.sweep.SweepFiles;
import org.mfsweep.sweep.SweepSpec;

/**
 * {@code bench --cases bound}: plan's worst case against the wall time the sweep then takes, on a
 * tiny sweep (many sensing runs at n = 10) and a large one (sensing n = 50, m = 300). The runs have
 * tolerance 0, so that they go to max-iterations as the worst case assumes; the wall time counts
 * Spark's start and the sweep, as the estimate does (not the calibration itself). The ratio must be
 * ≥ 1; how far above says how loose the bound is.
 */
final class BoundBench {
  private BoundBench() {}

  private static long processCpu() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private record Case(String name, String grid, int iterations) {}

  private static final List<Case> CASES = List.of(
      new Case("bound tiny: sensing n=10, 512 runs", """
          kind = sensing
          n = 10
          m = "3*n*rank"
          rank = 2
          alpha = {from = 1e-6, to = 1e-1, steps = 16, scale = log}
          eta = 0.1
          seed = {from = 1, to = 32, steps = 32, scale = linear}
          """, 2000),
      new Case("bound large: sensing n=50 m=300, 32 runs", """
          kind = sensing
          n = 50
          m = 300
          rank = 2
          alpha = {from = 1e-6, to = 1e-1, steps = 4, scale = log}
          eta = 0.1
          seed = {from = 1, to = 8, steps = 8, scale = linear}
          """, 2000));

  static void run(PrintWriter out, List<String> table, String master) throws IOException {
    out.println("bound: plan's worst case (calibrated on the spot) against the sweep's wall time on " + master);
    for (Case c : CASES) {
      Path dir = Files.createTempDirectory("mfsweep-bound");
      try {
        Path conf = dir.resolve("bound.conf");
        Files.writeString(conf, "name = bench-bound\noutput = " + dir.resolve("out") + "\ngrid {\n" + c.grid()
            + "}\nrun { max-iterations = " + c.iterations() + ", tolerance = 0 }\nreference.enabled = false\n"
            + "engine.ui = false\n");
        SweepSpec sweep = SweepFiles.load(conf, List.of(), null);
        Estimate e = Estimate.of(sweep, Estimate.Slots.forMaster(master, null));
        StringWriter said = new StringWriter();
        e.describe(new PrintWriter(said, true));
        long t = System.nanoTime();
        long cpu = processCpu();
        SparkSession spark = SparkSession.builder().master(master).appName("mfsweep-bench-bound")
            .config("spark.ui.enabled", "false").getOrCreate();
        double startWall = (System.nanoTime() - t) * 1e-9;
        double startCpu = (processCpu() - cpu) * 1e-9;
        SweepRunner.Summary summary;
        try {
          summary = new SweepRunner(spark).run(sweep, new PrintWriter(new StringWriter()));
        } finally {
          spark.stop();
        }
        double wall = (System.nanoTime() - t) * 1e-9;
        double cpuAll = (processCpu() - cpu) * 1e-9;
        out.printf(Locale.ROOT, "%s: Spark start %.1f s wall, %.1f s process CPU; start and sweep %.1f s process "
            + "CPU%n", c.name(), startWall, startCpu, cpuAll);
        double ratio = e.seconds() / wall;
        out.printf(Locale.ROOT, "%s: statuses %s; worst case %.1f s (compute %.1f s, contention ×%.2f at load %.1f), "
                + "actual %.1f s (Spark start and the sweep): ratio %.2f%s%n", c.name(), summary.byStatus(),
            e.seconds(), e.compute(), e.contention(), e.load(), wall, ratio, ratio >= 1 ? "" : "  BELOW 1: NOT A BOUND");
        out.print(said.toString().indent(2));
        table.add(String.format(Locale.ROOT, "%-44s %s", c.name(), String.format(Locale.ROOT,
            "worst %.1f s / actual %.1f s = %.2f (≥ 1 required)", e.seconds(), wall, ratio)));
      } finally {
        try (Stream<Path> files = Files.walk(dir)) {
          files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }
}
