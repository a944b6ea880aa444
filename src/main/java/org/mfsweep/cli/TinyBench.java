package org.mfsweep.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mfsweep.linalg.SmallKernels;
import org.mfsweep.optim.GradientDescent;
import org.mfsweep.problem.Kinds;
import org.mfsweep.problem.Problem;
import org.mfsweep.problem.Problems;
import org.mfsweep.spec.Init;
import org.mfsweep.spec.Kind;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.spec.RunOutcome;
import org.mfsweep.spec.RunSettings;
import org.mfsweep.spec.RunSpec;

/**
 * {@code bench --cases tiny}: gradient descent on tiny problems, where a step is a few tens to a few
 * thousand flops and per-call overhead, not arithmetic, sets the pace. For completion n = 3, m = 4
 * (rank 1) and sensing n = 10, m = 60 (rank 2), width n, a batch of K runs (the α's of
 * {@code numpy_gd.py --batch K}) is timed differentially, per run-iteration, through the real
 * {@link GradientDescent}: with the kernels {@link SmallKernels} picks (auto), and forced to Java
 * loops and to BLAS. Next to it: {@code numpy_gd.py} on the same size (one run; for sensing also
 * {@code --batch K}), and the flop limit, the engine's flop count per run-iteration at the
 * single-thread dgemm rate measured in the same invocation.
 *
 * <p>{@code --tiny-scan} also times Java loops against BLAS at growing sizes of each kind: the
 * measurement behind the thresholds in {@link SmallKernels}.
 */
final class TinyBench {
  private TinyBench() {}

  /** numpy_gd.py as BenchCommand runs it: best value of a key over the repeats. */
  interface NumPy {
    double run(String key, Object... args) throws IOException, InterruptedException;
  }

  /**
   * @param rates the single-thread dgemm rate by wall time and by thread CPU time, from BenchCommand
   * @param script numpy_gd.py, or null (numpy then is null too)
   */
  static void run(PrintWriter out, List<String> table, int repeats, int batch, int steps, double alpha, double eta,
                  double[] rates, Path script, NumPy numpy, boolean scan) throws IOException, InterruptedException {
    out.printf(Locale.ROOT, "tiny: %s; load average %s%n", SmallKernels.describe(), loadAverage());
    table.add(String.format(Locale.ROOT, "%-40s %10s %10s %7s | %10s %10s %7s | %10s %7s",
        "tiny case, per run-iteration", "eng wall", "numpy wall", "ratio", "eng CPU", "numpy CPU", "ratio",
        "flop limit", "eng/lim"));
    tinyCase(out, table, repeats, batch, steps, alpha, eta, rates, script, numpy,
        new ProblemSpec(Kind.COMPLETION, 3, 4, 1, 1));
    tinyCase(out, table, repeats, batch, steps, alpha, eta, rates, script, numpy,
        new ProblemSpec(Kind.SENSING, 10, 60, 2, 1));
    if (scan) {
      scan(out, repeats, batch, alpha, eta);
    }
  }

