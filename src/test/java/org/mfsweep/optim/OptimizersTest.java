package org.mfsweep.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mfsweep.problem.MeasurementOperator;
import org.mfsweep.problem.Problem;
import org.mfsweep.problem.Problems;
import org.mfsweep.problem.VectorProblem;
import org.mfsweep.spec.Init;
import org.mfsweep.spec.Kind;
import org.mfsweep.spec.OptimizerSpec;
import org.mfsweep.spec.OptimizerSpec.Setting;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.spec.RunOutcome;
import org.mfsweep.spec.RunSettings;
import org.mfsweep.spec.RunSpec;
import org.mfsweep.spec.Status;
import org.mfsweep.testing.Dense;

/**
 * Each update rule against the same rule computed by hand for a few steps, with the gradient
 * ∇f(U) = (1/m)·A*(A(UUᵀ) − y)·U formed from full matrices (or (1/m)·Aᵀ(Ax − y) for least squares);
 * and the identities between optimizers: momentum and Nesterov with β = 0 and sgd with b = m are gd.
 */
class OptimizersTest {
  static final double CLOSE = 1e-12;

  private static RunSettings settings(int maxIterations) {
    return new RunSettings(maxIterations, 1e-30, 1e12, 2, 20);
  }

  private static OptimizerSpec spec(String name, Setting... settings) {
    return new OptimizerSpec(name, List.of(settings));
  }

  private static RunSpec run(ProblemSpec p, int d, double eta, int steps, OptimizerSpec o) {
    return new RunSpec(p, d, Init.ORTHOGONAL, 0.6, eta, settings(steps), o);
  }

  /** ∇f(U) for X = UUᵀ from the dense evaluator: (1/m)·A*(r)·U, U n × d column-major. */
  static double[] gradient(Problem p, double[] u, int d) {
    int n = p.n();
    int m = p.m();
    MeasurementOperator.Evaluator e = p.train().evaluator();
    double[] x = Dense.outer(u, n, d);
    double[] r = new double[m];
    e.apply(x, r);
    for (int i = 0; i < m; i++) {
      r[i] -= p.y()[i];
    }
    double[] g = new double[n * n];
    e.adjoint(r, g);
    double[] gu = Dense.multiply(g, u, n, n, d);
    for (int t = 0; t < gu.length; t++) {
      gu[t] /= m;
    }
    return gu;
  }

  /** ∇f_B(U) = (1/b)·A_B*(r_B)·U over the measurements rows[from … from + b − 1]. */
  static double[] batchGradient(Problem p, double[] u, int d, int[] rows, int from, int b) {
    int n = p.n();
    double[] x = Dense.outer(u, n, d);
    double[] g = new double[n * n];
    for (int t = 0; t < b; t++) {
      int i = rows[from + t];
      double[] a = Dense.measurementMatrix(p.train(), i);
      double r = Dense.dot(a, x) - p.y()[i];
      for (int q = 0; q < g.length; q++) {
        g[q] += r * a[q];
      }
    }
    double[] gu = Dense.multiply(g, u, n, n, d);
    for (int t = 0; t < gu.length; t++) {
      gu[t] /= b;
    }
    return gu;
  }

  static double[] start(RunSpec run) {
    double[] u = new double[run.problem().n() * run.width()];
    Start.fill(run, u);
    return u;
  }

  static void assertClose(double[] expected, double[] actual, double tolerance, String what) {
    double[] diff = actual.clone();
    for (int t = 0; t < diff.length; t++) {
      diff[t] -= expected[t];
    }
    assertTrue(Dense.norm(diff) <= tolerance * Dense.norm(expected),
        what + ": ‖difference‖ = " + Dense.norm(diff) + ", ‖expected‖ = " + Dense.norm(expected));
  }

