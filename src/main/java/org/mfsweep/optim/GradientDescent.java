package org.mfsweep.optim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mfsweep.linalg.Netlib;
import org.mfsweep.problem.FactoredOperator;
import org.mfsweep.problem.MeasurementOperator;
import org.mfsweep.problem.Problem;
import org.mfsweep.sweep.RunSpec;
import org.mfsweep.sweep.RunSettings;

/**
 * Gradient descent on f(U) = (1/4m)·‖A(UUᵀ) − y‖², whose gradient is ∇f(U) = (1/m)·A*(r)·U with
 * r = A(UUᵀ) − y (the Aᵢ are symmetric):
 * <pre>  U_{k+1} = U_k − (η/m)·A*(r_k)·U_k,   U₀ = α·U_init.</pre>
 *
 * <p><b>Batches.</b> Runs on this problem with the same width d step together ({@link #runAll},
 * {@link #runBatch}): each iteration evaluates A(U_sU_sᵀ) and A*(r_s)·U_s for every run s of the
 * batch in one call of the operator's {@link FactoredOperator.Factored} evaluator, which for dense
 * sensing makes the two operator products one dgemm each instead of one dgemv per run. Every run
 * keeps its own η, stopping rule and trace; a run that stops leaves the batch (the last run moves
 * into its place) and the others go on. {@link #run} is a batch of one.
 *
 * <p>Factors are held transposed, V = Uᵀ (d × n column-major), so that rows of U are contiguous
 * (completion's row dot products); outcomes report U itself. A dense n × n X = UUᵀ is formed only
 * for metrics: at trace iterations and at the end.
 *
 * <p>One instance per thread: it owns every buffer, the iteration loop allocates nothing, and
 * batches on the same problem reuse the buffers.
 */
public final class GradientDescent {
  /** Most runs stepped together. */
  public static final int DEFAULT_MAX_BATCH = 32;
  /** Doubles a batch may hold in factors (V and its successor): 64 MB. */
  static final long FACTOR_BUDGET = 1L << 23;

  private final Problem problem;
  private final int n;
  private final int m;
  private final int maxBatch;
  private final Metrics metrics;
  private final double[] x;

  private int width = -1;
  private int capacity;
  private FactoredOperator.Factored kernel;
  private double[] v = new double[0];
  private double[] vNext = new double[0];
  private double[] r = new double[0];
  private double[] scale = new double[0];
  private double[] start = new double[0];

  public GradientDescent(Problem problem) {
    this(problem, DEFAULT_MAX_BATCH);
  }

