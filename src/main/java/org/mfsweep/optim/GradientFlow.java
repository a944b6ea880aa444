package org.mfsweep.optim;

import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.ode.FirstOrderDifferentialEquations;
import org.apache.commons.math3.ode.events.EventHandler;
import org.apache.commons.math3.ode.nonstiff.DormandPrince853Integrator;
import org.apache.commons.math3.ode.sampling.StepHandler;
import org.apache.commons.math3.ode.sampling.StepInterpolator;
import org.mfsweep.linalg.Netlib;
import org.mfsweep.problem.BuiltProblem;
import org.mfsweep.problem.GeneralProblem;
import org.mfsweep.problem.MeasurementOperator;
import org.mfsweep.problem.Problem;
import org.mfsweep.spec.FlowSettings;
import org.mfsweep.spec.RunSettings;
import org.mfsweep.spec.RunOutcome;
import org.mfsweep.spec.RunSpec;
import org.mfsweep.spec.Status;
import org.mfsweep.spec.Trace;
import org.mfsweep.spec.FlowMethod;

/**
 * Gradient flow, the limit of gradient descent as η → 0 that the seed's claims are about:
 * <pre>  dU/dt = −∇f(U) = −(1/m)·A*(A(UUᵀ) − y)·U,   U(0) = α·U_init,</pre>
 * integrated by commons-math3's adaptive Dormand–Prince 8(5,3) method or by the L-stable Rosenbrock
 * method {@link Rodas5} with the field's analytic Jacobian ({@link FlowField}), or by the first and
 * then the second (auto, {@link #AUTO_SWITCH_STEPS}), as run.flow.method says, each step within the
 * run's relative and absolute tolerances. Gradient descent with step η follows the same path at
 * time t = k·η, to first order in η, which is how the two are compared.
 *
 * <p>The flow stops when f(U) reaches the tolerance (CONVERGED, located by an event), when f(U)
 * is not finite or exceeds divergence-factor·f(U₀) (DIVERGED), after max-iterations integrator
 * steps or at the horizon (MAX_ITERATIONS). Traces are taken at times g^j (g the trace growth,
 * j ≥ −10) up to the end, from the integrator's dense output, and at the end.
 */
public final class GradientFlow {
  /** auto integrates up to this many unknowns n·d by Rosenbrock (see {@link #method}). */
  public static final int AUTO_MAX_DIMENSION = 64;
  /**
   * Above AUTO_MAX_DIMENSION auto takes this many Dormand–Prince steps, then RODAS5 from there if the
   * flow has not stopped and {@link #rosenbrockPays}: a flow that meets its tolerance before it turns
   * stiff (n = 50 sensing at width 2: 79 steps) stays explicit, a long one (the same at width 5–50:
   * 3,740 steps to t = 10⁴) goes on in about 300 RODAS5 steps.
   */
  public static final int AUTO_SWITCH_STEPS = 200;
  /**
   * {@link #rosenbrockPays}: a RODAS5 step may cost this many explicit steps' flops. Measured on
   * sensing to t = 10⁴ (RODAS5 243–297 steps, Dormand–Prince 2,031–3,743): at a ratio of 1.9 (n = 50,
   * m = 300, width 5) RODAS5 took 0.12× Dormand–Prince's CPU, at 15.8 (width 50) 0.50×, at 31.4
   * (n = 100, m = 600, width 100) 0.72×; its dsyrk runs near the dgemm rate while the explicit
   * steps' operator passes are memory-bound, so a flop ratio understates what RODAS5 saves.
   */
  public static final double AUTO_STEP_COST_RATIO = 32;

  private final Problem problem;
  private final int n;
  private final int m;
  private final MeasurementOperator.Evaluator train;
  private final Metrics metrics;
  private final double[] x;
  private final double[] g;
  private final double[] r;

  private final BuiltProblem built;
  private double[] reference;

  /** The flow of runs on a symmetric problem (X = UUᵀ, or X = W_N ⋯ W_1 on it). */
  public GradientFlow(Problem problem) {
    this((BuiltProblem) problem);
  }

