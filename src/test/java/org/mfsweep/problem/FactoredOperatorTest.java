package org.mfsweep.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mfsweep.spec.Kind;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.testing.Dense;

/**
 * The factored kernels (batched dgemm, row dot products, row scalings) against the slow, obvious
 * reference: X = UUᵀ with full matrices, the dense evaluator's A(X) and A*(r), and (A*(r)·U) by loops.
 */
class FactoredOperatorTest {
  static Stream<Arguments> cases() {
    Stream.Builder<Arguments> b = Stream.builder();
    for (Kind kind : Kinds.all().stream().map(ProblemKind::kind).toList()) {
      if (!Kinds.of(kind).matrix()) {
        continue;
      }
      for (int n : new int[] {1, 2, 7, 30}) {
        int m = Math.min(3 * n, n * (n + 1) / 2);
        Problem p = Problems.build(new ProblemSpec(kind, n, m, 1, n), 25);
        for (int d : new int[] {1, 3, n, 100}) { // 100: completion's BLAS row kernels
          for (int count : new int[] {1, 3}) {
            b.add(Arguments.of(kind + " n=" + n + " d=" + d + " count=" + count, p.train(), d, count));
          }
        }
      }
    }
    return b.build();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void factoredKernelsMatchDenseReference(String name, MeasurementOperator op, int d, int count) {
    FactoredOperator f = (FactoredOperator) op;
    int n = op.n();
    int m = op.m();
    Random rng = new Random(7);
    double[] v = Dense.randomVector(count * n * d, rng);
    double[] r = Dense.randomVector(count * m, rng);
    double[] scale = Dense.randomVector(count, rng);
    FactoredOperator.Factored k = f.factored(d, count);
    double[] out = new double[count * m];
    double[] next = new double[count * n * d];
    k.apply(count, v, out);
    k.step(count, v, r, scale, next);
    for (int s = 0; s < count; s++) {
      double[] u = new double[n * d]; // U = Vᵀ
      for (int j = 0; j < n; j++) {
        for (int t = 0; t < d; t++) {
          u[j + t * n] = v[s * n * d + t + j * d];
        }
      }
      double[] x = Dense.outer(u, n, d);
      double[] ax = new double[m];
      op.evaluator().apply(x, ax);
      for (int i = 0; i < m; i++) {
        assertEquals(ax[i], out[s * m + i], 1e-12 * (1 + Math.abs(ax[i]) + Dense.norm(x)), name + " A(X) " + i);
      }
      double[] rs = new double[m];
      System.arraycopy(r, s * m, rs, 0, m);
      double[] g = new double[n * n];
      op.evaluator().adjoint(rs, g);
      for (int j = 0; j < n; j++) {
        for (int t = 0; t < d; t++) {
          double gu = 0;
          for (int q = 0; q < n; q++) {
            gu += g[j + q * n] * u[q + t * n];
          }
          double expected = u[j + t * n] + scale[s] * gu;
          assertEquals(expected, next[s * n * d + t + j * d], 1e-12 * (1 + Dense.norm(g) * Dense.norm(u)),
              name + " step (" + j + ", " + t + ")");
        }
      }
    }
  }
}