  /** @param maxBatch most runs stepped together (≥ 1); 1 steps every run alone */
  public GradientDescent(Problem problem, int maxBatch) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be ≥ 1, got " + maxBatch);
    }
    this.problem = problem;
    this.n = problem.n();
    this.m = problem.m();
    this.maxBatch = maxBatch;
    this.metrics = new Metrics(problem);
    this.x = new double[n * n];
  }

  /**
   * The reference solution runs are compared with (err_ref): X_ref, n × n column-major with both
   * triangles, or null for none. Applies to the runs started after the call.
   */
  public void reference(double[] xRef) {
    metrics.reference(xRef);
  }

  /** Runs gradient descent from the run's start until a stopping rule holds (a batch of one). */
  public RunOutcome run(RunSpec run) {
    return runBatch(List.of(run)).get(0);
  }

  /**
   * Runs every run, stepping runs of equal width together in batches ({@link #batches}).
   *
   * @return one outcome per run, in input order
   * @throws IllegalArgumentException when a run is not on this solver's problem
   */
  public List<RunOutcome> runAll(List<RunSpec> runs) {
    RunOutcome[] out = new RunOutcome[runs.size()];
    for (List<Integer> batch : batches(runs)) {
      List<RunSpec> specs = new ArrayList<>(batch.size());
      for (int i : batch) {
        specs.add(runs.get(i));
      }
      List<RunOutcome> done = runBatch(specs);
      for (int t = 0; t < batch.size(); t++) {
        out[batch.get(t)] = done.get(t);
      }
    }
    return Arrays.asList(out);
  }

  /**
   * How {@link #runAll} groups runs: indices into runs, grouped by width in order of first
   * appearance, each group cut into batches of at most {@link #capacity(int)} runs.
   */
  public List<List<Integer>> batches(List<RunSpec> runs) {
    Map<Integer, List<Integer>> byWidth = new LinkedHashMap<>();
    for (int i = 0; i < runs.size(); i++) {
      byWidth.computeIfAbsent(runs.get(i).width(), w -> new ArrayList<>()).add(i);
    }
    List<List<Integer>> out = new ArrayList<>();
    for (Map.Entry<Integer, List<Integer>> e : byWidth.entrySet()) {
      int cap = capacity(e.getKey());
      List<Integer> idx = e.getValue();
      for (int from = 0; from < idx.size(); from += cap) {
        out.add(List.copyOf(idx.subList(from, Math.min(idx.size(), from + cap))));
      }
    }
    return out;
  }

  /** Most runs of width d stepped together: maxBatch, fewer when their factors would pass 64 MB. */
  public int capacity(int d) {
    long perRun = 2L * n * Math.max(1, d);
    return (int) Math.max(1, Math.min(maxBatch, FACTOR_BUDGET / perRun));
  }

  /**
   * Steps the runs together until each stops; they must be on this problem and share one width.
   * The batch may be larger than {@link #capacity(int)} (the buffers then grow to it).
   *
   * @return one outcome per run, in input order
   */
  public List<RunOutcome> runBatch(List<RunSpec> batch) {
    if (batch.isEmpty()) {
      return List.of();
    }
    int d = batch.get(0).width();
    for (RunSpec run : batch) {
      if (!run.problem().equals(problem.spec())) {
        throw new IllegalArgumentException("run " + run.runId() + " is on " + run.problem() + ", not on "
            + problem.spec());
      }
      if (run.width() != d) {
        throw new IllegalArgumentException("a batch has one width; run " + run.runId() + " has " + run.width()
            + ", not " + d);
      }
    }
    long started = System.nanoTime();
    int count = batch.size();
    workspace(d, count);
    int nd = n * d;
    Slot[] slots = new Slot[count];
    for (int s = 0; s < count; s++) {
      RunSpec run = batch.get(s);
      slots[s] = new Slot(s, run);
      Start.fill(run, start);
      transpose(n, d, start, 0, v, s * nd);
      scale[s] = -run.eta() / m;
    }
    RunOutcome[] out = new RunOutcome[count];
    evaluate(count, slots);
    for (int s = 0; s < count; s++) {
      slots[s].limit = slots[s].run.settings().divergenceFactor() * slots[s].loss;
    }
    share(slots, count, started);
    int k = 0;
    while (true) {
      // backwards, so that the run moved into a finished run's place has been checked already
      for (int s = count - 1; s >= 0; s--) {
        Slot st = slots[s];
        long t = System.nanoTime();
        if (st.next < st.schedule.length && st.schedule[st.next] == k) {
          st.next++;
          dense(s, d);
          st.trace.add(k, k * st.run.eta(), st.loss, metrics.testError(x), nuclearNorm(s, d), metrics.errRef(x));
        }
        Status status = stop(st, k);
        st.seconds += (System.nanoTime() - t) * 1e-9;
        if (status != null) {
          out[st.index] = finish(st, s, d, k, status);
          count--;
          if (s != count) {
            System.arraycopy(v, count * nd, v, s * nd, nd);
            System.arraycopy(r, count * m, r, s * m, m);
            scale[s] = scale[count];
            slots[s] = slots[count];
          }
        }
      }
      if (count == 0) {
        break;
      }
      long stepped = System.nanoTime();
      kernel.step(count, v, r, scale, vNext);
      double[] swap = v;
      v = vNext;
      vNext = swap;
      k++;
      evaluate(count, slots);
      share(slots, count, stepped);
    }
    return Arrays.asList(out);
  }

  /** How a run's stopping rules judge its loss after k steps, in order of precedence; null: go on. */
  private static Status stop(Slot st, int k) {
    RunSettings s = st.run.settings();
    if (!Double.isFinite(st.loss) || st.loss > st.limit) {
      return Status.DIVERGED;
    }
    if (st.loss <= s.tolerance()) {
      return Status.CONVERGED;
    }
    if (k == s.maxIterations()) {
      return Status.MAX_ITERATIONS;
    }
    return null;
  }

  /** Final metrics of the run in slot s, which stopped after k steps. */
  private RunOutcome finish(Slot st, int s, int d, int k, Status status) {
    long t = System.nanoTime();
    dense(s, d);
    double testError = metrics.testError(x);
    double nuclear = nuclearNorm(s, d);
    double errRef = metrics.errRef(x);
    double eta = st.run.eta();
    if (!st.trace.endsAt(k, k * eta)) {
      st.trace.add(k, k * eta, st.loss, testError, nuclear, errRef);
    }
    double errTruth = metrics.errTruth(x);
    double effectiveRank = status == Status.DIVERGED && !Double.isFinite(st.loss) ? Double.NaN
        : metrics.effectiveRank(x);
    Trace trace = st.trace.build();
    double[] factor = new double[n * d];
    transpose(d, n, v, s * n * d, factor, 0);
    st.seconds += (System.nanoTime() - t) * 1e-9;
    return new RunOutcome(status, k, k * eta, st.loss, testError, nuclear, errTruth, errRef, effectiveRank,
        st.seconds, trace, factor);
  }

  /** r_s ← A(U_sU_sᵀ) − y and the loss f(U_s) = ‖r_s‖²/(4m) of every run in the batch. */
  private void evaluate(int count, Slot[] slots) {
    kernel.apply(count, v, r);
    double[] y = problem.y();
    for (int s = 0; s < count; s++) {
      Netlib.blas.daxpy(m, -1.0, y, 0, 1, r, s * m, 1);
      slots[s].loss = Netlib.blas.ddot(m, r, s * m, 1, r, s * m, 1) / (4.0 * m);
    }
  }

  /** Adds the time since 'from', shared equally, to the count running runs. */
  private static void share(Slot[] slots, int count, long from) {
    double each = (System.nanoTime() - from) * 1e-9 / count;
    for (int s = 0; s < count; s++) {
      slots[s].seconds += each;
    }
  }

  private void workspace(int d, int count) {
    if (d == width && count <= capacity) {
      return;
    }
    int cap = Math.max(count, capacity(d));
    MeasurementOperator train = problem.train();
    kernel = train instanceof FactoredOperator f ? f.factored(d, cap) : new DenseFactored(train, d, cap);
    v = new double[cap * n * d];
    vNext = new double[cap * n * d];
    r = new double[cap * m];
    scale = new double[cap];
    start = new double[n * d];
    width = d;
    capacity = cap;
  }

  /** to (cols × rows at offset) ← transpose of from (rows × cols at offset), both column-major. */
  private static void transpose(int rows, int cols, double[] from, int fromOffset, double[] to, int toOffset) {
    for (int c = 0; c < cols; c++) {
      for (int i = 0; i < rows; i++) {
        to[toOffset + c + i * cols] = from[fromOffset + i + c * rows];
      }
    }
  }

  /** x ← upper triangle of U_sU_sᵀ = V_sᵀV_s. */
  private void dense(int s, int d) {
    Netlib.blas.dsyrk("U", "T", n, d, 1.0, v, s * n * d, d, 0.0, x, 0, n);
  }

  /** ‖X‖_* = tr(UUᵀ) = ‖U‖_F², exact since X is PSD. */
  private double nuclearNorm(int s, int d) {
    return Netlib.blas.ddot(n * d, v, s * n * d, 1, v, s * n * d, 1);
  }

  /** One run of a batch: its place in the input, its loss, limit, time and trace so far. */
  private static final class Slot {
    final int index;
    final RunSpec run;
    final int[] schedule;
    final TraceBuilder trace;
    int next;
    double loss;
    double limit;
    double seconds;

    Slot(int index, RunSpec run) {
      this.index = index;
      this.run = run;
      this.schedule = TraceSchedule.iterations(run.settings().traceGrowth(), run.settings().maxIterations());
      this.trace = new TraceBuilder(schedule.length + 1);
    }
  }
}
