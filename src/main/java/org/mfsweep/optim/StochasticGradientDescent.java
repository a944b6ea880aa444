package org.mfsweep.optim;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.mfsweep.problem.BuiltProblem;
import org.mfsweep.problem.Problem;
import org.mfsweep.spec.OptimizerSpec;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.spec.RunOutcome;
import org.mfsweep.spec.RunSpec;
import org.mfsweep.spec.Status;

/**
 * Mini-batch stochastic gradient descent ({@code sgd}), setting b = batch-size, 1 ≤ b ≤ m:
 * <pre>  U ← U − η·(1/b)·A_B*(r_B)·U   (least squares: x ← x − η·(1/b)·A_Bᵀ(A_B x − y_B)),</pre>
 * r_B = A_B(UUᵀ) − y_B over the measurements B of the step. Each epoch shuffles the m measurements
 * (Fisher–Yates on a Well19937c stream seeded from the run's identity, {@link RunSpec#runSeed}) and
 * cuts the order into ⌈m/b⌉ consecutive batches, the last holding the m − b·⌊m/b⌋ left over when b
 * does not divide m (with 1/|B| for it). b = m is gradient descent with the sum taken in another
 * order. {@code iterations} counts updates. The stopping rule reads the full-data loss, which is
 * evaluated at the end of every epoch, at trace points and after the last update; between them
 * only max-iterations can stop a run. Runs do not batch (each has its own mini-batches).
 */
public final class StochasticGradientDescent implements Solver {
  public static final Optimizer OPTIMIZER = new Optimizer() {
    @Override public String name() {
      return "sgd";
    }

    @Override public boolean usesStepSize() {
      return true;
    }

    @Override public List<SettingDeclaration> settings() {
      return List.of(new SettingDeclaration("grid.batch-size", "batch_size", true, 1, false,
          Integer.MAX_VALUE, false, true, "measurements per sgd step, 1 ≤ b ≤ m"));
    }

    @Override public String refuses(ProblemSpec problem, OptimizerSpec spec) {
      long b = spec.integer("batch_size");
      return b > problem.m() ? "batch-size " + b + " > m = " + problem.m() + " (need 1 ≤ batch-size ≤ m)" : null;
    }

    /**
     * A step costs about b/m of a full gradient step, plus a full evaluation once per epoch. For
     * X = W_N ⋯ W_1 only the operator's part (A and A*) shrinks with the batch; the factors'
     * products are the full ones every step.
     */
    @Override public double iterationFlops(RunSpec run, double stepFlops) {
      double share = Math.min(1.0, 1.5 * run.optimizer().integer("batch_size") / run.problem().m());
      if (run.asymmetric()) {
        double operator = Math.min(stepFlops, 2 * org.mfsweep.problem.Kinds.of(run.problem().kind())
            .applyFlops(run.problem()));
        return stepFlops - operator + operator * share;
      }
      return stepFlops * share;
    }

    @Override public Solver solver(BuiltProblem problem, double[] reference) {
      return new StochasticGradientDescent(problem, reference);
    }
  };

  private final BuiltProblem problem;
  private final double[] reference;
  private final double[] metrics = new double[5];
  private final double[] loss = new double[1];

  public StochasticGradientDescent(BuiltProblem problem, double[] reference) {
    this.problem = problem;
    this.reference = reference;
  }

  /** Every run alone. */
  @Override public List<List<Integer>> batches(List<RunSpec> runs) {
    List<List<Integer>> out = new ArrayList<>(runs.size());
    for (int i = 0; i < runs.size(); i++) {
      out.add(List.of(i));
    }
    return out;
  }

  @Override public List<RunOutcome> runBatch(List<RunSpec> batch) {
    List<RunOutcome> out = new ArrayList<>(batch.size());
    for (RunSpec run : batch) {
      out.add(run(run));
    }
    return out;
  }

  public RunOutcome run(RunSpec run) {
    if (!run.problem().equals(problem.spec())) {
      throw new IllegalArgumentException("run " + run.runId() + " is on " + run.problem() + ", not on " + problem.spec());
    }
    long started = System.nanoTime();
    int m = problem instanceof Problem p ? p.m() : problem.spec().m();
    int b = (int) run.optimizer().integer("batch_size");
    if (b < 1 || b > m) {
      throw new IllegalArgumentException("batch-size " + b + " is not in [1, m = " + m + "]");
    }
    Objective objective = Objectives.of(problem, Objectives.Shape.of(run), 1, reference, b);
    int dim = objective.dimension();
    double[] theta = new double[dim];
    double[] next = new double[dim];
    objective.start(run, theta, 0);
    objective.evaluate(1, theta, loss);
    StoppingRule rule = new StoppingRule(run.settings(), loss[0]);
    int[] schedule = TraceSchedule.iterations(run.settings().traceGrowth(), run.settings().maxIterations());
    TraceBuilder trace = new TraceBuilder(schedule.length + 1);
    int nextTrace = 0;
    RandomGenerator rng = new Well19937c(run.runSeed("sgd"));
    int[] order = new int[m];
    for (int i = 0; i < m; i++) {
      order[i] = i;
    }
    int position = m; // the first step starts an epoch
    boolean fresh = true; // loss[0] is the full loss of theta
    double eta = run.eta();
    int k = 0;
    Status status;
    while (true) {
      boolean traced = nextTrace < schedule.length && schedule[nextTrace] == k;
      boolean last = k >= run.settings().maxIterations();
      if ((traced || last) && !fresh) {
        objective.evaluate(1, theta, loss);
        fresh = true;
      }
      if (traced) {
        nextTrace++;
        objective.point(theta, 0, metrics);
        trace.add(k, k * eta, loss[0], metrics[0], metrics[1], metrics[2],
            objective.singularValues(theta, 0, run.settings().traceSingularValues()));
      }
      status = fresh ? rule.judge(loss[0], k) : null;
      if (status != null) {
        break;
      }
      if (position == m) {
        shuffle(order, rng);
        position = 0;
      }
      int size = Math.min(b, m - position);
      objective.sampledStep(theta, 0, order, position, size, -eta, next);
      double[] t = theta;
      theta = next;
      next = t;
      position += size;
      k++;
      fresh = false;
      if (position == m) {
        objective.evaluate(1, theta, loss);
        fresh = true;
      }
    }
    objective.last(theta, 0, !(status == Status.DIVERGED && !Double.isFinite(loss[0])), metrics);
    if (!trace.endsAt(k, k * eta)) {
      trace.add(k, k * eta, loss[0], metrics[0], metrics[1], metrics[2],
          objective.singularValues(theta, 0, run.settings().traceSingularValues()));
    }
    return new RunOutcome(status, k, k * eta, loss[0], metrics[0], metrics[1], metrics[3], metrics[2], metrics[4],
        (System.nanoTime() - started) * 1e-9, trace.build(), objective.result(theta, 0), objective.matrix(theta, 0));
  }

  /** A uniformly random permutation of order in place (Fisher–Yates, from the last position down). */
  static void shuffle(int[] order, RandomGenerator rng) {
    for (int i = order.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }
}
