package org.mfsweep.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mfsweep.optim.GradientFlow;
import org.mfsweep.spec.RunOutcome;
import org.mfsweep.optim.Start;
import org.mfsweep.problem.EntryOperator;
import org.mfsweep.problem.Problem;
import org.mfsweep.problem.Problems;
import org.mfsweep.spec.FlowMethod;
import org.mfsweep.spec.FlowSettings;
import org.mfsweep.spec.Init;
import org.mfsweep.spec.Kind;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.spec.RunSettings;
import org.mfsweep.spec.RunSpec;

/**
 * {@code bench --cases flow}: gradient flow, the engine's integrators side by side with SciPy's in
 * one invocation.
 * <ol>
 *   <li>The seed's 3 × 3 completion flow (4 entries, rank 1, identity start at α = 1e-4) to t = 10⁶ at
 *       rtol 1e-8, atol 1e-12: the engine's Rosenbrock and Dormand–Prince runs against
 *       {@code bench/flow_scipy.py}, i.e. {@code solve_ivp} with LSODA (given the analytic Jacobian)
 *       and DOP853 on the same problem and start; seconds per run and the endpoints' relative gap.
 *   <li>n = 50 sensing (m = 300, rank 2) at the same tolerances to the run tolerance 1e-12 or t = 10⁴,
 *       width 2 and width n: rosenbrock, dopri and auto, seconds per run, and auto's endpoint against dopri's.
 * </ol>
 */
final class FlowBench {
  private FlowBench() {}

