package org.mfsweep.optim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mfsweep.problem.BuiltProblem;
import org.mfsweep.problem.Problem;
import org.mfsweep.spec.RunOutcome;
import org.mfsweep.spec.RunSettings;
import org.mfsweep.spec.RunSpec;
import org.mfsweep.spec.Status;
import org.mfsweep.spec.Trace;

/**
 * The loop every discrete optimizer shares: runs of one problem and width step together in a batch
 * (one {@link Objective} call evaluates them all); each keeps its own settings, its
 * {@link StoppingRule} and its trace on the {@link TraceSchedule}. After every update the batch is
 * evaluated; a run that stops leaves the batch (the last run moves into its place) and the others
 * go on. Subclasses give the update rule ({@link #advance}) and the per-run state it needs.
 *
 * <p>One instance per thread: it owns every buffer, the iteration loop allocates nothing, and
 * batches on the same problem reuse the buffers.
 */
public abstract class BatchedSolver implements Solver {
  /** Most runs stepped together. */
  public static final int DEFAULT_MAX_BATCH = 32;
  /** Iterations between two reads of the clock that times the runs of a batch. */
  static final int CLOCK_EVERY = 64;

  private final BuiltProblem problem;
  private final int maxBatch;
  private final int stateVectors;
  private final int parameters;
  private double[] reference;

  private Objectives.Shape shape = null;
  private int capacity;
  private Objective objective;
  private int dimension;
  private double[] theta = new double[0];
  private double[] next = new double[0];
  private double[] loss = new double[0];
  private double[][] state = new double[0][];
  private double[][] params = new double[0][];
  private final double[] metrics = new double[5];