  private static void tinyCase(PrintWriter out, List<String> table, int repeats, int batch, int steps, double alpha,
                               double eta, double[] rates, Path script, NumPy numpy, ProblemSpec ps)
      throws IOException, InterruptedException {
    Problem problem = Problems.build(ps, 0);
    int width = ps.n();
    double[] alphas = alphas(batch, alpha);
    double[] autoTimes = perRunIteration(problem, ps, width, alphas, eta, steps, repeats, "auto");
    double auto = autoTimes[0];
    double autoCpu = autoTimes[1];
    double[] java = perRunIteration(problem, ps, width, alphas, eta, steps, repeats, "java");
    double[] blas = perRunIteration(problem, ps, width, alphas, eta, steps, repeats, "blas");
    double flops = Kinds.of(ps.kind()).stepFlops(ps, width);
    double dgemm = rates[0];
    double limit = flops / dgemm;
    double limitCpu = flops / rates[1];
    String kind = ps.kind().configName();
    double numpyOne = numpy == null ? Double.NaN : numpy.run("us_per_iter", kind, "--n", ps.n(), "--m", ps.m(),
        "--rank", ps.rank(), "--iters", steps, "--alpha", alpha, "--eta", eta) * 1e-6;
    double numpyBatch = numpy == null || !ps.kind().equals(Kind.SENSING) ? Double.NaN
        : numpy.run("us_per_run_iter", kind, "--n", ps.n(), "--m", ps.m(), "--rank", ps.rank(), "--iters", steps,
            "--alpha", alpha, "--eta", eta, "--batch", batch) * 1e-6;
    double numpyOneCpu = script == null ? Double.NaN : numpyCpu(out, script, repeats, steps, 1, kind, "--n", ps.n(),
        "--m", ps.m(), "--rank", ps.rank(), "--alpha", alpha, "--eta", eta);
    double numpyBatchCpu = script == null || !ps.kind().equals(Kind.SENSING) ? Double.NaN
        : numpyCpu(out, script, repeats, steps, batch, kind, "--n", ps.n(), "--m", ps.m(), "--rank", ps.rank(),
            "--alpha", alpha, "--eta", eta, "--batch", batch);
    String name = String.format(Locale.ROOT, "tiny %s n=%d m=%d, %d runs", kind, ps.n(), ps.m(), batch);
    out.printf(Locale.ROOT, "%s: engine (best of %d batches of %d steps − best of %d of %d) / (%d × %d), wall: auto %.1f ns"
            + " (thread CPU %.1f ns), Java loops forced %.1f ns (CPU %.1f), BLAS forced %.1f ns (CPU %.1f) per "
            + "run-iteration (BLAS / Java = %.1f× CPU); %.0f flops per run-iteration (%.2f GFLOP/s), at the dgemm rate %.1f ns: engine / flop limit = "
            + "%.1f× wall, at the CPU-time rate %.1f ns: %.1f× CPU (target ≤ 5×)%n", name, repeats, steps + steps / 10,
        repeats, steps / 10, steps, batch, auto * 1e9, autoCpu * 1e9, java[0] * 1e9, java[1] * 1e9, blas[0] * 1e9,
        blas[1] * 1e9, blas[1] / java[1], flops,
        flops / auto / 1e9, limit * 1e9, auto / limit, limitCpu * 1e9, autoCpu / limitCpu);
    if (!Double.isNaN(numpyOne)) {
      out.printf(Locale.ROOT, "  numpy one run %.2f µs per iteration wall, %.2f µs CPU: numpy / engine = %.0f× wall, "
              + "%.0f× CPU (target ≥ 100× at n = 3)%s%n", numpyOne * 1e6, numpyOneCpu * 1e6, numpyOne / auto,
          numpyOneCpu / autoCpu, Double.isNaN(numpyBatch) ? ""
              : String.format(Locale.ROOT, "; numpy --batch %d %.2f µs per run-iteration wall, %.2f µs CPU: %.0f× wall, "
                  + "%.0f× CPU", batch, numpyBatch * 1e6, numpyBatchCpu * 1e6, numpyBatch / auto,
                  numpyBatchCpu / autoCpu));
    }
    table.add(row(name.replace("tiny ", "") + " vs 1 run", auto, numpyOne, autoCpu, numpyOneCpu, limitCpu));
    if (!Double.isNaN(numpyBatch)) {
      table.add(row(name.replace("tiny ", "") + " vs --batch " + batch, auto, numpyBatch, autoCpu, numpyBatchCpu,
          limitCpu));
    }
  }

  private static String row(String name, double wall, double numpyWall, double cpu, double numpyCpu, double limit) {
    return String.format(Locale.ROOT, "%-40s %7.1f ns %7.2f µs %6.0f× | %7.1f ns %7.2f µs %6.0f× | %7.1f ns %6.1f×",
        name, wall * 1e9, numpyWall * 1e6, numpyWall / wall, cpu * 1e9, numpyCpu * 1e6, numpyCpu / cpu, limit * 1e9,
        cpu / limit);
  }

