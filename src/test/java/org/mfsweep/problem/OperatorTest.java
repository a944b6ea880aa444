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

class OperatorTest {
  static Stream<Arguments> operators() {
    Stream.Builder<Arguments> b = Stream.builder();
    for (Kind kind : Kinds.all().stream().map(ProblemKind::kind).toList()) {
      if (!Kinds.of(kind).matrix()) {
        continue;
      }
      for (int n : new int[] {1, 2, 7, 30}) {
        int m = Math.min(3 * n, n * (n + 1) / 2);
        Problem p = Problems.build(new ProblemSpec(kind, n, m, 1, n), 25);
        b.add(Arguments.of(kind + " train n=" + n, p.train()));
        b.add(Arguments.of(kind + " test n=" + n, p.test()));
      }
    }
    return b.build();
  }

  /** ⟨A(X), r⟩ = ⟨X, A*(r)⟩ for symmetric X. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("operators")
  void adjointIdentity(String name, MeasurementOperator op) {
    Random rng = new Random(1);
    int n = op.n();
    MeasurementOperator.Evaluator e = op.evaluator();
    for (int trial = 0; trial < 5; trial++) {
      double[] x = Dense.randomSymmetric(n, rng);
      double[] r = Dense.randomVector(op.m(), rng);
      double[] ax = new double[op.m()];
      double[] atr = new double[n * n];
      e.apply(x, ax);
      e.adjoint(r, atr);
      double lhs = Dense.dot(ax, r);
      double rhs = Dense.dot(x, atr);
      double scale = Dense.norm(ax) * Dense.norm(r) + Dense.norm(x) * Dense.norm(atr);
      assertEquals(lhs, rhs, 1e-13 * scale, name);
      for (int j = 0; j < n; j++) {
        for (int k = 0; k < n; k++) {
          assertEquals(atr[j + k * n], atr[k + j * n], 0.0, "A*(r) is symmetric");
        }
      }
    }
  }

  /** apply reads only the upper triangle, and agrees with ⟨Aᵢ, X⟩ summed over full matrices. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("operators")
  void applyMatchesTheFullInnerProduct(String name, MeasurementOperator op) {
    Random rng = new Random(2);
    int n = op.n();
    double[] x = Dense.randomSymmetric(n, rng);
    double[] upperOnly = x.clone();
    for (int k = 0; k < n; k++) {
      for (int j = k + 1; j < n; j++) {
        upperOnly[j + k * n] = Double.NaN;
      }
    }
    double[] out = new double[op.m()];
    op.evaluator().apply(upperOnly, out);
    for (int i = 0; i < op.m(); i++) {
      double[] a = Dense.measurementMatrix(op, i);
      assertEquals(Dense.dot(a, x), out[i], 1e-12 * (1 + Dense.norm(a) * Dense.norm(x)), name + " measurement " + i);
    }
  }

  /** measurement(i) is Aᵢ: A*(eᵢ) to the bit, and ⟨Aᵢ, X⟩ = A(X)ᵢ. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("operators")
  void measurementIsTheAdjointOfAUnitVector(String name, MeasurementOperator op) {
    Random rng = new Random(3);
    int n = op.n();
    double[] x = Dense.randomSymmetric(n, rng);
    double[] ax = new double[op.m()];
    MeasurementOperator.Evaluator e = op.evaluator();
    e.apply(x, ax);
    double[] unit = new double[op.m()];
    double[] viaAdjoint = new double[n * n];
    double[] a = new double[n * n];
    for (int i = 0; i < op.m(); i++) {
      unit[i] = 1.0;
      e.adjoint(unit, viaAdjoint);
      unit[i] = 0.0;
      op.measurement(i, a);
      org.junit.jupiter.api.Assertions.assertArrayEquals(viaAdjoint, a, name + " measurement " + i);
      assertEquals(ax[i], Dense.dot(a, x), 1e-12 * (1 + Dense.norm(a) * Dense.norm(x)), name + " ⟨Aᵢ, X⟩");
    }
  }
}
