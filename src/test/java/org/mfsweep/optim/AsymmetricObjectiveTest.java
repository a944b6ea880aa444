package org.mfsweep.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mfsweep.problem.GaussianMatrixOperator;
import org.mfsweep.problem.GeneralProblem;
import org.mfsweep.problem.MatrixEntryOperator;
import org.mfsweep.problem.MatrixOperator;
import org.mfsweep.problem.Problem;
import org.mfsweep.problem.Problems;
import org.mfsweep.spec.Factorization;
import org.mfsweep.spec.Init;
import org.mfsweep.spec.Kind;
import org.mfsweep.spec.OptimizerSpec;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.spec.RunOutcome;
import org.mfsweep.spec.RunSettings;
import org.mfsweep.spec.RunSpec;
import org.mfsweep.spec.Sampling;

/**
 * X = W_N ⋯ W_1 against independent computations: its gradient against central finite
 * differences of its loss for N = 1 … 4, N = 1 from 0 against the minimum-Frobenius solution
 * Aᵀ(AAᵀ)⁻¹y, N = 2 on a symmetric problem against X = UUᵀ, and two identity-start steps by hand.
 */
class AsymmetricObjectiveTest {

  /** A general rows × cols sensing problem with a rank-2 truth, y = A(X*). */
  static GeneralProblem sensing(int rows, int cols, int m, long seed) {
    Random rng = new Random(seed);
    GaussianMatrixOperator a = GaussianMatrixOperator.random(rows, cols, m, rng);
    return withTruth(ProblemSpec.general(Kind.SENSING, rows, cols, m, 2, seed, Sampling.UNIFORM, 0, null), a,
        rng);
  }

  static GeneralProblem completion(int rows, int cols, int m, long seed) {
    Random rng = new Random(seed);
    List<Integer> cells = new ArrayList<>();
    for (int t = 0; t < rows * cols; t++) {
      cells.add(t);
    }
    java.util.Collections.shuffle(cells, rng);
    int[] r = new int[m];
    int[] c = new int[m];
    for (int i = 0; i < m; i++) {
      r[i] = cells.get(i) % rows;
      c[i] = cells.get(i) / rows;
    }
    return withTruth(ProblemSpec.general(Kind.COMPLETION, rows, cols, m, 2, seed, Sampling.UNIFORM, 0, null),
        new MatrixEntryOperator(rows, cols, r, c), rng);
  }