  /**
   * NumPy's CPU seconds per run-iteration, differentially like the engine's: the CPU time (user +
   * system, getrusage of the child) of numpy_gd.py with --iters steps + steps/10 minus that with
   * --iters steps/10, each the best of repeats, over steps × batch. Start-up, setup and the 50
   * warm-up iterations cancel; other processes' time slices do not count, as for the engine.
   */
  private static double numpyCpu(PrintWriter out, Path script, int repeats, int steps, int batch, Object... args)
      throws IOException, InterruptedException {
    int first = Math.max(50, steps / 10);
    double shortRun = Double.MAX_VALUE;
    double longRun = Double.MAX_VALUE;
    for (int i = 0; i < repeats; i++) {
      shortRun = Math.min(shortRun, childCpu(script, first, args));
      longRun = Math.min(longRun, childCpu(script, first + steps, args));
    }
    double perRunIteration = (longRun - shortRun) / steps / batch;
    out.printf(Locale.ROOT, "numpy CPU: (best of %d with --iters %d − best of %d with --iters %d) / (%d × %d) = %.2f µs%n",
        repeats, first + steps, repeats, first, steps, batch, perRunIteration * 1e6);
    return perRunIteration;
  }

  private static double childCpu(Path script, int iters, Object... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("python3", "-c",
        "import resource, subprocess, sys\n"
            + "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
            + "r = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
            + "print(r.ru_utime + r.ru_stime)",
        "python3", script.toString()));
    for (Object a : args) {
      cmd.add(a.toString());
    }
    cmd.add("--iters");
    cmd.add(Integer.toString(iters));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("OPENBLAS_NUM_THREADS", "1");
    Process p = pb.start();
    String text = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
    if (!p.waitFor(10, java.util.concurrent.TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException("numpy baseline failed: " + String.join(" ", cmd) + "\n" + text);
    }
    return Double.parseDouble(text.substring(text.lastIndexOf('\n') + 1).trim());
  }

