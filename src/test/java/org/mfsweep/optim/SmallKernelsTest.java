package org.mfsweep.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mfsweep.linalg.Netlib;
import org.mfsweep.linalg.SmallKernels;
import org.mfsweep.problem.FactoredOperator;
import org.mfsweep.problem.Problem;
import org.mfsweep.problem.Problems;
import org.mfsweep.spec.Init;
import org.mfsweep.spec.Kind;
import org.mfsweep.spec.OptimizerSpec;
import org.mfsweep.spec.OptimizerSpec.Setting;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.spec.RunOutcome;
import org.mfsweep.spec.RunSettings;
import org.mfsweep.spec.RunSpec;

/**
 * The plain-Java small kernels ({@link SmallKernels}) against the BLAS kernels: every factored kernel
 * on a batch, and whole batched runs of gd, momentum and Adam, on every matrix kind, agree to 1e-12
 * relative. Each side is forced with the {@value SmallKernels#PROPERTY} property; auto is checked
 * too.
 */
class SmallKernelsTest {
  static final double CLOSE = 1e-12;

  @AfterEach
  void auto() {
    System.clearProperty(SmallKernels.PROPERTY);
  }

  private static <T> T with(String mode, Supplier<T> body) {
    System.setProperty(SmallKernels.PROPERTY, mode);
    try {
      return body.get();
    } finally {
      System.clearProperty(SmallKernels.PROPERTY);
    }
  }

  static Problem problem(Kind kind) {
    return switch (kind.configName()) {
      case "sensing" -> Problems.build(new ProblemSpec(kind, 6, 30, 2, 3), 10);
      case "completion" -> Problems.build(new ProblemSpec(kind, 5, 9, 1, 3), 0);
      default -> Problems.build(new ProblemSpec(kind, 7, 12, 2, 3), 10);
    };
  }

  /** The smallest sensing problem (m = 6n) above the all-Java size: auto runs BLAS there. */
  static Problem aboveThreshold() {
    int n = 2;
    while ((long) n * (n + 1) / 2 * 6 * n <= SmallKernels.SENSING_MAX_PM) {
      n++;
    }
    return Problems.build(new ProblemSpec(Kind.SENSING, n, 6 * n, 2, 3), 10);
  }

  private static double[] random(int length, long seed) {
    Random rng = new Random(seed);
    double[] v = new double[length];
    for (int i = 0; i < length; i++) {
      v[i] = rng.nextGaussian();
    }
    return v;
  }

  /** apply, step and direction of one mode on a batch: (A(X), next, direction) concatenated. */
  private static double[] kernels(Problem p, int d, int count, String mode) {
    return with(mode, () -> {
      FactoredOperator op = (FactoredOperator) p.train();
      FactoredOperator.Factored f = op.factored(d, count);
      int m = p.m();
      double[] v = random(count * p.n() * d, 11);
      double[] r = new double[count * m];
      f.apply(count, v, r);
      double[] residual = random(count * m, 12);
      double[] scale = random(count, 13);
      double[] next = new double[v.length];
      double[] dir = new double[v.length];
      f.step(count, v, residual, scale, next);
      f.direction(count, v, residual, scale, dir);
      double[] all = new double[r.length + 2 * v.length];
      System.arraycopy(r, 0, all, 0, r.length);
      System.arraycopy(next, 0, all, r.length, v.length);
      System.arraycopy(dir, 0, all, r.length + v.length, v.length);
      return all;
    });
  }