  static void run(PrintWriter out, List<String> table, int repeats, Path script) throws IOException,
      InterruptedException {
    // ---- 3 × 3 completion, the exhaustive job's flow ----
    ProblemSpec ps = new ProblemSpec(Kind.COMPLETION, 3, 4, 1, 1);
    Problem p = Problems.build(ps, 0);
    RunSettings settings = new RunSettings(10_000_000, 0, 1e6, 2, 10);
    RunSpec rb = run(ps, 3, 1e-4, settings, 1e6, FlowMethod.ROSENBROCK);
    RunSpec dp = run(ps, 3, 1e-4, settings, 1e6, FlowMethod.DOPRI);
    Timing engineRb = best(p, rb, repeats);
    RunOutcome rbOut = new GradientFlow(p).run(rb);
    Timing engineDp = best(p, dp, 1);
    RunOutcome dpOut = new GradientFlow(p).run(dp);
    out.printf(Locale.ROOT, "flow 3×3 completion to t=1e6 (rtol 1e-8, atol 1e-12), CPU ms (wall ms) per run: engine "
            + "rosenbrock %d steps, %.2f (%.2f) best of %d after %.0f s of warm-up, median %.2f; engine dopri %d steps, "
            + "%.1f (%.1f)%n", rbOut.iterations(), engineRb.cpu() * 1e3, engineRb.wall() * 1e3, engineRb.runs(),
        WARM_UP_NANOS * 1e-9, engineRb.medianCpu() * 1e3, dpOut.iterations(), engineDp.cpu() * 1e3, engineDp.wall() * 1e3);
    String lsodaName = "flow 3×3 completion t=1e6: rosenbrock vs LSODA (CPU)";
    String dopName = "flow 3×3 completion t=1e6: rosenbrock vs DOP853 (CPU)";
    if (script == null) {
      out.println("  scipy script not found (bench/flow_scipy.py beside the jar's project, or --scipy PATH)");
    } else {
      String json = scipy(out, script, p, rb, Math.max(LSODA_REPEATS, repeats));
      double lsoda = number(json, "LSODA", "cpu_seconds");
      double dop853 = number(json, "DOP853", "cpu_seconds");
      double[] lsodaEnd = vector(json, "LSODA");
      double[] dopEnd = vector(json, "DOP853");
      double gapLsoda = gap(rbOut.factor(), lsodaEnd);
      double gapDop = gap(rbOut.factor(), dopEnd);
      double gapDopri = gap(dpOut.factor(), dopEnd);
      double lsodaMedian = number(json, "LSODA", "median_cpu_seconds");
      out.printf(Locale.ROOT, "  scipy LSODA %d steps, %.1f (%.1f) ms, median %.1f; DOP853 %d steps, %.0f (%.0f) ms%n",
          (int) number(json, "LSODA", "steps"), lsoda * 1e3, number(json, "LSODA", "seconds") * 1e3,
          lsodaMedian * 1e3,
          (int) number(json, "DOP853", "steps"), dop853 * 1e3, number(json, "DOP853", "seconds") * 1e3);
      out.printf(Locale.ROOT, "  endpoint ‖U − U_LSODA‖/‖U_LSODA‖: rosenbrock %.1e; ‖U − U_DOP853‖/‖U_DOP853‖: "
          + "rosenbrock %.1e, engine dopri %.1e (target ≤ 1e-6)%n", gapLsoda, gapDop, gapDopri);
      out.printf(Locale.ROOT, "  LSODA / engine rosenbrock = %.1f× best to best, %.1f× median to median (target ≥ 10×);"
          + " DOP853 / engine = %.0f×; engine dopri / engine rosenbrock = %.0f×%n", lsoda / engineRb.cpu(),
          lsodaMedian / engineRb.medianCpu(), dop853 / engineRb.cpu(), engineDp.cpu() / engineRb.cpu());
      table.add(String.format(Locale.ROOT, "%-44s %11.2f ms %11.2f ms %7.1f×   gap %.0e", lsodaName,
          engineRb.cpu() * 1e3, lsoda * 1e3, lsoda / engineRb.cpu(), gapLsoda));
      table.add(String.format(Locale.ROOT, "%-44s %11.2f ms %11.2f ms %7.1f×   gap %.0e", dopName,
          engineRb.cpu() * 1e3, dop853 * 1e3, dop853 / engineRb.cpu(), gapDop));
    }
    table.add(String.format(Locale.ROOT, "%-44s %11.2f ms %11.2f ms %7.1f×", "flow 3×3 completion: rosenbrock vs dopri (CPU)",
        engineRb.cpu() * 1e3, engineDp.cpu() * 1e3, engineDp.cpu() / engineRb.cpu()));

    // ---- n = 50 sensing ----
    ProblemSpec sensing = new ProblemSpec(Kind.SENSING, 50, 300, 2, 0);
    Problem sp = Problems.build(sensing, 100);
    RunSettings ss = new RunSettings(10_000_000, 1e-12, 1e6, 2, 100);
    for (int width : new int[] {2, 50}) {
      StringBuilder line = new StringBuilder();
      double[] seconds = new double[FlowMethod.values().length];
      RunOutcome[] outcomes = new RunOutcome[FlowMethod.values().length];
      for (FlowMethod m : new FlowMethod[] {FlowMethod.ROSENBROCK, FlowMethod.DOPRI, FlowMethod.AUTO}) {
        RunSpec r = run(sensing, width, 1e-3, ss, 1e4, m);
        long c = THREADS.getCurrentThreadCpuTime();
        RunOutcome o = new GradientFlow(sp).run(r);
        seconds[m.ordinal()] = (THREADS.getCurrentThreadCpuTime() - c) * 1e-9;
        outcomes[m.ordinal()] = o;
        line.append(String.format(Locale.ROOT, " %s: %s at t=%.3g, %d steps, %.3f CPU s;", m.configName(), o.status(),
            o.time(), o.iterations(), seconds[m.ordinal()]));
      }
      int dim = width * sensing.n();
      RunOutcome a = outcomes[FlowMethod.AUTO.ordinal()];
      boolean switched = GradientFlow.method(FlowMethod.AUTO, dim) == FlowMethod.DOPRI
          && GradientFlow.rosenbrockPays(sp, width) && a.iterations() > GradientFlow.AUTO_SWITCH_STEPS;
      String auto = GradientFlow.method(FlowMethod.AUTO, dim) == FlowMethod.ROSENBROCK ? "rosenbrock"
          : switched ? "dopri, then rosenbrock after " + GradientFlow.AUTO_SWITCH_STEPS + " steps" : "dopri";
      double gap = gap(a.factor(), outcomes[FlowMethod.DOPRI.ordinal()].factor());
      out.printf(Locale.ROOT, "flow sensing n=50 m=300 rank=2 width %d (rtol 1e-8, atol 1e-12, tolerance 1e-12, "
          + "t ≤ 1e4; one run each):%s auto took %s; its endpoint %.1e from dopri's%n", width, line, auto, gap);
      double dopri = seconds[FlowMethod.DOPRI.ordinal()];
      double chosen = seconds[FlowMethod.AUTO.ordinal()];
      table.add(String.format(Locale.ROOT, "%-44s %11.3f s  %11.3f s  %7.2f×", "flow sensing n=50 width " + width
          + ": auto vs dopri (CPU)", chosen, dopri, dopri / chosen));
    }
  }

  private static RunSpec run(ProblemSpec ps, int width, double alpha, RunSettings s, double horizon, FlowMethod m) {
    return RunSpec.flow(ps, width, Init.IDENTITY, alpha, s, new FlowSettings(horizon, 1e-8, 1e-12, m));
  }

  /** CPU seconds of the calling thread and wall seconds of a run's timed repeats. */
  record Timing(double cpu, double wall, double medianCpu, int runs) {}

  /** LSODA's repeats (12 ms each on a quiet core): enough for a best and a median. */
  static final int LSODA_REPEATS = 15;
  /** JIT warm-up before a timed run: the exhaustive job runs 450 flows, a sweep of 10⁶ many more, per JVM. */
  static final long WARM_UP_NANOS = 2_000_000_000L;
  /** The timed runs of a repeated case last at least this long (and are at least the repeats). */
  static final long TIMED_NANOS = 1_000_000_000L;