  /** The first three fields of /proc/loadavg (the machine is shared), or "unknown". */
  static String loadAverage() {
    try {
      String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /** The α's of numpy_gd.py --batch K: logspace(-1, -6, K) · α/1e-3. */
  private static double[] alphas(int batch, double alpha) {
    double[] alphas = new double[batch];
    for (int s = 0; s < batch; s++) {
      alphas[s] = Math.pow(10, -1 - 5.0 * s / Math.max(1, batch - 1)) * alpha / 1e-3;
    }
    return alphas;
  }

  /**
   * Seconds per run-iteration of a batch with {@link SmallKernels#PROPERTY} = mode: (best batch of
   * steps + steps/10 iterations − best batch of steps/10) / (steps × batch).
   */
  static double[] perRunIteration(Problem problem, ProblemSpec ps, int width, double[] alphas, double eta, int steps,
                                  int repeats, String mode) {
    String before = System.getProperty(SmallKernels.PROPERTY);
    System.setProperty(SmallKernels.PROPERTY, mode);
    try {
      GradientDescent gd = new GradientDescent(problem, alphas.length);
      int first = Math.max(1, steps / 10);
      timed(gd, ps, width, alphas, eta, first + steps); // warm-up (JIT)
      timed(gd, ps, width, alphas, eta, first + steps);
      double[] shortRun = {Double.MAX_VALUE, Double.MAX_VALUE};
      double[] longRun = {Double.MAX_VALUE, Double.MAX_VALUE};
      for (int i = 0; i < repeats; i++) {
        double[] a = timed(gd, ps, width, alphas, eta, first);
        double[] b = timed(gd, ps, width, alphas, eta, first + steps);
        for (int c = 0; c < 2; c++) {
          shortRun[c] = Math.min(shortRun[c], a[c]);
          longRun[c] = Math.min(longRun[c], b[c]);
        }
      }
      double runIterations = (double) steps * alphas.length;
      return new double[] {(longRun[0] - shortRun[0]) / runIterations, (longRun[1] - shortRun[1]) / runIterations};
    } finally {
      if (before == null) {
        System.clearProperty(SmallKernels.PROPERTY);
      } else {
        System.setProperty(SmallKernels.PROPERTY, before);
      }
    }
  }

  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  /** (wall seconds, this thread's CPU seconds) of one batch. */
  private static double[] timed(GradientDescent gd, ProblemSpec ps, int width, double[] alphas, double eta,
                                int maxIterations) {
    RunSettings s = new RunSettings(maxIterations, 0, Double.MAX_VALUE, 1e9, 0);
    List<RunSpec> specs = new ArrayList<>();
    for (double a : alphas) {
      specs.add(new RunSpec(ps, width, Init.IDENTITY, a, eta, s));
    }
    long cpu = THREADS.getCurrentThreadCpuTime();
    long t = System.nanoTime();
    List<RunOutcome> done = gd.runBatch(specs);
    double seconds = (System.nanoTime() - t) * 1e-9;
    double cpuSeconds = (THREADS.getCurrentThreadCpuTime() - cpu) * 1e-9;
    for (RunOutcome o : done) {
      if (o.iterations() != maxIterations) {
        throw new IllegalStateException("a timed run stopped early: " + o.status() + " at " + o.iterations());
      }
    }
    return new double[] {seconds, cpuSeconds};
  }

  /** Java loops against BLAS at growing sizes: where the thresholds of SmallKernels come from. */
  private static void scan(PrintWriter out, int repeats, int batch, double alpha, double eta) {
    double[] alphas = alphas(batch, alpha);
    out.printf(Locale.ROOT, "tiny scan (gd, batch of %d, width n, thread-CPU ns per run-iteration; Java loops vs BLAS; load "
        + "average %s):%n", batch, loadAverage());
    for (int n : new int[] {3, 5, 6, 7, 8, 10, 12, 16, 20}) {
      ProblemSpec ps = new ProblemSpec(Kind.SENSING, n, 3 * n * 2, 2, 1);
      scanRow(out, ps, "p·m = " + (long) n * (n + 1) / 2 * ps.m(), alphas, eta, repeats);
    }
    for (int n : new int[] {3, 10, 20, 30, 40, 60}) {
      ProblemSpec ps = new ProblemSpec(Kind.DIAGONAL, n, 3 * n, 2, 1);
      scanRow(out, ps, "m·n = " + (long) n * ps.m(), alphas, eta, repeats);
    }
    for (int n : new int[] {3, 10, 30, 60}) {
      ProblemSpec ps = new ProblemSpec(Kind.COMPLETION, n, Math.min(n * (n + 1) / 2, 3 * n * 2), 2, 1);
      scanRow(out, ps, "m = " + ps.m(), alphas, eta, repeats);
    }
    out.flush();
  }

  private static void scanRow(PrintWriter out, ProblemSpec ps, String size, double[] alphas, double eta, int repeats) {
    Problem problem = Problems.build(ps, 0);
    double flops = Kinds.of(ps.kind()).stepFlops(ps, ps.n());
    // about 20 ms per timed batch whatever the size
    int steps = (int) Math.max(200, Math.min(20_000, 2e7 / (flops + 500) / alphas.length));
    // thread CPU time: the machine is shared, and only the ratio matters here
    double java = perRunIteration(problem, ps, ps.n(), alphas, eta, steps, repeats, "java")[1];
    double blas = perRunIteration(problem, ps, ps.n(), alphas, eta, steps, repeats, "blas")[1];
    double auto = perRunIteration(problem, ps, ps.n(), alphas, eta, steps, repeats, "auto")[1];
    out.printf(Locale.ROOT, "  %-10s n=%3d m=%4d %-14s Java %9.1f  BLAS %9.1f  auto %9.1f  BLAS/Java %.2f%n",
        ps.kind().configName(), ps.n(), ps.m(), size, java * 1e9, blas * 1e9, auto * 1e9, blas / java);
    out.flush();
  }
}