  static Problem problem(Kind kind) {
    return Problems.build(new ProblemSpec(kind, 5, 12, 2, 7), 10);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sensing", "completion", "diagonal"})
  void momentumIsTheHeavyBallRule(Kind kind) {
    Problem p = problem(kind);
    int d = 4;
    double eta = 0.05;
    double beta = 0.7;
    RunSpec r = run(p.spec(), d, eta, 3, spec("momentum", new Setting("beta", beta)));
    double[] u = start(r);
    double[] v = new double[u.length];
    for (int k = 0; k < 3; k++) {
      double[] g = gradient(p, u, d);
      for (int t = 0; t < u.length; t++) {
        v[t] = beta * v[t] - eta * g[t];
        u[t] += v[t];
      }
    }
    RunOutcome o = new Momentum(p, 32).run(r);
    assertEquals(3, o.iterations());
    assertClose(u, o.factor(), CLOSE, kind + " momentum after 3 steps");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sensing", "completion", "diagonal"})
  void nesterovTakesTheGradientAtTheLookAhead(Kind kind) {
    Problem p = problem(kind);
    int d = 3;
    double eta = 0.05;
    double beta = 0.8;
    RunSpec r = run(p.spec(), d, eta, 3, spec("nesterov", new Setting("beta", beta)));
    double[] u = start(r);
    double[] v = new double[u.length];
    for (int k = 0; k < 3; k++) {
      double[] w = u.clone();
      for (int t = 0; t < u.length; t++) {
        w[t] += beta * v[t];
      }
      double[] g = gradient(p, w, d);
      for (int t = 0; t < u.length; t++) {
        v[t] = beta * v[t] - eta * g[t];
        u[t] += v[t];
      }
    }
    RunOutcome o = new Nesterov(p, 32).run(r);
    assertClose(u, o.factor(), CLOSE, kind + " nesterov after 3 steps");
    assertEquals(Dense.loss(p.train(), p.y(), o.factor(), d), o.trainLoss(), 1e-12, "f at U_k, not at the look-ahead");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sensing", "completion", "diagonal"})
  void adamIsKingmaAndBaWithBiasCorrection(Kind kind) {
    Problem p = problem(kind);
    int d = 5;
    double eta = 0.01;
    double b1 = 0.9;
    double b2 = 0.999;
    double eps = 1e-8;
    RunSpec r = run(p.spec(), d, eta, 3, spec("adam", new Setting("beta1", b1), new Setting("beta2", b2),
        new Setting("epsilon", eps)));
    double[] u = start(r);
    double[] m1 = new double[u.length];
    double[] m2 = new double[u.length];
    for (int t = 1; t <= 3; t++) {
      double[] g = gradient(p, u, d);
      for (int i = 0; i < u.length; i++) {
        m1[i] = b1 * m1[i] + (1 - b1) * g[i];
        m2[i] = b2 * m2[i] + (1 - b2) * g[i] * g[i];
        double mHat = m1[i] / (1 - Math.pow(b1, t));
        double vHat = m2[i] / (1 - Math.pow(b2, t));
        u[i] -= eta * mHat / (Math.sqrt(vHat) + eps);
      }
    }
    RunOutcome o = new Adam(p, 32).run(r);
    assertClose(u, o.factor(), CLOSE, kind + " adam after 3 steps");
  }

  /** Fisher–Yates from the last position down, on the run's own Well19937c stream, as documented. */
  static void shuffle(int[] order, RandomGenerator rng) {
    for (int i = order.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sensing", "completion", "diagonal"})
  void sgdStepsThroughShuffledEpochsOfMiniBatches(Kind kind) {
    Problem p = problem(kind); // m = 12
    int d = 4;
    double eta = 0.05;
    int b = 5; // batches of 5, 5 and the 2 left over
    int steps = 7; // two epochs and a bit
    RunSpec r = run(p.spec(), d, eta, steps, spec("sgd", new Setting("batch_size", (long) b)));
    double[] u = start(r);
    RandomGenerator rng = new Well19937c(r.runSeed("sgd"));
    int m = p.m();
    int[] order = new int[m];
    for (int i = 0; i < m; i++) {
      order[i] = i;
    }
    int position = m;
    for (int k = 0; k < steps; k++) {
      if (position == m) {
        shuffle(order, rng);
        position = 0;
      }
      int size = Math.min(b, m - position);
      double[] g = batchGradient(p, u, d, order, position, size);
      for (int t = 0; t < u.length; t++) {
        u[t] -= eta * g[t];
      }
      position += size;
    }
    RunOutcome o = new StochasticGradientDescent(p, null).run(r);
    assertEquals(steps, o.iterations());
    assertEquals(Status.MAX_ITERATIONS, o.status());
    assertClose(u, o.factor(), CLOSE, kind + " sgd after " + steps + " steps");
    assertEquals(Dense.loss(p.train(), p.y(), o.factor(), d), o.trainLoss(), 1e-12, "the full-data loss");
  }

  @Test
  void leastSquaresTakesEveryOptimizer() {
    VectorProblem p = Problems.buildVector(new ProblemSpec(Kind.LEAST_SQUARES, 9, 6, 1, 3), 10);
    double eta = 0.05;
    double beta = 0.5;
    RunSpec r = new RunSpec(p.spec(), 1, Init.IDENTITY, 0.2, eta, settings(2), spec("momentum",
        new Setting("beta", beta)));
    double[] x = new double[p.n()];
    java.util.Arrays.fill(x, 0.2);
    double[] v = new double[p.n()];
    for (int k = 0; k < 2; k++) {
      double[] g = new double[p.n()];
      for (int i = 0; i < p.m(); i++) {
        double ri = -p.y()[i];
        for (int j = 0; j < p.n(); j++) {
          ri += p.a()[i + j * p.m()] * x[j];
        }
        for (int j = 0; j < p.n(); j++) {
          g[j] += p.a()[i + j * p.m()] * ri / p.m();
        }
      }
      for (int j = 0; j < p.n(); j++) {
        v[j] = beta * v[j] - eta * g[j];
        x[j] += v[j];
      }
    }
    assertClose(x, new Momentum(p, 32).run(r).factor(), CLOSE, "least-squares momentum");
    for (OptimizerSpec o : List.of(spec("nesterov", new Setting("beta", 0.9)),
        spec("sgd", new Setting("batch_size", 2L)), spec("adam", new Setting("beta1", 0.9), new Setting("beta2", 0.999),
            new Setting("epsilon", 1e-8)))) {
      RunSpec ro = new RunSpec(p.spec(), 1, Init.IDENTITY, 0.2, 0.02, new RunSettings(30_000, 1e-20, 1e6, 2, 10), o);
      RunOutcome out = Optimizers.of(o.name()).solver(p, null).runBatch(List.of(ro)).get(0);
      assertTrue(out.trainLoss() < 1e-8, o.name() + " fits the measurements: f = " + out.trainLoss());
    }
  }

  /** gd and another optimizer from the same start: the same iterates to rounding, step for step. */
  private static void sameAsGd(Problem p, OptimizerSpec o, Function<Problem, Solver> solver, String what) {
    int d = 5;
    for (int steps : new int[] {1, 2, 40}) {
      RunSpec gdRun = run(p.spec(), d, 0.05, steps, OptimizerSpec.GD);
      RunSpec other = run(p.spec(), d, 0.05, steps, o);
      RunOutcome g = new GradientDescent(p).run(gdRun);
      RunOutcome x = solver.apply(p).runBatch(List.of(other)).get(0);
      assertEquals(g.iterations(), x.iterations(), what);
      assertClose(g.factor(), x.factor(), 1e-12, what + " after " + steps + " steps");
      assertEquals(g.trainLoss(), x.trainLoss(), 1e-12 * (1 + g.trainLoss()), what);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sensing", "completion", "diagonal"})
  void withoutMomentumAndWithWholeBatchesTheyAreGradientDescent(Kind kind) {
    Problem p = problem(kind);
    sameAsGd(p, spec("momentum", new Setting("beta", 0.0)), q -> new Momentum(q, 32), kind + " momentum β = 0");
    sameAsGd(p, spec("nesterov", new Setting("beta", 0.0)), q -> new Nesterov(q, 32), kind + " nesterov β = 0");
    sameAsGd(p, spec("sgd", new Setting("batch_size", (long) p.m())), q -> new StochasticGradientDescent(q, null),
        kind + " sgd b = m");
  }

  @ParameterizedTest
  @ValueSource(strings = {"momentum", "nesterov", "adam"})
  void batchedAndUnbatchedRunsAgree(String name) {
    Problem p = Problems.build(new ProblemSpec(Kind.SENSING, 8, 40, 2, 2), 20);
    List<RunSpec> runs = new ArrayList<>();
    for (double alpha : new double[] {1e-2, 0.1, 0.5}) {
      for (double eta : new double[] {0.02, 0.1}) {
        OptimizerSpec o = name.equals("adam")
            ? spec("adam", new Setting("beta1", 0.9), new Setting("beta2", 0.999), new Setting("epsilon", 1e-8))
            : spec(name, new Setting("beta", 0.8));
        runs.add(new RunSpec(p.spec(), 8, Init.IDENTITY, alpha, eta * (name.equals("adam") ? 0.1 : 1),
            new RunSettings(400, 1e-12, 1e6, 2, 20), o));
      }
    }
    Function<Integer, BatchedSolver> make = cap -> switch (name) {
      case "momentum" -> new Momentum(p, cap);
      case "nesterov" -> new Nesterov(p, cap);
      default -> new Adam(p, cap);
    };
    List<RunOutcome> batched = make.apply(32).runAll(runs);
    List<RunOutcome> alone = make.apply(1).runAll(runs);
    for (int i = 0; i < runs.size(); i++) {
      assertEquals(alone.get(i).status(), batched.get(i).status(), name + " run " + i);
      assertEquals(alone.get(i).iterations(), batched.get(i).iterations(), name + " run " + i);
      assertClose(alone.get(i).factor(), batched.get(i).factor(), 1e-9, name + " run " + i);
    }
  }

  @Test
  void everyOptimizerStopsByTheSharedRule() {
    Problem p = Problems.build(new ProblemSpec(Kind.SENSING, 6, 40, 1, 4), 20);
    for (Optimizer o : Optimizers.all()) {
      if (o.name().equals("flow")) {
        continue;
      }
      List<Setting> s = new ArrayList<>();
      for (SettingDeclaration decl : o.settings()) {
        s.add(new Setting(decl.name(), decl.integer() ? (Object) 40L : (Object) (decl.name().equals("epsilon") ? 1e-8
            : decl.name().equals("beta2") ? 0.999 : 0.5)));
      }
      OptimizerSpec spec = new OptimizerSpec(o.name(), s);
      // a huge step diverges; the rule says so and the run is a row, not a crash
      RunSpec wild = new RunSpec(p.spec(), 6, Init.IDENTITY, 3.0, 500, new RunSettings(1000, 1e-12, 1e3, 2, 20), spec);
      RunOutcome w = o.solver(p, null).runBatch(List.of(wild)).get(0);
      assertEquals(Status.DIVERGED, w.status(), o.name());
      RunSpec budget = new RunSpec(p.spec(), 6, Init.IDENTITY, 0.1, 1e-4, new RunSettings(7, 1e-12, 1e6, 2, 20), spec);
      RunOutcome b = o.solver(p, null).runBatch(List.of(budget)).get(0);
      assertEquals(Status.MAX_ITERATIONS, b.status(), o.name());
      assertEquals(7, b.iterations(), o.name());
      assertEquals(7, b.trace().iterations()[b.trace().size() - 1], o.name() + " traces its last iteration");
    }
  }
}