  /** The flow of runs on any matrix problem; X = UUᵀ needs a symmetric one. */
  public GradientFlow(BuiltProblem built) {
    if (!(built instanceof Problem) && !(built instanceof GeneralProblem)) {
      throw new IllegalArgumentException("flow integrates factored problems, not " + built.spec().kind());
    }
    this.built = built;
    Problem problem = built instanceof Problem p ? p : null;
    this.problem = problem;
    if (problem == null) {
      this.n = 0;
      this.m = 0;
      this.train = null;
      this.metrics = null;
      this.x = null;
      this.g = null;
      this.r = null;
      return;
    }
    this.n = problem.n();
    this.m = problem.m();
    this.train = problem.train().evaluator();
    this.metrics = new Metrics(problem);
    this.x = new double[n * n];
    this.g = new double[n * n];
    this.r = new double[m];
  }

  /** The reference X_ref (n × n, both triangles) runs are compared with, or null. */
  public void reference(double[] xRef) {
    this.reference = xRef;
    if (metrics != null) {
      metrics.reference(xRef);
    }
  }

  /**
   * The flow's state and what a run reads from it: U (n × d) of X = UUᵀ, by this class's own field
   * and Jacobian; or θ = (W_1, …, W_N) of X = W_N ⋯ W_1, through its {@link AsymmetricObjective}.
   */
  private interface Dynamics {
    int dimension();

    void start(RunSpec run, double[] u);

    /** f at u (and whatever the metrics below need of it). */
    double loss(double[] u);

    /** du ← −∇f(u). */
    void derivative(double[] u, double[] du);

    /** out ← (test error, nuclear norm, err_ref) at u, after {@link #loss}(u). */
    void point(double[] u, double[] out);

    /** out ← (test error, nuclear norm, err_ref, err_truth, effective rank) at u, after {@link #loss}(u). */
    void last(double[] u, boolean finiteLoss, double[] out);

    double[] singularValues(double[] u, int k);

    /** X at u, or null when the caller forms UUᵀ. */
    double[] matrix(double[] u);
  }

  /** X = UUᵀ: the field −(1/m)·A*(r)·U formed densely (dsymm). */
  private Dynamics symmetric(int d) {
    return new Dynamics() {
      @Override public int dimension() {
        return n * d;
      }

      @Override public void start(RunSpec run, double[] u) {
        Start.fill(run, u);
      }

      @Override public double loss(double[] u) {
        return GradientFlow.this.loss(u, d);
      }

      @Override public void derivative(double[] u, double[] du) {
        GradientFlow.this.loss(u, d);
        train.adjoint(r, g);
        Netlib.blas.dsymm("L", "U", n, d, -1.0 / m, g, n, u, n, 0.0, du, n);
      }

      @Override public void point(double[] u, double[] out) {
        out[0] = metrics.testError(x);
        out[1] = Netlib.blas.ddot(n * d, u, 1, u, 1);
        out[2] = metrics.errRef(x);
      }

      @Override public void last(double[] u, boolean finiteLoss, double[] out) {
        point(u, out);
        out[3] = metrics.errTruth(x);
        out[4] = finiteLoss ? metrics.effectiveRank(x) : Double.NaN;
      }

      @Override public double[] singularValues(double[] u, int k) {
        return k <= 0 ? null : metrics.topEigenvalues(x, k);
      }

      @Override public double[] matrix(double[] u) {
        return null;
      }
    };
  }

  /** X = W_N ⋯ W_1: the field −∇f(θ) of the run's objective. */
  private Dynamics objective(RunSpec run) {
    Objective o = Objectives.of(built, Objectives.Shape.of(run), 1, reference, 0);
    double[] loss = new double[1];
    double[] minusOne = {-1.0};
    return new Dynamics() {
      @Override public int dimension() {
        return o.dimension();
      }

      @Override public void start(RunSpec r, double[] u) {
        o.start(r, u, 0);
      }

      @Override public double loss(double[] u) {
        o.evaluate(1, u, loss);
        return loss[0];
      }

      @Override public void derivative(double[] u, double[] du) {
        o.evaluate(1, u, loss);
        o.gradient(1, u, minusOne, du);
      }

      @Override public void point(double[] u, double[] out) {
        o.point(u, 0, out);
      }

      @Override public void last(double[] u, boolean finiteLoss, double[] out) {
        o.last(u, 0, finiteLoss, out);
      }

      @Override public double[] singularValues(double[] u, int k) {
        return o.singularValues(u, 0, k);
      }

      @Override public double[] matrix(double[] u) {
        return o.matrix(u, 0);
      }
    };
  }