  /**
   * @param maxBatch most runs stepped together (≥ 1); 1 steps every run alone
   * @param stateVectors vectors of the parameters' dimension each run keeps (momentum's velocity: 1)
   * @param parameters numbers each run keeps (its η, β, …), set by {@link #prepare}
   */
  protected BatchedSolver(BuiltProblem problem, int maxBatch, int stateVectors, int parameters) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be ≥ 1, got " + maxBatch);
    }
    this.problem = problem;
    this.maxBatch = maxBatch;
    this.stateVectors = stateVectors;
    this.parameters = parameters;
  }

  /**
   * The reference runs are compared with (err_ref): X_ref, n × n column-major with both triangles
   * (x_ref for least squares), or null for none. Applies to the batches started after the call.
   */
  public void reference(double[] xRef) {
    this.reference = xRef;
    this.shape = null;
  }

  /** Runs one run from its start until a stopping rule holds (a batch of one). */
  public RunOutcome run(RunSpec run) {
    return runBatch(List.of(run)).get(0);
  }

  /** Runs every run, stepping runs of equal width together ({@link #batches}); outcomes in input order. */
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
   * Indices into runs, grouped by shape (factorization, depth, width) in order of first appearance,
   * cut into batches of {@link #capacity(RunSpec)}.
   */
  @Override public List<List<Integer>> batches(List<RunSpec> runs) {
    Map<Objectives.Shape, List<Integer>> byShape = new LinkedHashMap<>();
    for (int i = 0; i < runs.size(); i++) {
      byShape.computeIfAbsent(Objectives.Shape.of(runs.get(i)), w -> new ArrayList<>()).add(i);
    }
    List<List<Integer>> out = new ArrayList<>();
    for (Map.Entry<Objectives.Shape, List<Integer>> e : byShape.entrySet()) {
      int cap = Objectives.capacity(problem, e.getKey(), maxBatch);
      List<Integer> idx = e.getValue();
      for (int from = 0; from < idx.size(); from += cap) {
        out.add(List.copyOf(idx.subList(from, Math.min(idx.size(), from + cap))));
      }
    }
    return out;
  }

  /**
   * Most runs of the run's shape stepped together by a solver of this batch size, from the run's
   * spec alone: what {@link #batches} cuts at ({@link Optimizer#batchCapacity}).
   */
  public static int capacity(RunSpec run, int maxBatch) {
    return Objectives.capacity(run.problem(), Objectives.Shape.of(run), maxBatch);
  }

  /** Most runs of this run's shape stepped together: maxBatch, fewer when their factors would pass 64 MB. */
  public int capacity(RunSpec run) {
    return Objectives.capacity(problem, Objectives.Shape.of(run), maxBatch);
  }

  /** Fills the parameters of the run in this slot (its η, β, …) with {@link #parameter}. */
  protected abstract void prepare(RunSpec run, int slot);

  /**
   * One update of the count running runs, from θ (evaluated: the objective holds its residuals and
   * {@link #loss()} its losses); leaves the new θ in {@link #theta()} (use {@link #swap()} after
   * writing {@link #next()}). k updates were made before this one.
   */
  protected abstract void advance(int count, int k);

  protected final Objective objective() {
    return objective;
  }

  protected final int dimension() {
    return dimension;
  }

  protected final double[] theta() {
    return theta;
  }

  protected final double[] next() {
    return next;
  }

  protected final double[] loss() {
    return loss;
  }

  /** State vector i of every slot (slot s at offset s·dimension), zero at each run's start. */
  protected final double[] state(int i) {
    return state[i];
  }

  /** Parameter i of every slot. */
  protected final double[] parameter(int i) {
    return params[i];
  }

  /** θ ← next (by exchanging the arrays). */
  protected final void swap() {
    double[] t = theta;
    theta = next;
    next = t;
  }

  /**
   * Steps the runs together until each stops; they must be on this solver's problem and share one
   * shape. The batch may be larger than {@link #capacity(RunSpec)} (the buffers then grow to it).
   */
  @Override public List<RunOutcome> runBatch(List<RunSpec> batch) {
    if (batch.isEmpty()) {
      return List.of();
    }
    Objectives.Shape d = Objectives.Shape.of(batch.get(0));
    for (RunSpec run : batch) {
      if (!run.problem().equals(problem.spec())) {
        throw new IllegalArgumentException("run " + run.runId() + " is on " + run.problem() + ", not on "
            + problem.spec());
      }
      if (!Objectives.Shape.of(run).equals(d)) {
        throw new IllegalArgumentException("a batch has one shape; run " + run.runId() + " has " + Objectives.Shape.of(run)
            + ", not " + d);
      }
    }
    long started = System.nanoTime();
    int count = batch.size();
    workspace(d, count);
    Slot[] slots = new Slot[count];
    for (int s = 0; s < count; s++) {
      RunSpec run = batch.get(s);
      slots[s] = new Slot(s, run);
      objective.start(run, theta, s * dimension);
      for (double[] v : state) {
        Arrays.fill(v, s * dimension, (s + 1) * dimension, 0.0);
      }
      prepare(run, s);
    }
    RunOutcome[] out = new RunOutcome[count];
    objective.evaluate(count, theta, loss);
    for (int s = 0; s < count; s++) {
      slots[s].rule = new StoppingRule(slots[s].run.settings(), loss[s]);
    }
    share(slots, count, started, System.nanoTime(), 0);
    int k = 0;
    // The clock is read every CLOCK_EVERY iterations, not every one (a read costs about as much as
    // a 3 × 3 step, and a batch that is down to one run pays it alone), and whenever the batch is
    // about to lose a run: between two reads the same runs went on, so the judging, updates and
    // evaluations in between are shared equally by them. Trace points and final metrics are timed
    // alone and charged to their own run.
    long stepped = System.nanoTime();
    long alone = 0;
    int unread = 0;
    while (true) {
      // backwards, so that the run moved into a finished run's place has been checked already
      for (int s = count - 1; s >= 0; s--) {
        Slot st = slots[s];
        if (st.next < st.schedule.length && st.schedule[st.next] == k) {
          long t = System.nanoTime();
          st.next++;
          objective.point(theta, s * dimension, metrics);
          st.trace.add(k, k * st.run.eta(), loss[s], metrics[0], metrics[1], metrics[2],
              objective.singularValues(theta, s * dimension, st.run.settings().traceSingularValues()));
          long spent = System.nanoTime() - t;
          st.seconds += spent * 1e-9;
          alone += spent;
        }
        Status status = st.rule.judge(loss[s], k);
        if (status != null) {
          long t = System.nanoTime();
          share(slots, count, stepped, t, alone); // the time so far, this run included
          alone = 0;
          out[st.index] = finish(st, s, k, status); // charges the run itself
          stepped = System.nanoTime();
          count--;
          if (s != count) {
            moveSlot(count, s);
            slots[s] = slots[count];
          }
        }
      }
      if (count == 0) {
        break;
      }
      advance(count, k);
      k++;
      objective.evaluate(count, theta, loss);
      if (++unread == CLOCK_EVERY) {
        long now = System.nanoTime();
        share(slots, count, stepped, now, alone);
        stepped = now;
        alone = 0;
        unread = 0;
      }
    }
    return Arrays.asList(out);
  }

  private void moveSlot(int from, int to) {
    System.arraycopy(theta, from * dimension, theta, to * dimension, dimension);
    for (double[] v : state) {
      System.arraycopy(v, from * dimension, v, to * dimension, dimension);
    }
    for (double[] p : params) {
      p[to] = p[from];
    }
    loss[to] = loss[from];
    objective.move(from, to);
  }

  /** Final metrics of the run in slot s, which stopped after k updates. */
  private RunOutcome finish(Slot st, int s, int k, Status status) {
    long t = System.nanoTime();
    double f = loss[s];
    objective.last(theta, s * dimension, !(status == Status.DIVERGED && !Double.isFinite(f)), metrics);
    double eta = st.run.eta();
    if (!st.trace.endsAt(k, k * eta)) {
      st.trace.add(k, k * eta, f, metrics[0], metrics[1], metrics[2],
          objective.singularValues(theta, s * dimension, st.run.settings().traceSingularValues()));
    }
    Trace trace = st.trace.build();
    double[] factor = objective.result(theta, s * dimension);
    double[] x = objective.matrix(theta, s * dimension);
    st.seconds += (System.nanoTime() - t) * 1e-9;
    return new RunOutcome(status, k, k * eta, f, metrics[0], metrics[1], metrics[3], metrics[2], metrics[4],
        st.seconds, trace, factor, x);
  }

  /** Adds the time from 'from' to 'to' less 'alone' nanoseconds (charged already), shared equally, to the count running runs. */
  private static void share(Slot[] slots, int count, long from, long to, long alone) {
    double each = (to - from - alone) * 1e-9 / count;
    for (int s = 0; s < count; s++) {
      slots[s].seconds += each;
    }
  }

  private void workspace(Objectives.Shape d, int count) {
    if (d.equals(shape) && count <= capacity) {
      return;
    }
    int cap = Math.max(count, Objectives.capacity(problem, d, maxBatch));
    objective = Objectives.of(problem, d, cap, reference, 0);
    dimension = objective.dimension();
    theta = new double[cap * dimension];
    next = new double[cap * dimension];
    loss = new double[cap];
    state = new double[stateVectors][cap * dimension];
    params = new double[parameters][cap];
    shape = d;
    capacity = cap;
  }

  /** One run of a batch: its place in the input, its rule, time and trace so far. */
  private static final class Slot {
    final int index;
    final RunSpec run;
    final int[] schedule;
    final TraceBuilder trace;
    StoppingRule rule;
    int next;
    double seconds;

    Slot(int index, RunSpec run) {
      this.index = index;
      this.run = run;
      RunSettings s = run.settings();
      this.schedule = TraceSchedule.iterations(s.traceGrowth(), s.maxIterations());
      this.trace = new TraceBuilder(schedule.length + 1);
    }
  }
}