  private static void assertClose(double[] expected, double[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    double diff = 0;
    double norm = 0;
    for (int i = 0; i < expected.length; i++) {
      diff += (actual[i] - expected[i]) * (actual[i] - expected[i]);
      norm += expected[i] * expected[i];
    }
    assertTrue(norm > 0, what + ": nothing to compare");
    assertTrue(Math.sqrt(diff) <= CLOSE * Math.sqrt(norm),
        what + ": relative difference " + Math.sqrt(diff / norm) + " > " + CLOSE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sensing", "completion", "diagonal"})
  void batchKernelsAgreeWithBlas(Kind kind) {
    Problem p = problem(kind);
    for (int d : new int[] {1, 3, p.n()}) {
      for (int count : new int[] {1, 5}) {
        double[] blas = kernels(p, d, count, "blas");
        assertClose(blas, kernels(p, d, count, "java"), kind + " d = " + d + ", batch of " + count + ", java");
        assertClose(blas, kernels(p, d, count, "auto"), kind + " d = " + d + ", batch of " + count + ", auto");
      }
    }
  }

  @Test
  void completionRowKernelsAgreeWithBlas() {
    // n·d above the entry-by-entry kernel: the row-by-row Java loops against BLAS ddot/daxpy
    Problem p = Problems.build(new ProblemSpec(Kind.COMPLETION, 40, 200, 2, 3), 0);
    assertTrue(40L * 40 > SmallKernels.COMPLETION_ENTRY_MAX_ND);
    double[] blas = kernels(p, 40, 3, "blas");
    assertClose(blas, kernels(p, 40, 3, "java"), "completion n = 40, d = 40, java");
  }

  @Test
  void sensingAboveTheThresholdAgreesWithBlas() {
    Problem p = aboveThreshold();
    double[] blas = kernels(p, p.n(), 6, "blas");
    assertClose(blas, kernels(p, p.n(), 6, "auto"), "sensing n = " + p.n() + ", auto");
    assertClose(blas, kernels(p, p.n(), 6, "java"), "sensing n = " + p.n() + ", java");
  }

  private static List<RunSpec> runs(Problem p, String optimizer) {
    OptimizerSpec o = switch (optimizer) {
      case "gd" -> new OptimizerSpec("gd", List.of());
      case "momentum" -> new OptimizerSpec("momentum", List.of(new Setting("beta", 0.8)));
      default -> new OptimizerSpec("adam", List.of(new Setting("beta1", 0.9), new Setting("beta2", 0.999),
          new Setting("epsilon", 1e-8)));
    };
    double eta = optimizer.equals("adam") ? 0.01 : 0.05;
    List<RunSpec> runs = new ArrayList<>();
    for (double alpha : new double[] {1e-3, 1e-2, 0.1, 0.5}) {
      for (int d : new int[] {p.n(), 2}) {
        runs.add(new RunSpec(p.spec(), d, d == p.n() ? Init.IDENTITY : Init.ORTHOGONAL, alpha, eta,
            new RunSettings(60, 1e-30, 1e12, 2, 10), o));
      }
    }
    return runs;
  }

  private static List<RunOutcome> solve(Problem p, String optimizer, String mode) {
    Function<Problem, BatchedSolver> make = switch (optimizer) {
      case "gd" -> q -> new GradientDescent(q, 32);
      case "momentum" -> q -> new Momentum(q, 32);
      default -> q -> new Adam(q, 32);
    };
    return with(mode, () -> make.apply(p).runAll(runs(p, optimizer)));
  }

  private static void sameRuns(Problem p, String optimizer, String mode, String what) {
    List<RunOutcome> blas = solve(p, optimizer, "blas");
    List<RunOutcome> small = solve(p, optimizer, mode);
    for (int i = 0; i < blas.size(); i++) {
      String run = what + " " + optimizer + " run " + i;
      assertEquals(blas.get(i).status(), small.get(i).status(), run);
      assertEquals(blas.get(i).iterations(), small.get(i).iterations(), run);
      assertClose(blas.get(i).factor(), small.get(i).factor(), run + " factor");
      assertEquals(blas.get(i).trainLoss(), small.get(i).trainLoss(), CLOSE * Math.abs(blas.get(i).trainLoss()),
          run + " loss");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"gd", "momentum", "adam"})
  void batchedRunsAgreeWithBlas(String optimizer) {
    for (Kind kind : List.of(Kind.SENSING, Kind.COMPLETION, Kind.DIAGONAL)) {
      sameRuns(problem(kind), optimizer, "java", kind.configName());
    }
    sameRuns(aboveThreshold(), optimizer, "java", "sensing above the threshold");
  }

  @Test
  void theModeIsChecked() {
    System.setProperty(SmallKernels.PROPERTY, "fortran");
    assertThrows(IllegalArgumentException.class, SmallKernels::mode);
    System.setProperty(SmallKernels.PROPERTY, "JAVA");
    assertEquals(SmallKernels.Mode.JAVA, SmallKernels.mode());
    System.clearProperty(SmallKernels.PROPERTY);
    assertEquals(SmallKernels.Mode.AUTO, SmallKernels.mode());
  }

  @Test
  void theManifestSaysWhichKernelsRan() {
    String summary = Netlib.implementation().summary();
    assertTrue(summary.contains(SmallKernels.describe()), summary);
    assertTrue(with("blas", () -> Netlib.implementation().summary()).contains("BLAS at every size"));
  }
}