  /** x ← upper triangle of UUᵀ; r ← A(x) − y; returns f(U) = ‖r‖²/(4m). */
  private double loss(double[] u, int d) {
    Netlib.blas.dsyrk("U", "N", n, d, 1.0, u, n, 0.0, x, n);
    train.apply(x, r);
    Netlib.blas.daxpy(m, -1.0, problem.y(), 1, r, 1);
    return Netlib.blas.ddot(m, r, 1, r, 1) / (4.0 * m);
  }

  /** Thrown from the step handler to stop at the step budget. */
  private static final class Budget extends RuntimeException {
    Budget() {
      super(null, null, false, false);
    }
  }

  public RunOutcome run(RunSpec run) {
    if (run.flow() == null || !run.problem().equals(built.spec())) {
      throw new IllegalArgumentException("run " + run.runId() + " is not a flow run on " + built.spec());
    }
    long started = System.nanoTime();
    RunSettings s = run.settings();
    FlowSettings fs = run.flow();
    int d = run.width();
    Dynamics dyn = run.asymmetric() ? objective(run) : symmetric(d);
    int dim = dyn.dimension();
    if (run.asymmetric() && fs.method() == FlowMethod.ROSENBROCK) {
      throw new IllegalArgumentException("run.flow.method = rosenbrock integrates X = UUᵀ only; run " + run.runId()
          + " is X = W_N ⋯ W_1 (use dopri or auto)");
    }
    double[] u0 = new double[dim];
    dyn.start(run, u0);
    double loss0 = dyn.loss(u0);
    StoppingRule rule = new StoppingRule(s, loss0);
    double limit = rule.limit();

    FirstOrderDifferentialEquations field = new FirstOrderDifferentialEquations() {
      @Override public int getDimension() {
        return dim;
      }

      @Override public void computeDerivatives(double t, double[] u, double[] du) {
        dyn.derivative(u, du);
      }
    };

    double[] times = TraceSchedule.times(s.traceGrowth(), fs.horizon());
    Recorder rec = new Recorder(times.length + 1, dim, dyn, s.traceSingularValues());
    System.arraycopy(u0, 0, rec.current, 0, u0.length);
    int[] steps = {0};
    Status[] event = {null};
    FlowMethod first = run.asymmetric() ? FlowMethod.DOPRI : method(fs.method(), dim);
    // auto beyond AUTO_MAX_DIMENSION: Dormand–Prince first, RODAS5 from where it stands if the flow goes on
    boolean switches = !run.asymmetric() && fs.method() == FlowMethod.AUTO && first == FlowMethod.DOPRI
        && rosenbrockPays(problem, d) && s.maxIterations() > AUTO_SWITCH_STEPS;
    int explicitSteps = switches ? AUTO_SWITCH_STEPS : s.maxIterations();
    int[] nextTrace = {0};
    StepHandler handler = new StepHandler() {
      @Override public void init(double t0, double[] y0, double t) {}

      @Override public void handleStep(StepInterpolator in, boolean isLast) {
        steps[0]++;
        while (nextTrace[0] < times.length && times[nextTrace[0]] <= in.getCurrentTime()) {
          in.setInterpolatedTime(times[nextTrace[0]]);
          rec.add(steps[0], times[nextTrace[0]], in.getInterpolatedState());
          nextTrace[0]++;
        }
        in.setInterpolatedTime(in.getCurrentTime());
        System.arraycopy(in.getInterpolatedState(), 0, rec.current, 0, dim);
        rec.currentTime = in.getCurrentTime();
        if (steps[0] >= explicitSteps && !isLast) {
          throw new Budget();
        }
      }
    };
    DormandPrince853Integrator integrator = new DormandPrince853Integrator(0.0, fs.horizon(),
        fs.absoluteTolerance(), fs.relativeTolerance());
    integrator.addStepHandler(handler);
    // continuous switching functions, rising through 0 where the flow must stop
    integrator.addEventHandler(stopWhen(event, Status.CONVERGED, u -> s.tolerance() - dyn.loss(u)),
        fs.horizon(), 1e-12 * fs.horizon(), 100);
    integrator.addEventHandler(stopWhen(event, Status.DIVERGED, u -> {
      double f = dyn.loss(u);
      return Double.isFinite(f) ? f - limit : Double.MAX_VALUE;
    }), fs.horizon(), 1e-12 * fs.horizon(), 100);

    double[] u = u0.clone();
    double end;
    Status status;
    if (rule.converged(loss0)) {
      end = 0;
      status = Status.CONVERGED;
    } else if (first == FlowMethod.ROSENBROCK) {
      Ending e = rosenbrock(run, 0.0, u0, loss0, limit, times, 0, rec, steps, u);
      end = e.time();
      status = e.status();
    } else {
      try {
        end = integrator.integrate(field, 0.0, u0, fs.horizon(), u);
        status = event[0] != null ? event[0] : Status.MAX_ITERATIONS;
      } catch (Budget stop) {
        end = rec.currentTime;
        System.arraycopy(rec.current, 0, u, 0, u.length);
        status = Status.MAX_ITERATIONS;
        if (switches) {
          Ending e = rosenbrock(run, end, u.clone(), dyn.loss(u), limit, times, nextTrace[0], rec, steps, u);
          end = e.time();
          status = e.status();
        }
      } catch (MathIllegalStateException e) {
        // the step size collapsed: the flow blows up (or is too stiff for an explicit method)
        end = rec.currentTime;
        System.arraycopy(rec.current, 0, u, 0, u.length);
        double f = dyn.loss(u);
        if (Double.isFinite(f) && f <= limit) {
          throw new IllegalStateException("the integrator stopped at t = " + end + " with f(U) = " + f + ": "
              + e.getMessage(), e);
        }
        status = Status.DIVERGED;
      }
    }
    double loss = dyn.loss(u);
    if (status == Status.MAX_ITERATIONS && rule.diverged(loss)) {
      status = Status.DIVERGED;
    }
    double[] at = new double[5];
    dyn.last(u, Double.isFinite(loss), at);
    rec.addFinal(steps[0], end, loss, at, u);
    return new RunOutcome(status, steps[0], end, loss, at[0], at[1], at[3], at[2], at[4],
        (System.nanoTime() - started) * 1e-9, rec.trace(), u, dyn.matrix(u));
  }