  /**
   * The best and median CPU seconds of the calling thread (and the best wall seconds) of a run. With
   * repeats &gt; 1: after at least {@link #WARM_UP_NANOS} of warm-up runs (JIT steady state, as a
   * sweep's executor reaches it), over the repeats or at least {@link #TIMED_NANOS} of runs; with
   * repeats = 1 one warm-up run and one timed run. CPU time, here and in the SciPy script, keeps
   * the ratio true on a machine that other work shares.
   */
  private static Timing best(Problem p, RunSpec r, int repeats) {
    GradientFlow flow = new GradientFlow(p);
    long warm = System.nanoTime();
    for (int i = 0; i < 5 || System.nanoTime() - warm < WARM_UP_NANOS; i++) {
      flow.run(r);
      if (repeats == 1) {
        break;
      }
    }
    double wall = Double.MAX_VALUE;
    java.util.List<Double> cpu = new java.util.ArrayList<>();
    long until = System.nanoTime() + TIMED_NANOS;
    for (int i = 0; i < repeats || (repeats > 1 && System.nanoTime() < until); i++) {
      long c = THREADS.getCurrentThreadCpuTime();
      long t = System.nanoTime();
      flow.run(r);
      wall = Math.min(wall, (System.nanoTime() - t) * 1e-9);
      cpu.add((THREADS.getCurrentThreadCpuTime() - c) * 1e-9);
    }
    java.util.Collections.sort(cpu);
    return new Timing(cpu.get(0), wall, cpu.get(cpu.size() / 2), cpu.size());
  }

  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  private static double gap(double[] a, double[] b) {
    double num = 0;
    double den = 0;
    for (int i = 0; i < a.length; i++) {
      num += (a[i] - b[i]) * (a[i] - b[i]);
      den += b[i] * b[i];
    }
    return Math.sqrt(num / den);
  }

  /** Runs the SciPy script on the run's problem and start; returns its JSON line. */
  private static String scipy(PrintWriter out, Path script, Problem p, RunSpec r, int repeats) throws IOException,
      InterruptedException {
    int n = p.n();
    int d = r.width();
    EntryOperator op = (EntryOperator) p.train();
    int[] rows = new int[p.m()];
    int[] cols = new int[p.m()];
    for (int i = 0; i < p.m(); i++) {
      rows[i] = op.index(i) % n;
      cols[i] = op.index(i) / n;
    }
    double[] u0 = new double[n * d];
    Start.fill(r, u0);
    String input = String.format(Locale.ROOT, "{\"n\": %d, \"d\": %d, \"rows\": %s, \"cols\": %s, \"y\": %s, \"u0\": %s,"
            + " \"horizon\": %s, \"rtol\": %s, \"atol\": %s, \"repeats\": %d, \"dop853_repeats\": 1}", n, d,
        Arrays.toString(rows), Arrays.toString(cols), json(p.y()), json(u0), r.flow().horizon(),
        r.flow().relativeTolerance(), r.flow().absoluteTolerance(), repeats);
    ProcessBuilder pb = new ProcessBuilder("python3", script.toString()).redirectErrorStream(true);
    pb.environment().put("OPENBLAS_NUM_THREADS", "1");
    Process proc = pb.start();
    try (OutputStream in = proc.getOutputStream()) {
      in.write(input.getBytes(StandardCharsets.UTF_8));
    }
    String text = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!proc.waitFor(20, TimeUnit.MINUTES) || proc.exitValue() != 0) {
      throw new IllegalStateException("scipy flow baseline failed: python3 " + script + "\n" + text);
    }
    out.printf(Locale.ROOT, "scipy: python3 %s (LSODA best and median of %d, DOP853 once)%n", script.getFileName(),
        repeats);
    return text;
  }

  private static String json(double[] v) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < v.length; i++) {
      b.append(i > 0 ? ", " : "").append(Double.toString(v[i]));
    }
    return b.append(']').toString();
  }

  private static String section(String json, String method) {
    int at = json.indexOf("\"" + method + "\"");
    if (at < 0) {
      throw new IllegalStateException("no " + method + " in the scipy output: " + json);
    }
    int end = json.indexOf('}', at);
    return json.substring(at, end);
  }

  private static double number(String json, String method, String key) {
    Matcher m = Pattern.compile("\"" + key + "\":\\s*([0-9.eE+-]+)").matcher(section(json, method));
    if (!m.find()) {
      throw new IllegalStateException("no " + method + "." + key + " in the scipy output: " + json);
    }
    return Double.parseDouble(m.group(1));
  }

  private static double[] vector(String json, String method) {
    Matcher m = Pattern.compile("\"u_end\":\\s*\\[([^]]*)]").matcher(section(json, method));
    if (!m.find()) {
      throw new IllegalStateException("no " + method + ".u_end in the scipy output: " + json);
    }
    return Arrays.stream(m.group(1).split(",")).map(String::trim).mapToDouble(Double::parseDouble).toArray();
  }

  /** bench/flow_scipy.py in a folder above the running code (the project's own folder). */
  static Path defaultScript() {
    try {
      Path dir = Path.of(FlowBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      for (; dir != null; dir = dir.getParent()) {
        Path candidate = dir.resolve("bench/flow_scipy.py");
        if (Files.isRegularFile(candidate)) {
          return candidate;
        }
      }
    } catch (java.net.URISyntaxException | RuntimeException e) {
      return null;
    }
    return null;
  }
}
