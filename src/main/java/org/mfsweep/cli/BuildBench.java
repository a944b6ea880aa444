package org.mfsweep.cli;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Locale;
import org.mfsweep.problem.Kinds;
import org.mfsweep.spec.Generator;
import org.mfsweep.spec.Kind;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.spec.Sampling;

/**
 * {@code bench --cases build}: the time to build one problem with each generator, side by side in
 * one invocation, in thread CPU time (so other load on the machine does not count), best of the
 * repeats, each build with its own seed so that no cache or JIT shortcut repeats a problem. The
 * ratio is well-polar's time over ziggurat's: how much faster the default generator builds.
 */
final class BuildBench {
  private BuildBench() {}

  /** The problems timed: the sweep bench's largest sensing problem, a mid-sized one, and completion. */
  static final List<ProblemSpec> CASES = List.of(
      new ProblemSpec(Kind.SENSING, 100, 600, 2, 0),
      new ProblemSpec(Kind.SENSING, 50, 300, 2, 0),
      new ProblemSpec(Kind.COMPLETION, 100, 2000, 5, 0, Sampling.POWER_LAW, 1.0));
  static final int TEST_SIZE = 1000;

  static void run(PrintWriter out, List<String> table, int repeats) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    out.printf(Locale.ROOT, "build: one problem with test size %d, thread CPU time, best of %d (a new seed each)%n",
        TEST_SIZE, repeats);
    for (ProblemSpec base : CASES) {
      double[] best = new double[Generator.values().length];
      // warm-up: class loading and the JIT on one build of each
      for (Generator g : Generator.values()) {
        build(base, g, -1);
      }
      for (int r = 0; r < repeats; r++) {
        for (Generator g : Generator.values()) {
          long t0 = threads.getCurrentThreadCpuTime();
          build(base, g, r);
          double s = (threads.getCurrentThreadCpuTime() - t0) * 1e-9;
          best[g.ordinal()] = r == 0 ? s : Math.min(best[g.ordinal()], s);
        }
      }
      double well = best[Generator.WELL_POLAR.ordinal()];
      double zig = best[Generator.ZIGGURAT.ordinal()];
      String name = String.format(Locale.ROOT, "build %s n=%d m=%d%s", base.kind(), base.n(), base.m(),
          base.sampling() == Sampling.POWER_LAW ? " power-law" : "");
      out.printf(Locale.ROOT, "%s: well-polar %.3f s, ziggurat %.3f s (%.2f× faster)%n", name, well, zig, well / zig);
      table.add(String.format(Locale.ROOT, "%-44s %12.3f s %12.3f s %8.2f   (ziggurat vs well-polar)", name, zig,
          well, well / zig));
    }
  }

  private static void build(ProblemSpec base, Generator g, long seed) {
    ProblemSpec spec = new ProblemSpec(base.kind(), base.n(), base.m(), base.rank(), 1000 + seed, base.sampling(),
        base.exponent(), base.pattern(), base.data(), base.cols(), base.general(), g);
    Kinds.of(spec.kind()).build(spec, TEST_SIZE);
  }
}