  /**
   * The integrator a run starts with: auto takes Rosenbrock up to AUTO_MAX_DIMENSION unknowns
   * (measured: 16–85× less CPU on completion flows to t = 10⁶ with 25–64 unknowns), where its dense
   * Jacobian is cheap next to the thousands of explicit steps of the stiff late phase; above, it
   * starts on Dormand–Prince and may go on with RODAS5 ({@link #AUTO_SWITCH_STEPS}).
   */
  public static FlowMethod method(FlowMethod asked, int dimension) {
    if (asked != FlowMethod.AUTO) {
      return asked;
    }
    return dimension <= AUTO_MAX_DIMENSION ? FlowMethod.ROSENBROCK : FlowMethod.DOPRI;
  }

  /**
   * Whether auto, having started a flow of width d on Dormand–Prince (above AUTO_MAX_DIMENSION),
   * goes on with RODAS5 after {@link #AUTO_SWITCH_STEPS} steps: when a Rosenbrock step's linear
   * algebra ({@link #rosenbrockStepFlops}) costs at most {@link #AUTO_STEP_COST_RATIO} explicit
   * steps of 12 field evaluations each.
   */
  public static boolean rosenbrockPays(Problem problem, int d) {
    if (problem == null) {
      return false;
    }
    double rosenbrock = rosenbrockStepFlops(problem, d);
    double explicit = 12 * (2 * problem.train().applyFlops() + 4.0 * problem.n() * problem.n() * d);
    return rosenbrock <= AUTO_STEP_COST_RATIO * explicit;
  }