  private static GeneralProblem withTruth(ProblemSpec spec, MatrixOperator a, Random rng) {
    int rows = a.rows();
    int cols = a.cols();
    double[] truth = new double[rows * cols];
    for (int k = 0; k < 2; k++) {
      double[] w = new double[rows];
      double[] h = new double[cols];
      for (int i = 0; i < rows; i++) {
        w[i] = rng.nextGaussian();
      }
      for (int j = 0; j < cols; j++) {
        h[j] = rng.nextGaussian();
      }
      for (int j = 0; j < cols; j++) {
        for (int i = 0; i < rows; i++) {
          truth[i + j * rows] += w[i] * h[j];
        }
      }
    }
    double norm = Math.sqrt(dot(truth, truth));
    for (int t = 0; t < truth.length; t++) {
      truth[t] /= norm;
    }
    double[] y = new double[a.m()];
    a.apply(truth, y);
    return new GeneralProblem(spec, a, y, GaussianMatrixOperator.empty(rows, cols), new double[0], truth,
        Double.NaN, 0);
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int t = 0; t < a.length; t++) {
      s += a[t] * b[t];
    }
    return s;
  }

  private static RunSpec run(GeneralProblem p, int width, int depth, Init init, double alpha, double eta, int steps) {
    return new RunSpec(p.spec(), width, init, alpha, eta, new RunSettings(steps, 0, 1e12, 2, 0), OptimizerSpec.GD,
        Factorization.ASYMMETRIC, depth);
  }

  private static double loss(AsymmetricObjective o, double[] theta) {
    double[] l = new double[1];
    o.evaluate(1, theta, l);
    return l[0];
  }

  @ParameterizedTest
  @CsvSource({"1, sensing", "2, sensing", "3, sensing", "4, sensing", "1, completion", "2, completion",
      "3, completion", "4, completion", "3, symmetric"})
  void gradientMatchesFiniteDifferences(int depth, String which) {
    GeneralProblem p = switch (which) {
      case "sensing" -> sensing(4, 3, 7, 11);
      case "completion" -> completion(4, 3, 7, 12);
      default -> GeneralProblem.of(Problems.build(new ProblemSpec(Kind.SENSING, 4, 9, 2, 3), 5));
    };
    AsymmetricObjective o = new AsymmetricObjective(p, 3, depth, 1, null, 0);
    double[] theta = new double[o.dimension()];
    o.start(run(p, 3, depth, Init.GAUSSIAN, 1.5, 0.1, 1), theta, 0);
    loss(o, theta);
    double[] grad = new double[o.dimension()];
    o.gradient(1, theta, new double[] {1.0}, grad);
    double h = 1e-6;
    double worst = 0;
    double scale = Math.sqrt(dot(grad, grad));
    assertTrue(scale > 1e-3, "a gradient to compare: " + scale);
    for (int t = 0; t < theta.length; t++) {
      double keep = theta[t];
      theta[t] = keep + h;
      double up = loss(o, theta);
      theta[t] = keep - h;
      double down = loss(o, theta);
      theta[t] = keep;
      worst = Math.max(worst, Math.abs((up - down) / (2 * h) - grad[t]));
    }
    assertTrue(worst / scale < 1e-7, "depth " + depth + " " + which + ": finite differences off by " + worst / scale);
  }

  /** gd on N = 1 from X₀ = 0 stays in the row space of A, so its limit is the minimum-‖X‖_F fit Aᵀ(AAᵀ)⁻¹y. */
  @Test
  void depthOneFromZeroReachesTheMinimumFrobeniusSolution() {
    GeneralProblem p = sensing(5, 4, 8, 21);
    int e = 20;
    int m = 8;
    double[] a = ((GaussianMatrixOperator) p.train()).matrices();
    // (AAᵀ)ν = y by Gaussian elimination with partial pivoting, X = Aᵀν
    double[][] gram = new double[m][m + 1];
    for (int i = 0; i < m; i++) {
      for (int k = 0; k < m; k++) {
        double s = 0;
        for (int t = 0; t < e; t++) {
          s += a[t + i * e] * a[t + k * e];
        }
        gram[i][k] = s;
      }
      gram[i][m] = p.y()[i];
    }
    for (int col = 0; col < m; col++) {
      int pivot = col;
      for (int i = col + 1; i < m; i++) {
        if (Math.abs(gram[i][col]) > Math.abs(gram[pivot][col])) {
          pivot = i;
        }
      }
      double[] tmp = gram[col];
      gram[col] = gram[pivot];
      gram[pivot] = tmp;
      for (int i = 0; i < m; i++) {
        if (i != col) {
          double f = gram[i][col] / gram[col][col];
          for (int k = col; k <= m; k++) {
            gram[i][k] -= f * gram[col][k];
          }
        }
      }
    }
    double[] nu = new double[m];
    for (int i = 0; i < m; i++) {
      nu[i] = gram[i][m] / gram[i][i];
    }
    double[] xMin = new double[e];
    for (int i = 0; i < m; i++) {
      for (int t = 0; t < e; t++) {
        xMin[t] += a[t + i * e] * nu[i];
      }
    }
    RunSpec r = new RunSpec(p.spec(), 1, Init.IDENTITY, 0.0, 1.0, new RunSettings(200000, 1e-30, 1e12, 2, 0),
        OptimizerSpec.GD, Factorization.ASYMMETRIC, 1);
    RunOutcome out = Optimizers.of("gd").solver(p, null).runBatch(List.of(r)).get(0);
    double[] x = out.x();
    assertNotNull(x);
    double diff = 0;
    for (int t = 0; t < e; t++) {
      diff += (x[t] - xMin[t]) * (x[t] - xMin[t]);
    }
    assertTrue(Math.sqrt(diff / dot(xMin, xMin)) < 1e-10, "relative distance " + Math.sqrt(diff / dot(xMin, xMin))
        + " after " + out.iterations() + " steps, loss " + out.trainLoss());
    assertEquals(out.nuclearNorm(), out.nuclearNorm());
  }

  /**
   * On a symmetric problem, X = W_2W_1 from W_2 = W_1ᵀ = α·I is X = UUᵀ from U = α·I: the symmetric
   * start α is the asymmetric identity start α², and the two take the same steps (the asymmetric
   * loss (1/2m)‖r‖² is twice the symmetric (1/4m)‖r‖²).
   */
  @ParameterizedTest
  @ValueSource(strings = {"completion", "sensing"})
  void depthTwoOnASymmetricProblemIsTheSymmetricRun(String kind) {
    Kind k = kind.equals("completion") ? Kind.COMPLETION : Kind.SENSING;
    Problem p = Problems.build(new ProblemSpec(k, 6, 14, 2, 5), 5);
    double alpha = 0.3;
    RunSettings settings = new RunSettings(300, 0, 1e12, 2, 5);
    RunSpec sym = new RunSpec(p.spec(), 6, Init.IDENTITY, alpha, 0.2, settings, OptimizerSpec.GD);
    RunSpec asym = new RunSpec(p.spec(), 6, Init.IDENTITY, alpha * alpha, 0.2, settings, OptimizerSpec.GD,
        Factorization.ASYMMETRIC, 2);
    Solver gd = Optimizers.of("gd").solver(p, null);
    RunOutcome s = gd.runBatch(List.of(sym)).get(0);
    RunOutcome a = gd.runBatch(List.of(asym)).get(0);
    double[] xs = org.mfsweep.testing.Dense.outer(s.factor(), 6, 6);
    double[] xa = a.x();
    double diff = 0;
    for (int t = 0; t < xs.length; t++) {
      diff += (xs[t] - xa[t]) * (xs[t] - xa[t]);
    }
    assertTrue(Math.sqrt(diff / dot(xs, xs)) < 1e-12, kind + ": ‖X_asym − X_sym‖/‖X_sym‖ = "
        + Math.sqrt(diff / dot(xs, xs)));
    assertEquals(2 * s.trainLoss(), a.trainLoss(), 1e-12 * a.trainLoss() + 1e-300);
    assertEquals(s.nuclearNorm(), a.nuclearNorm(), 1e-10 * s.nuclearNorm());
    assertEquals(s.effectiveRank(), a.effectiveRank(), 1e-8);
  }

  /**
   * Two gd steps of X = W_2W_1 on a 2 × 2 completion of the entries (0,0) = 1 and (0,1) = 2 from
   * W_1 = W_2 = √α·I, by hand: with X = W_2W_1, G = (1/m)·P_Ω(X − Y), W_2 ← W_2 − η·G·W_1ᵀ,
   * W_1 ← W_1 − η·W_2ᵀ·G (both from the old factors).
   */
  @Test
  void twoIdentityStepsByHand() {
    MatrixEntryOperator a = new MatrixEntryOperator(2, 2, new int[] {0, 0}, new int[] {0, 1});
    GeneralProblem p = new GeneralProblem(ProblemSpec.general(Kind.COMPLETION, 2, 2, 2, 1, 1, Sampling.UNIFORM, 0,
        null), a, new double[] {1, 2}, GaussianMatrixOperator.empty(2, 2), new double[0], null, Double.NaN, 0);
    double alpha = 0.25;
    double eta = 0.5;
    // step 1 from W1 = W2 = 0.5·I: X = 0.25·I; residual on (0,0): 0.25 − 1 = −0.75, on (0,1): 0 − 2 = −2
    // G = (1/2)·[[−0.75, −2], [0, 0]]
    // W2 ← 0.5·I − 0.5·G·0.5·I = [[0.5 + 0.09375, 0.25], [0, 0.5]]
    // W1 ← 0.5·I − 0.5·0.5·I·G = the same matrix
    double[][] w1 = {{0.59375, 0.25}, {0, 0.5}};
    double[][] w2 = {{0.59375, 0.25}, {0, 0.5}};
    // step 2, computed by plain 2 × 2 products
    double[][] x = mul(w2, w1);
    double[][] g = {{(x[0][0] - 1) / 2, (x[0][1] - 2) / 2}, {0, 0}};
    double[][] w2n = sub(w2, scale(eta, mul(g, transpose(w1))));
    double[][] w1n = sub(w1, scale(eta, mul(transpose(w2), g)));
    double[][] expected = mul(w2n, w1n);

    RunSpec r = new RunSpec(p.spec(), 2, Init.IDENTITY, alpha, eta, new RunSettings(2, 0, 1e12, 2, 0),
        OptimizerSpec.GD, Factorization.ASYMMETRIC, 2);
    RunOutcome out = Optimizers.of("gd").solver(p, null).runBatch(List.of(r)).get(0);
    assertEquals(2, out.iterations());
    // θ = (W_1, W_2), each 2 × 2 column-major
    double[] f = out.factor();
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 2; j++) {
        assertEquals(w1n[i][j], f[i + 2 * j], 1e-15, "W_1");
        assertEquals(w2n[i][j], f[4 + i + 2 * j], 1e-15, "W_2");
        assertEquals(expected[i][j], out.x()[i + 2 * j], 1e-15, "X");
      }
    }
  }

  private static double[][] mul(double[][] a, double[][] b) {
    double[][] c = new double[2][2];
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 2; j++) {
        c[i][j] = a[i][0] * b[0][j] + a[i][1] * b[1][j];
      }
    }
    return c;
  }

  private static double[][] transpose(double[][] a) {
    return new double[][] {{a[0][0], a[1][0]}, {a[0][1], a[1][1]}};
  }

  private static double[][] scale(double s, double[][] a) {
    return new double[][] {{s * a[0][0], s * a[0][1]}, {s * a[1][0], s * a[1][1]}};
  }

  private static double[][] sub(double[][] a, double[][] b) {
    return new double[][] {{a[0][0] - b[0][0], a[0][1] - b[0][1]}, {a[1][0] - b[1][0], a[1][1] - b[1][1]}};
  }

  /** The gaussian start's product has ‖X₀‖_F = α·√min(rows, cols); identity's is α·I truncated. */
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void startsHaveTheirStatedScale(int depth) {
    GeneralProblem p = sensing(5, 3, 6, 4);
    AsymmetricObjective o = new AsymmetricObjective(p, 4, depth, 1, null, 0);
    double[] theta = new double[o.dimension()];
    o.start(run(p, 4, depth, Init.GAUSSIAN, 0.01, 0.1, 1), theta, 0);
    double[] x = o.matrix(theta, 0);
    assertEquals(0.01 * Math.sqrt(3), Math.sqrt(dot(x, x)), 1e-14);
    o.start(run(p, 4, depth, Init.IDENTITY, 0.01, 0.1, 1), theta, 0);
    x = o.matrix(theta, 0);
    for (int j = 0; j < 3; j++) {
      for (int i = 0; i < 5; i++) {
        assertEquals(i == j ? 0.01 : 0, x[i + 5 * j], 1e-16);
      }
    }
    o.start(run(p, 4, depth, Init.ORTHOGONAL, 0.01, 0.1, 1), theta, 0);
    x = o.matrix(theta, 0);
    double[] sv = o.singularValues(theta, 0, 5);
    assertEquals(3, sv.length);
    assertTrue(sv[0] <= 0.01 * (1 + 1e-12), "orthogonal factors of norm 1: σ₁ = " + sv[0]);
  }

  /** Every optimizer runs X = W_N ⋯ W_1, and batched runs equal runs alone. */
  @ParameterizedTest
  @ValueSource(strings = {"gd", "momentum", "nesterov", "adam", "sgd", "flow"})
  void everyOptimizerRunsTheDeepFactorization(String name) {
    GeneralProblem p = sensing(4, 3, 7, 31);
    List<OptimizerSpec.Setting> settings = switch (name) {
      case "momentum", "nesterov" -> List.of(new OptimizerSpec.Setting("beta", 0.5));
      case "adam" -> List.of(new OptimizerSpec.Setting("beta1", 0.9), new OptimizerSpec.Setting("beta2", 0.999),
          new OptimizerSpec.Setting("epsilon", 1e-8));
      case "sgd" -> List.of(new OptimizerSpec.Setting("batch_size", 3L));
      case "flow" -> List.of(new OptimizerSpec.Setting("horizon", 50.0), new OptimizerSpec.Setting("rtol", 1e-8),
          new OptimizerSpec.Setting("atol", 1e-12));
      default -> List.of();
    };
    OptimizerSpec o = new OptimizerSpec(name, settings);
    double eta = name.equals("flow") ? 0 : name.equals("adam") ? 0.01 : 0.1;
    List<RunSpec> runs = new ArrayList<>();
    for (int depth = 1; depth <= 3; depth++) {
      runs.add(new RunSpec(p.spec(), 3, Init.GAUSSIAN, 0.1, eta, new RunSettings(400, 0, 1e12, 2, 0), o,
          Factorization.ASYMMETRIC, depth));
    }
    Solver solver = Optimizers.of(name).solver(p, null);
    List<RunOutcome> together = solver.runBatch(runs.subList(0, 1));
    RunOutcome alone = Optimizers.of(name).solver(p, null).runBatch(runs.subList(0, 1)).get(0);
    assertEquals(alone.trainLoss(), together.get(0).trainLoss(), 1e-12 * alone.trainLoss());
    for (RunSpec r : runs) {
      RunOutcome out = Optimizers.of(name).solver(p, null).runBatch(List.of(r)).get(0);
      double start = 0.5 * dot(p.y(), p.y()) / p.m();
      assertTrue(out.trainLoss() < 0.5 * start, name + " depth " + r.depth() + ": loss " + out.trainLoss()
          + " from about " + start);
      assertNotNull(out.trace().singularValues(), "singular values recorded");
      assertEquals(3, out.trace().singularValues()[0].length);
    }
  }

  /** sgd with b = m takes gd's steps, here through a symmetric problem's mini-batch kernels seen as general. */
  @Test
  void sgdWithTheWholeBatchIsGdOnASymmetricProblem() {
    Problem p = Problems.build(new ProblemSpec(Kind.SENSING, 5, 12, 2, 8), 5);
    RunSettings settings = new RunSettings(50, 0, 1e12, 2, 5);
    RunSpec gd = new RunSpec(p.spec(), 5, Init.IDENTITY, 0.1, 0.1, settings, OptimizerSpec.GD,
        Factorization.ASYMMETRIC, 2);
    RunSpec sgd = new RunSpec(p.spec(), 5, Init.IDENTITY, 0.1, 0.1, settings,
        new OptimizerSpec("sgd", List.of(new OptimizerSpec.Setting("batch_size", 12L))), Factorization.ASYMMETRIC, 2);
    double[] a = Optimizers.of("gd").solver(p, null).runBatch(List.of(gd)).get(0).x();
    double[] b = Optimizers.of("sgd").solver(p, null).runBatch(List.of(sgd)).get(0).x();
    double diff = 0;
    for (int t = 0; t < a.length; t++) {
      diff += (a[t] - b[t]) * (a[t] - b[t]);
    }
    assertTrue(Math.sqrt(diff / dot(a, a)) < 1e-12, "sgd b = m against gd: " + Math.sqrt(diff / dot(a, a)));
  }
}
