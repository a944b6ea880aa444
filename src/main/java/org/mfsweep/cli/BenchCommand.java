package org.mfsweep.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mfsweep.linalg.Netlib;
import org.mfsweep.optim.Cost;
import org.mfsweep.optim.GradientDescent;
import org.mfsweep.optim.RunOutcome;
import org.mfsweep.problem.Problem;
import org.mfsweep.problem.Problems;
import org.mfsweep.sweep.Init;
import org.mfsweep.sweep.Kind;
import org.mfsweep.sweep.ProblemSpec;
import org.mfsweep.sweep.RunSettings;
import org.mfsweep.sweep.RunSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: time per iteration of one gradient-descent run in this JVM, next to the NumPy
 * baseline script run in the same invocation on the same sizes. No Spark. Run it through
 * submit.sh, which sets OPENBLAS_NUM_THREADS=1, so both sides use one thread.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Microseconds per gradient-descent iteration (sensing), engine vs the NumPy baseline, one thread.")
final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--n", description = "matrix size (default ${DEFAULT-VALUE})") int n = 50;
  @Option(names = "--m", description = "measurements (default ${DEFAULT-VALUE})") int m = 300;
  @Option(names = "--rank", description = "rank of the truth (default ${DEFAULT-VALUE})") int rank = 2;
  @Option(names = "--iters", description = "timed iterations (default ${DEFAULT-VALUE})") int iters = 2000;
  @Option(names = "--alpha", description = "start scale (default ${DEFAULT-VALUE})") double alpha = 1e-3;
  @Option(names = "--eta", description = "step size (default ${DEFAULT-VALUE})") double eta = 0.25;
  @Option(names = "--repeats", description = "timed repetitions; the best is reported (default ${DEFAULT-VALUE})")
  int repeats = 5;
  @Option(names = "--numpy", paramLabel = "SCRIPT",
      description = "the NumPy baseline (default: ../shared/bench/numpy_gd.py beside the project, when present)")
  Path numpy;

  @Override public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    ProblemSpec ps = new ProblemSpec(Kind.SENSING, n, m, rank, 0);
    Problem problem = Problems.build(ps, 1000);
    GradientDescent gd = new GradientDescent(problem);
    // tolerance 0 and no divergence stop: every repetition takes exactly iters steps
    RunSpec run = new RunSpec(ps, n, Init.IDENTITY, alpha, eta, new RunSettings(iters, 0, Double.MAX_VALUE, 2, 1000));
    RunSpec warmUp = new RunSpec(ps, n, Init.IDENTITY, alpha, eta, new RunSettings(200, 0, Double.MAX_VALUE, 2, 1000));
    for (int i = 0; i < 5; i++) {
      gd.run(warmUp);
    }
    double best = Double.MAX_VALUE;
    RunOutcome last = null;
    for (int i = 0; i < repeats; i++) {
      last = gd.run(run);
      best = Math.min(best, last.seconds() / last.iterations());
    }
    double engineUs = best * 1e6;
    double gflops = Cost.perIteration(ps, n) / best / 1e9;
    out.printf(Locale.ROOT, "sensing n=%d m=%d rank=%d, %d iterations, best of %d, OPENBLAS_NUM_THREADS=%s%n", n, m,
        rank, iters, repeats, System.getenv().getOrDefault("OPENBLAS_NUM_THREADS", "(unset)"));
    out.printf(Locale.ROOT, "engine  %9.1f µs/iteration  (%.2f GFLOP/s; %s; final train loss %.3g)%n", engineUs,
        gflops, Netlib.implementation().summary(), last.trainLoss());

    Path script = numpy != null ? numpy : defaultScript();
    if (script == null || !Files.isRegularFile(script)) {
      out.println("numpy   (baseline script not found; pass --numpy PATH/numpy_gd.py)");
      out.flush();
      return numpy == null ? Main.OK : Main.USAGE;
    }
    double numpyUs = numpyMicroseconds(script);
    out.printf(Locale.ROOT, "numpy   %9.1f µs/iteration  (%s)%n", numpyUs, script);
    out.printf(Locale.ROOT, "ratio   %9.2f× (numpy / engine)%n", numpyUs / engineUs);
    out.flush();
    return Main.OK;
  }

  private double numpyMicroseconds(Path script) throws IOException, InterruptedException {
    List<String> cmd = List.of("python3", script.toString(), "sensing", "--n", Integer.toString(n), "--m",
        Integer.toString(m), "--rank", Integer.toString(rank), "--iters", Integer.toString(iters), "--alpha",
        Double.toString(alpha), "--eta", Double.toString(eta));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("OPENBLAS_NUM_THREADS", "1");
    Process p = pb.start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException("numpy baseline failed: " + String.join(" ", cmd) + "\n" + text);
    }
    Matcher mt = Pattern.compile("\"us_per_iter\":\\s*([0-9.eE+-]+)").matcher(text);
    if (!mt.find()) {
      throw new IllegalStateException("no us_per_iter in the numpy output: " + text);
    }
    return Double.parseDouble(mt.group(1));
  }

  /** shared/bench/numpy_gd.py in a folder above the running code (the project sits beside shared/). */
  private static Path defaultScript() {
    try {
      Path dir = Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      for (; dir != null; dir = dir.getParent()) {
        Path candidate = dir.resolve("shared/bench/numpy_gd.py");
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