  /**
   * Flops of a RODAS5 step's Jacobian and factorization, by the solves {@link #rosenbrock} picks:
   * with a dense operator's stacked Aᵢ and m &lt; n·d ({@link LowRankJacobian}) 4m·n²·d + m²·n·d +
   * m³/3; with them and m ≥ n·d (dense J from the Aᵢ·U) 2m·n²·d + m·(n·d)² + (2/3)(n·d)³; otherwise
   * (n·d field-sized products or m rank-one terms) at least (n·d)·applyFlops + (2/3)(n·d)³.
   */
  static double rosenbrockStepFlops(Problem problem, int d) {
    double n = problem.n();
    double m = problem.m();
    double dim = n * d;
    boolean dense = !(problem.train() instanceof org.mfsweep.problem.FactoredOperator)
        || problem.train().applyFlops() > FlowField.SPARSE_FLOPS_PER_MEASUREMENT * m;
    boolean stacks = dense && m > 0 && m * n * n <= FlowField.STACKED_MAX_ENTRIES;
    if (stacks && m < dim) {
      return 4 * m * n * n * d + m * m * dim + m * m * m / 3;
    }
    if (stacks) {
      return 2 * m * n * n * d + m * dim * dim + 2.0 / 3 * dim * dim * dim;
    }
    return dim * problem.train().applyFlops() + 2.0 / 3 * dim * dim * dim;
  }

  private record Ending(double time, Status status) {}

  /**
   * The flow by {@link Rodas5}, with the stopping rules of the Dormand–Prince path: f = tolerance
   * and f = divergence limit located on the dense output, traces from it, max-iterations accepted
   * steps, the horizon. Starts at (startTime, u0) with f = loss0 there and the trace's times from
   * index firstTrace on (0 and 0 for a whole flow; where Dormand–Prince stopped when auto switches).
   * Its solves: {@link LowRankJacobian} where it applies (dense operator, m &lt; n·d), else the
   * dense LU. Leaves the final state in u.
   */
  private Ending rosenbrock(RunSpec run, double startTime, double[] u0, double loss0, double limit, double[] times,
                            int firstTrace, Recorder rec, int[] steps, double[] u) {
    RunSettings s = run.settings();
    FlowSettings fs = run.flow();
    int d = run.width();
    int dim = n * d;
    FlowField field = new FlowField(problem, d);
    Rodas5.DenseField system = new Rodas5.DenseField() {
      @Override public int dimension() {
        return dim;
      }

      @Override public void derivative(double[] y, double[] dy) {
        field.stateDerivative(y, dy);
      }

      @Override public void jacobian(double[] y, double[] jac) {
        field.stateJacobian(y, jac);
      }
    };
    Rodas5.Jacobian jacobian = LowRankJacobian.applies(field) ? new LowRankJacobian(field) : new DenseJacobian(system);
    Rodas5 rodas = new Rodas5(system, jacobian, fs.relativeTolerance(), fs.absoluteTolerance());
    // the integrator works in the field's layout (Uᵀ for the factored kernels: a permutation of the
    // unknowns, which its error norm and dense output do not see); at, rec and u hold U
    double[] y = new double[dim];
    field.toState(u0, y);
    rodas.start(startTime, y);
    double horizon = fs.horizon();
    double tolerance = s.tolerance();
    double[] at = new double[dim];
    // the f the run reports (its final metrics): events are located on it
    double[] atU = new double[dim];
    java.util.function.ToDoubleFunction<double[]> reported = a -> {
      field.fromState(a, atU);
      return loss(atU, d);
    };
    int next = firstTrace;
    double fPrevious = loss0;
    while (true) {
      try {
        rodas.step(horizon);
      } catch (Rodas5.StepSizeUnderflow e) {
        // the step size collapsed: the flow blows up
        System.arraycopy(rec.current, 0, u, 0, dim);
        double f = loss(u, d);
        if (Double.isFinite(f) && f <= limit) {
          throw new IllegalStateException("the integrator stopped at t = " + rec.currentTime + " with f(U) = " + f
              + ": " + e.getMessage(), e);
        }
        return new Ending(rec.currentTime, Status.DIVERGED);
      }
      steps[0]++;
      double t0 = rodas.previousTime();
      double t1 = rodas.currentTime();
      double f1 = field.lastLoss();
      if (!(f1 > tolerance)) {
        // F came from the field's kernels, whose f differs by rounding (≈ 1e-12 relative near
        // f = 1e-10, where r cancels) from the f the run reports: decide, and locate, on that one
        f1 = reported.applyAsDouble(rodas.state());
      }
      Status event = null;
      double end = t1;
      double accuracy = Math.max(1e-12 * horizon, 4 * Math.ulp(t1));
      if (!(f1 > tolerance)) {
        // f = NaN also lands here; the root finder then treats it as beyond the tolerance
        end = root(rodas, reported, at, t0, tolerance - fPrevious, t1, f -> tolerance - f, accuracy);
        event = Status.CONVERGED;
      }
      if (!(f1 <= limit)) {
        double when = root(rodas, reported, at, t0, fPrevious - limit, t1,
            f -> Double.isFinite(f) ? f - limit : Double.MAX_VALUE, accuracy);
        if (event == null || when < end) {
          end = when;
          event = Status.DIVERGED;
        }
      }
      while (next < times.length && times[next] <= end) {
        rodas.interpolate(times[next], at);
        field.fromState(at, atU);
        rec.add(steps[0], times[next], atU);
        next++;
      }
      if (event != null) {
        rodas.interpolate(end, at);
        field.fromState(at, u);
        return new Ending(end, event);
      }
      field.fromState(rodas.state(), rec.current);
      rec.currentTime = t1;
      fPrevious = f1;
      if (t1 >= horizon || steps[0] >= s.maxIterations()) {
        field.fromState(rodas.state(), u);
        return new Ending(t1, Status.MAX_ITERATIONS);
      }
    }
  }

