package org.mfsweep.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.mfsweep.engine.Plan;
import org.mfsweep.engine.SweepRunner;
import org.mfsweep.linalg.Netlib;
import org.mfsweep.problem.Kinds;
import org.mfsweep.optim.GradientDescent;
import org.mfsweep.spec.RunOutcome;
import org.mfsweep.problem.FactoredOperator;
import org.mfsweep.problem.Problem;
import org.mfsweep.problem.Problems;
import org.mfsweep.results.Views;
import org.mfsweep.spec.Init;
import org.mfsweep.spec.Kind;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.spec.RunSettings;
import org.mfsweep.spec.RunSpec;
import org.mfsweep.sweep.SweepFiles;
import org.mfsweep.sweep.SweepSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: the engine against the NumPy baseline script and against the machine, all measured
 * in this one invocation. Run it through submit.sh, which sets OPENBLAS_NUM_THREADS=1 (the NumPy
 * child process gets it too), so both sides use one thread.
 *
 * <ol>
 *   <li>sensing, a batch of K runs (K α's) stepped together, per run-iteration, vs
 *       {@code numpy_gd.py sensing --batch K}; the engine's GFLOP/s ({@link Cost}) against a
 *       single-thread 512³ dgemm; and per-kernel timings of one batched iteration;
 *   <li>completion, one run, per iteration, vs {@code numpy_gd.py completion};
 *   <li>tiny problems ({@link TinyBench}): completion n = 3 and sensing n = 10, a batch per
 *       run-iteration, vs {@code numpy_gd.py} on the same sizes and vs the flop count at the dgemm rate;
 *   <li>gradient flow ({@link FlowBench}): the engine's Rosenbrock and Dormand–Prince next to SciPy's
 *       LSODA and DOP853 ({@code bench/flow_scipy.py}) on the 3 × 3 completion flow to t = 10⁶;
 *   <li>a mixed sweep through the real {@link SweepRunner} on a local[2] session: efficiency =
 *       Σ run seconds / (wall seconds × cores);
 *   <li>plan's worst case against the actual wall time of a tiny and a large sweep ({@link BoundBench}).
 *   <li>cluster scaling ({@link ClusterBench}): one 256-run sweep on a standalone cluster on 127.0.0.1
 *       with 1 worker × 1 core and with 2 workers × 1 core, speed-up = wall(1) / wall(2).
 * </ol>
 * The engine's per-iteration times are differential: a run of I₁ + I steps minus a run of I₁ steps,
 * divided by I, so that the fixed cost of start and final metrics (which NumPy's loop does not do)
 * cancels. Each figure is the best of --repeats; the NumPy figures are the best of as many runs.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Engine vs the NumPy baseline (one thread) and a mixed sweep's efficiency on local[2].")
final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--n", description = "sensing: matrix size (default ${DEFAULT-VALUE})") int n = 50;
  @Option(names = "--m", description = "sensing: measurements (default ${DEFAULT-VALUE})") int m = 300;
  @Option(names = "--rank", description = "sensing: rank of the truth (default ${DEFAULT-VALUE})") int rank = 2;
  @Option(names = "--batch", description = "sensing: runs stepped together (default ${DEFAULT-VALUE})") int batch = 8;
  @Option(names = "--iters", description = "sensing: timed iterations (default ${DEFAULT-VALUE})") int iters = 2000;
  @Option(names = "--alpha", description = "start scale (default ${DEFAULT-VALUE})") double alpha = 1e-3;
  @Option(names = "--eta", description = "step size (default ${DEFAULT-VALUE})") double eta = 0.25;
  @Option(names = "--completion-n", description = "completion: n (default ${DEFAULT-VALUE})") int cn = 1000;
  @Option(names = "--completion-m", description = "completion: m (default ${DEFAULT-VALUE})") int cm = 10_000;
  @Option(names = "--completion-rank", description = "completion: rank (default ${DEFAULT-VALUE})") int crank = 5;
  @Option(names = "--completion-iters", description = "completion: timed iterations (default ${DEFAULT-VALUE})")
  int citers = 30;
  @Option(names = "--sweep-iterations", description = "sweep: max-iterations of its runs (default ${DEFAULT-VALUE})")
  int sweepIterations = 2000;
  @Option(names = "--sweep-generator", description = "sweep: the generator of its problems (default ${DEFAULT-VALUE})")
  String sweepGenerator = "ziggurat";
  @Option(names = "--sweep-master", description = "sweep: Spark master (default ${DEFAULT-VALUE})")
  String sweepMaster = "local[2]";
  @Option(names = "--cases", split = ",",
      description = "which cases: sensing, completion, tiny, flow, deep, build, sweep, bound, cluster (default all)")
  List<String> cases = List.of("sensing", "completion", "tiny", "flow", "deep", "build", "sweep", "bound", "cluster");
  @Option(names = "--cluster-n", description = "cluster: sensing n of its 256 runs (default ${DEFAULT-VALUE})")
  int clusterN = 40;
  @Option(names = "--cluster-problems", description = "cluster: problems of its 256 runs (default ${DEFAULT-VALUE})")
  int clusterProblems = 8;
  @Option(names = "--cluster-iterations", description = "cluster: iterations of each run (default ${DEFAULT-VALUE})")
  int clusterIterations = 3000;
  @Option(names = "--cluster-repeats", description = "cluster: pairs of sweeps, 1 then 2 workers (default "
      + "${DEFAULT-VALUE})")
  int clusterRepeats = 1;
  @Option(names = "--tiny-batch", description = "tiny: runs stepped together (default ${DEFAULT-VALUE})")
  int tinyBatch = GradientDescent.DEFAULT_MAX_BATCH;
  @Option(names = "--tiny-iters", description = "tiny: timed iterations (default ${DEFAULT-VALUE})")
  int tinyIters = 20_000;
  @Option(names = "--tiny-scan", description = "tiny: also time Java loops against BLAS at growing sizes (the "
      + "thresholds' measurement)")
  boolean tinyScan;
  @Option(names = "--repeats", description = "timed repetitions; the best is reported (default ${DEFAULT-VALUE})")
  int repeats = 5;
  @Option(names = "--numpy", paramLabel = "SCRIPT",
      description = "the NumPy baseline (default: shared/bench/numpy_gd.py in a folder above the jar, when present)")
  Path numpy;
  @Option(names = "--scipy", paramLabel = "SCRIPT",
      description = "flow: the SciPy baseline (default: bench/flow_scipy.py in a folder above the jar, when present)")
  Path scipy;

  private PrintWriter out;
  private final List<String> table = new ArrayList<>();

  @Override public Integer call() throws IOException, InterruptedException {
    out = spec.commandLine().getOut();
    Path script = numpy != null ? numpy : defaultScript();
    if (numpy != null && !Files.isRegularFile(numpy)) {
      spec.commandLine().getErr().println("error: no NumPy baseline at " + numpy);
      return Main.USAGE;
    }
    if (scipy != null && !Files.isRegularFile(scipy)) {
      spec.commandLine().getErr().println("error: no SciPy baseline at " + scipy);
      return Main.USAGE;
    }
    if (cases.contains("cluster") && (clusterProblems < 1 || 256 % clusterProblems != 0 || clusterN < 2
        || clusterIterations < 1 || clusterRepeats < 1)) {
      spec.commandLine().getErr().println("error: --cluster-problems must divide 256 (got " + clusterProblems
          + "), --cluster-n ≥ 2, --cluster-iterations ≥ 1 and --cluster-repeats ≥ 1");
      return Main.USAGE;
    }
    if (script == null) {
      out.println("numpy baseline not found (pass --numpy PATH/numpy_gd.py); printing the engine's side only");
    }
    out.printf(Locale.ROOT, "mfsweep bench: %s; OPENBLAS_NUM_THREADS=%s; Java %s; best of %d%n",
        Netlib.implementation().summary(), System.getenv().getOrDefault("OPENBLAS_NUM_THREADS", "(unset)"),
        System.getProperty("java.version"), repeats);
    double[] rates = dgemmRates();
    double dgemm = rates[0];
    out.printf(Locale.ROOT, "single-thread dgemm 512×512×512: %.1f GFLOP/s (best of %d; %.1f GFLOP/s of thread CPU "
        + "time)%n", dgemm / 1e9, 5, rates[1] / 1e9);
    table.add(String.format(Locale.ROOT, "%-44s %14s %14s %8s %9s %8s", "case", "engine", "numpy", "ratio",
        "GFLOP/s", "% dgemm"));
    if (cases.contains("sensing")) {
      sensing(script, dgemm);
    }
    if (cases.contains("completion")) {
      completion(script, dgemm);
    }
    if (cases.contains("tiny")) {
      TinyBench.run(out, table, repeats, tinyBatch, tinyIters, alpha, eta, rates, script,
          script == null ? null : (key, args) -> numpy(script, key, args), tinyScan);
    }
    if (cases.contains("flow")) {
      FlowBench.run(out, table, repeats, scipy != null ? scipy : FlowBench.defaultScript());
    }
    if (cases.contains("deep")) {
      DeepBench.run(out, table, repeats);
    }
    if (cases.contains("build")) {
      BuildBench.run(out, table, repeats);
    }
    if (cases.contains("sweep")) {
      sweep();
    }
    if (cases.contains("bound")) {
      BoundBench.run(out, table, sweepMaster);
    }
    if (cases.contains("cluster")) {
      ClusterBench.run(out, table, clusterRepeats, clusterN, clusterProblems, clusterIterations);
    }
    out.println();
    table.forEach(out::println);
    out.flush();
    return Main.OK;
  }

  private void sensing(Path script, double dgemm) throws IOException, InterruptedException {
    ProblemSpec ps = new ProblemSpec(Kind.SENSING, n, m, rank, 0);
    Problem problem = Problems.build(ps, 1000);
    GradientDescent gd = new GradientDescent(problem, batch);
    // the α's of numpy_gd.py --batch: logspace(-1, -6, K) · α/1e-3
    double[] alphas = new double[batch];
    for (int s = 0; s < batch; s++) {
      alphas[s] = Math.pow(10, -1 - 5.0 * s / Math.max(1, batch - 1)) * alpha / 1e-3;
    }
    int first = Math.max(1, iters / 10);
    double perStep = differential(gd, ps, n, alphas, iters, first) / batch;
    out.printf(Locale.ROOT, "engine: (best of %d batches of %d steps − best of %d batches of %d steps) / (%d × %d)%n",
        repeats, iters + first, repeats, first, iters, batch);
    double flops = Kinds.of(ps.kind()).stepFlops(ps, n);
    double gflops = flops / perStep / 1e9;
    double numpyUs = script == null ? Double.NaN : numpy(script, "us_per_run_iter", "sensing", "--n", n, "--m", m,
        "--rank", rank, "--iters", iters, "--alpha", alpha, "--eta", eta, "--batch", batch);
    String name = String.format(Locale.ROOT, "sensing n=%d m=%d rank=%d, batch of %d (per run-iter)", n, m, rank,
        batch);
    row(name, perStep * 1e6, "µs", numpyUs, gflops, dgemm);
    out.printf(Locale.ROOT, "%s: engine %.1f µs, %.3g MFLOP per run-iteration (%.1f GFLOP/s = %.0f%% of dgemm)%n",
        name, perStep * 1e6, flops / 1e6, gflops, 100 * gflops * 1e9 / dgemm);
    if (!Double.isNaN(numpyUs)) {
      // NumPy's batched step does 2n³ + 2·2mn² + 2n³ flops per run (dense n², no symmetry)
      double numpyFlops = 4.0 * n * n * n + 4.0 * m * n * n;
      out.printf(Locale.ROOT, "  NumPy does %.3g MFLOP per run-iteration at %.1f GFLOP/s; 3× NumPy would take %.1f µs per "
              + "run-iteration, i.e. %.1f GFLOP/s = %.0f%% of the dgemm rate%n", numpyFlops / 1e6,
          numpyFlops / (numpyUs * 1e-6) / 1e9, numpyUs / 3, flops / (numpyUs / 3 * 1e-6) / 1e9,
          100 * flops / (numpyUs / 3 * 1e-6) / dgemm);
    }
    kernels(problem, batch);
  }

  /** Per-kernel timings of one batched sensing iteration, per run, against the same BLAS calls alone. */
  private void kernels(Problem problem, int k) {
    FactoredOperator op = (FactoredOperator) problem.train();
    int d = n;
    int p = n * (n + 1) / 2;
    java.util.Random rng = new java.util.Random(1);
    double[] v = new double[k * n * d];
    for (int i = 0; i < v.length; i++) {
      v[i] = 1e-2 * rng.nextGaussian();
    }
    double[] r = new double[k * m];
    double[] next = new double[v.length];
    double[] scale = new double[k];
    Arrays.fill(scale, -1e-3);
    FactoredOperator.Factored f = op.factored(d, k);
    double apply = best(() -> f.apply(k, v, r));
    double step = best(() -> f.step(k, v, r, scale, next));
    double[] a = new double[p * m];
    double[] xp = new double[p * k];
    double[] x = new double[n * n];
    double[] u2 = new double[n * d];
    Arrays.fill(a, 1e-3);
    Arrays.fill(xp, 1.0);
    double forward = best(() -> Netlib.blas.dgemm("T", "N", m, k, p, 1.0, a, p, xp, p, 0.0, r, m));
    double adjoint = best(() -> Netlib.blas.dgemm("N", "N", p, k, m, 1.0, a, p, r, m, 0.0, xp, p));
    double syrk = best(() -> Netlib.blas.dsyrk("U", "T", n, d, 1.0, v, d, 0.0, x, n));
    double symm = best(() -> Netlib.blas.dsymm("R", "U", d, n, 1.0, x, n, v, d, 1.0, u2, d));
    double fwdFlops = 2.0 * m * p * k;
    out.printf(Locale.ROOT, "  kernels per run-iteration (batch of %d): apply %.1f µs [dgemm A(X) %.1f µs at %.1f GFLOP/s,"
            + " dsyrk %.1f µs at %.1f], step %.1f µs [dgemm A*(r) %.1f µs at %.1f GFLOP/s, dsymm %.1f µs at %.1f]%n",
        k, apply / k * 1e6, forward / k * 1e6, fwdFlops / forward / 1e9, syrk * 1e6, n * (n + 1.0) * d / syrk / 1e9,
        step / k * 1e6, adjoint / k * 1e6, fwdFlops / adjoint / 1e9, symm * 1e6, 2.0 * n * n * d / symm / 1e9);
  }

  private void completion(Path script, double dgemm) throws IOException, InterruptedException {
    ProblemSpec ps = new ProblemSpec(Kind.COMPLETION, cn, cm, crank, 0);
    Problem problem = Problems.build(ps, 0);
    GradientDescent gd = new GradientDescent(problem, 1);
    // at least 100 steps: a run's fixed cost (dense X, dsyevd of 1000 × 1000) is about a second
    int steps = Math.max(citers, 100);
    double perStep = differential(gd, ps, cn, new double[] {alpha}, steps, 10);
    double flops = Kinds.of(ps.kind()).stepFlops(ps, cn);
    double gflops = flops / perStep / 1e9;
    double numpyUs = script == null ? Double.NaN : numpy(script, "us_per_iter", "completion", "--n", cn, "--m", cm,
        "--rank", crank, "--iters", citers, "--alpha", alpha, "--eta", eta);
    String name = String.format(Locale.ROOT, "completion n=%d m=%d rank=%d, width %d (per iter)", cn, cm, crank, cn);
    out.printf(Locale.ROOT, "engine: (best of %d runs of %d steps − best of %d runs of 10 steps) / %d%n", repeats,
        steps + 10, repeats, steps);
    row(name, perStep * 1e3, "ms", numpyUs / 1e3, gflops, dgemm);
    // the two kernels of an iteration, alone
    FactoredOperator op = (FactoredOperator) problem.train();
    FactoredOperator.Factored f = op.factored(cn, 1);
    double[] v = new double[cn * cn];
    java.util.Random rng = new java.util.Random(1);
    for (int i = 0; i < v.length; i++) {
      v[i] = 1e-2 * rng.nextGaussian();
    }
    double[] r = new double[cm];
    double[] next = new double[v.length];
    double apply = best(() -> f.apply(1, v, r));
    double step = best(() -> f.step(1, v, r, new double[] {-1e-3}, next));
    long bytes = 8L * cn * cn;
    out.printf(Locale.ROOT, "%s: engine %.2f ms, %.3g MFLOP per iteration (%.1f GFLOP/s); residuals (m row dots) "
            + "%.2f ms, A*(r)·U (sparse × dense) %.2f ms; U is %d MB, read ≈ 3m·d·8 B = %d MB per iteration%n",
        name, perStep * 1e3, flops / 1e6, gflops, apply * 1e3, step * 1e3, bytes >> 20, (3L * cm * cn * 8) >> 20);
  }

  /**
   * Seconds per step of the batch (all its runs together): the best run of first + steps iterations,
   * minus the best run of first iterations, over steps. Runs never stop early (tolerance 0, no
   * divergence limit) and trace only at iteration 1, so both runs do the same fixed work.
   */
  private double differential(GradientDescent gd, ProblemSpec ps, int width, double[] alphas, int steps, int first) {
    double shortRun = Double.MAX_VALUE;
    double longRun = Double.MAX_VALUE;
    runs(gd, ps, width, alphas, first); // warm-up
    for (int i = 0; i < repeats; i++) {
      shortRun = Math.min(shortRun, runs(gd, ps, width, alphas, first));
      longRun = Math.min(longRun, runs(gd, ps, width, alphas, first + steps));
    }
    return (longRun - shortRun) / steps;
  }

  private double runs(GradientDescent gd, ProblemSpec ps, int width, double[] alphas, int maxIterations) {
    RunSettings s = new RunSettings(maxIterations, 0, Double.MAX_VALUE, 1e9, 1000);
    List<RunSpec> specs = new ArrayList<>();
    for (double a : alphas) {
      specs.add(new RunSpec(ps, width, Init.IDENTITY, a, eta, s));
    }
    long t = System.nanoTime();
    List<RunOutcome> done = gd.runBatch(specs);
    double seconds = (System.nanoTime() - t) * 1e-9;
    for (RunOutcome o : done) {
      if (o.iterations() != maxIterations) {
        throw new IllegalStateException("a timed run stopped early: " + o.status() + " at " + o.iterations());
      }
    }
    return seconds;
  }

  private void sweep() throws IOException {
    Path dir = Files.createTempDirectory("mfsweep-bench");
    Path conf = dir.resolve("mixed.conf");
    Files.writeString(conf, """
        # 256 runs: sensing at n = 20 and n = 100, 8 start scales, 16 problems of each size
        name = bench-mixed
        output = %s
        grid {
          kind = sensing
          n = [20, 100]
          m = "3*n*rank"
          rank = 2
          alpha = {from = 1e-7, to = 1, steps = 8, scale = log}
          eta = 0.25
          seed = {from = 1, to = 16, steps = 16, scale = linear}
        }
        run.max-iterations = %d
        generator = %s
        """.formatted(dir.resolve("out"), sweepIterations, sweepGenerator));
    SweepSpec sweep = SweepFiles.load(conf, List.of(), null);
    SparkSession spark = SparkSession.builder().master(sweepMaster).appName("mfsweep-bench")
        .config("spark.ui.enabled", "false").getOrCreate();
    try {
      int cores = spark.sparkContext().defaultParallelism();
      TaskTimes times = new TaskTimes();
      spark.sparkContext().addSparkListener(times);
      long t = System.nanoTime();
      long startMillis = System.currentTimeMillis();
      SweepRunner.Summary summary = new SweepRunner(spark).run(sweep, new PrintWriter(new StringWriter()));
      double wall = (System.nanoTime() - t) * 1e-9;
      long endMillis = System.currentTimeMillis();
      Views.register(spark, summary.output());
      Row sums = spark.sql("SELECT sum(seconds), count(*) FROM runs").first();
      double runSeconds = sums.getDouble(0);
      double efficiency = runSeconds / (wall * cores);
      Plan plan = Plan.of(sweep, cores);
      String name = String.format(Locale.ROOT, "sweep %d runs (n=20 and 100, %s, %s), %d tasks", sums.getLong(1),
          sweepMaster, sweep.generator().configName(), plan.tasks().size());
      table.add(String.format(Locale.ROOT, "%-44s %s", name, String.format(Locale.ROOT,
          "efficiency %.3f = Σ run %.1f s / (wall %.1f s × %d cores)", efficiency, runSeconds, wall, cores)));
      // the reference solves are work the sweep asks for too; ref_seconds holds each problem's build
      // (or reuse) and solve, so the builds (all of them, wherever they ran) come off: a lower bound
      double refSeconds = spark.sql("SELECT coalesce(sum(ref_seconds), 0) FROM problems").first().getDouble(0);
      double solveSeconds = Math.max(0, refSeconds - summary.buildSeconds());
      double useful = (runSeconds + solveSeconds) / (wall * cores);
      table.add(String.format(Locale.ROOT, "%-44s %s", name + ", with references", String.format(Locale.ROOT,
          "busy %.3f = (Σ run %.1f s + reference solves %.1f s) / (wall %.1f s × %d cores)", useful, runSeconds,
          solveSeconds, wall, cores)));
      double taskSeconds = times.busySeconds();
      out.printf(Locale.ROOT, "%s: statuses %s; efficiency %.3f; Spark tasks busy %.1f core-s, of which runs %.1f "
              + "and the rest of the tasks (building the problems, mostly) %.1f; outside tasks %.1f core-s%n", name,
          summary.byStatus(), efficiency, taskSeconds, runSeconds, taskSeconds - runSeconds,
          wall * cores - taskSeconds);
      out.println("  " + times.describe(startMillis, endMillis, cores));
      out.println("  " + breakdown(spark, sweep, summary, runSeconds, taskSeconds));
    } finally {
      spark.stop();
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /**
   * Where the tasks' core-seconds went (runs, problem builds, reference solves, the rest) and the
   * plan's cost model against them: seconds per flop of the runs (iterations done × iteration
   * flops) and of the builds (the kinds' buildFlops of each build), which task sizing assumes equal.
   */
  private static String breakdown(SparkSession spark, SweepSpec sweep, SweepRunner.Summary summary, double runSeconds,
                                  double taskSeconds) {
    Row ref = spark.sql("SELECT coalesce(sum(ref_seconds), 0) FROM problems").first();
    double refSeconds = ref.getDouble(0);
    java.util.Map<String, RunSpec> byId = new java.util.HashMap<>();
    for (RunSpec r : sweep.runs()) {
      byId.put(r.runId(), r);
    }
    double runFlops = 0;
    for (Row r : spark.sql("SELECT run_id, iterations FROM runs").collectAsList()) {
      runFlops += Plan.iterationFlops(byId.get(r.getString(0))) * r.getInt(1);
    }
    int testSize = sweep.settings().testSize();
    double buildFlops = 0;
    for (org.mfsweep.spec.ProblemSpec p : sweep.runsByProblem().keySet()) {
      buildFlops += Plan.buildCost(p, testSize);
    }
    int problems = sweep.runsByProblem().size();
    double perBuild = buildFlops / problems; // the builds are of every problem alike in this sweep
    double builtFlops = perBuild * summary.problemBuilds();
    return String.format(Locale.ROOT, "problems: %d built, %d reused (%d problems; %.1f core-s building, in "
            + "reference and run tasks); reference tasks %.1f core-s (ref_seconds: the build or reuse, and the solve); "
            + "runs %.1f core-s; all tasks %.1f core-s. Cost model: runs %.3f ns per flop (%.0f GFLOP done), builds "
            + "%.3f ns per build flop-equivalent (%.1f GFLOP-eq by the kinds' buildFlops, %.0f per Gaussian of the sweep's generator)",
        summary.problemBuilds(), summary.problemReuses(), problems, summary.buildSeconds(), refSeconds, runSeconds,
        taskSeconds, 1e9 * runSeconds / runFlops, runFlops / 1e9,
        builtFlops > 0 ? 1e9 * summary.buildSeconds() / builtFlops : Double.NaN, builtFlops / 1e9,
        org.mfsweep.problem.ProblemKind.gaussianFlops(sweep.generator()));
  }

  /** Launch and finish times of every Spark task, by stage, to say where a sweep's wall time went. */
  static final class TaskTimes extends org.apache.spark.scheduler.SparkListener {
    private final List<long[]> tasks = java.util.Collections.synchronizedList(new ArrayList<>());

    @Override public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd end) {
      tasks.add(new long[] {end.stageId(), end.taskInfo().launchTime(), end.taskInfo().finishTime()});
    }

    double busySeconds() {
      synchronized (tasks) {
        return tasks.stream().mapToLong(t -> t[2] - t[1]).sum() / 1e3;
      }
    }

    /** The stage with the most task time is the one that ran the gradient descent. */
    String describe(long start, long end, int cores) {
      java.util.Map<Long, long[]> byStage = new java.util.TreeMap<>();
      synchronized (tasks) {
        for (long[] t : tasks) {
          long[] s = byStage.computeIfAbsent(t[0], k -> new long[] {Long.MAX_VALUE, 0, 0, 0});
          s[0] = Math.min(s[0], t[1]);
          s[1] = Math.max(s[1], t[2]);
          s[2] += t[2] - t[1];
          s[3]++;
        }
      }
      long[] main = byStage.values().stream().max(Comparator.comparingLong(s -> s[2])).orElse(new long[4]);
      double span = (main[1] - main[0]) / 1e3;
      return String.format(Locale.ROOT, "Spark: the compute stage ran %d tasks in %.1f s, busy %.1f core-s of %.1f "
              + "(%.0f%%; idle %.1f core-s); before it %.1f s (planning, manifest, job start), after it %.1f s "
              + "(Parquet writes, manifest) of %.1f s wall", main[3], span, main[2] / 1e3, span * cores,
          100 * main[2] / 1e3 / (span * cores), span * cores - main[2] / 1e3, (main[0] - start) / 1e3,
          (end - main[1]) / 1e3, (end - start) / 1e3);
    }
  }

  private void row(String name, double engine, String unit, double numpyValue, double gflops, double dgemm) {
    table.add(String.format(Locale.ROOT, "%-44s %11.2f %-2s %11.2f %-2s %7.2f× %9.1f %7.0f%%", name, engine, unit,
        numpyValue, unit, numpyValue / engine, gflops, 100 * gflops * 1e9 / dgemm));
  }

  /** Best seconds of one call over about 0.2 s, after a warm-up. */
  private static double best(Runnable r) {
    for (int i = 0; i < 5; i++) {
      r.run();
    }
    double best = Double.MAX_VALUE;
    long until = System.nanoTime() + 200_000_000L;
    int calls = 0;
    while (calls < 3 || System.nanoTime() < until) {
      long t = System.nanoTime();
      r.run();
      best = Math.min(best, (System.nanoTime() - t) * 1e-9);
      calls++;
    }
    return best;
  }

  /**
   * Single-thread (under OPENBLAS_NUM_THREADS=1) dgemm rate on 512³, best of 5 calls: by wall time and
   * by this thread's CPU time (OpenBLAS runs on the calling thread; on a shared machine the CPU
   * rate is the one that does not count other processes' time slices).
   */
  private static double[] dgemmRates() {
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    int s = 512;
    double[] a = new double[s * s];
    double[] b = new double[s * s];
    double[] c = new double[s * s];
    java.util.Random rng = new java.util.Random(1);
    for (int i = 0; i < a.length; i++) {
      a[i] = rng.nextGaussian();
      b[i] = rng.nextGaussian();
    }
    double best = Double.MAX_VALUE;
    double bestCpu = Double.MAX_VALUE;
    for (int i = 0; i < 7; i++) {
      long cpu = threads.getCurrentThreadCpuTime();
      long t = System.nanoTime();
      Netlib.blas.dgemm("N", "N", s, s, s, 1.0, a, s, b, s, 0.0, c, s);
      if (i >= 2) {
        best = Math.min(best, (System.nanoTime() - t) * 1e-9);
        bestCpu = Math.min(bestCpu, (threads.getCurrentThreadCpuTime() - cpu) * 1e-9);
      }
    }
    return new double[] {2.0 * s * s * s / best, 2.0 * s * s * s / bestCpu};
  }

  /** Best value of a key of the baseline's JSON line over --repeats runs, on one thread. */
  private double numpy(Path script, String key, Object... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("python3", script.toString()));
    for (Object a : args) {
      cmd.add(a.toString());
    }
    double best = Double.MAX_VALUE;
    for (int i = 0; i < repeats; i++) {
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      pb.environment().put("OPENBLAS_NUM_THREADS", "1");
      Process p = pb.start();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw new IllegalStateException("numpy baseline failed: " + String.join(" ", cmd) + "\n" + text);
      }
      Matcher mt = Pattern.compile("\"" + key + "\":\\s*([0-9.eE+-]+)").matcher(text);
      if (!mt.find()) {
        throw new IllegalStateException("no " + key + " in the numpy output: " + text);
      }
      best = Math.min(best, Double.parseDouble(mt.group(1)));
    }
    out.printf(Locale.ROOT, "numpy: %s → %s %.1f (best of %d)%n", String.join(" ", cmd.subList(2, cmd.size())), key,
        best, repeats);
    return best;
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