  private interface Switch {
    double of(double f);
  }

  /**
   * A time in [t0, t1] where sw(f(U(t))) rises through 0 on the last step's dense output, by the
   * Illinois variant of regula falsi, to the given time accuracy; the end where sw ≥ 0.
   */
  private static double root(Rodas5 rodas, java.util.function.ToDoubleFunction<double[]> loss, double[] at, double t0,
                             double g0, double t1, Switch sw, double accuracy) {
    double a = t0;
    double ga = g0;
    double b = t1;
    rodas.interpolate(b, at);
    double gb = sw.of(loss.applyAsDouble(at));
    if (!(gb >= 0)) {
      gb = Double.MAX_VALUE;
    }
    int side = 0;
    for (int i = 0; i < 200 && b - a > accuracy; i++) {
      double c = b - gb * ((b - a) / (gb - ga));
      if (!(c > a && c < b)) {
        c = 0.5 * (a + b);
      }
      rodas.interpolate(c, at);
      double gc = sw.of(loss.applyAsDouble(at));
      if (gc >= 0) {
        b = c;
        gb = gc == 0 ? 0 : gc;
        if (side == 1) {
          ga *= 0.5;
        }
        side = 1;
        if (gc == 0) {
          break;
        }
      } else if (gc < 0) {
        a = c;
        ga = gc;
        if (side == -1) {
          gb *= 0.5;
        }
        side = -1;
      } else {
        // NaN on the way: treat as past the switch
        b = c;
        gb = Double.MAX_VALUE;
        side = 0;
      }
    }
    return b;
  }

  private interface Sign {
    double of(double[] u);
  }

  /** An event that stops the integration where the function rises through 0, and records which. */
  private static EventHandler stopWhen(Status[] event, Status status, Sign sign) {
    return new EventHandler() {
      @Override public void init(double t0, double[] y0, double t) {}

      @Override public double g(double t, double[] y) {
        return sign.of(y);
      }

      @Override public Action eventOccurred(double t, double[] y, boolean increasing) {
        if (!increasing) {
          return Action.CONTINUE;
        }
        event[0] = status;
        return Action.STOP;
      }

      @Override public void resetState(double t, double[] y) {}
    };
  }

  /** Trace points as the integration passes them, and the state at the end of the last step. */
  private static final class Recorder {
    final double[] current;
    double currentTime;
    final TraceBuilder trace;
    final Dynamics dyn;
    final int singularValues;
    final double[] point = new double[3];

    Recorder(int capacity, int dimension, Dynamics dyn, int singularValues) {
      current = new double[dimension];
      trace = new TraceBuilder(capacity);
      this.dyn = dyn;
      this.singularValues = singularValues;
    }

    void add(int steps, double t, double[] u) {
      double f = dyn.loss(u);
      dyn.point(u, point);
      trace.add(steps, t, f, point[0], point[1], point[2], dyn.singularValues(u, singularValues));
    }

    /** The end point, from the final metrics (test error, nuclear norm, err_ref first) at u. */
    void addFinal(int steps, double t, double f, double[] metrics, double[] u) {
      if (!trace.endsAt(steps, t)) {
        trace.add(steps, t, f, metrics[0], metrics[1], metrics[2], dyn.singularValues(u, singularValues));
      }
    }

    Trace trace() {
      return trace.build();
    }
  }
}
