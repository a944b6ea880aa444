package org.mfsweep.problem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
 * m = 0 and n = 0 reaching each operator: A maps to R⁰, A*(r) = 0, and a gradient step leaves the
 * factors as they are (V + c·(0·U)ᵀ = V). m = 0 happens in real sweeps: the test set of a completion
 * problem that observes every entry, or a data file with test-fraction 0.
 */
class EmptyShapesTest {
  static Stream<Arguments> operators() {
    Stream.Builder<Arguments> b = Stream.builder();
    for (int n : new int[] {0, 1, 4}) {
      b.add(Arguments.of("sensing n=" + n + " m=0", new DenseSymmetricOperator(n, 0, new double[0])));
      b.add(Arguments.of("diagonal n=" + n + " m=0", new DiagonalOperator(n, 0, new double[0])));
      b.add(Arguments.of("completion n=" + n + " m=0", new EntryOperator(n, new int[0], new int[0])));
    }
    // n = 0 with m > 0 cannot hold an entry; sensing and diagonal measurements of a 0 × 0 matrix are all zero
    b.add(Arguments.of("sensing n=0 m=3", new DenseSymmetricOperator(0, 3, new double[0])));
    b.add(Arguments.of("diagonal n=0 m=3", new DiagonalOperator(0, 3, new double[0])));
    // what the engine builds: completion observing all n(n+1)/2 entries has an empty test set
    Problem all = Problems.build(new ProblemSpec(Kind.COMPLETION, 3, 6, 1, 1), 10);
    b.add(Arguments.of("completion test set of a fully observed 3 × 3", all.test()));
    return b.build();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("operators")
  void applyAdjointAndFactoredStepsHandleEmptyShapes(String name, MeasurementOperator op) {
    int n = op.n();
    int m = op.m();
    Random rng = new Random(3);
    double[] x = Dense.randomSymmetric(n, rng);
    double[] ax = new double[m];
    double[] atr = new double[n * n];
    java.util.Arrays.fill(atr, Double.NaN); // every entry must be written
    MeasurementOperator.Evaluator e = op.evaluator();
    e.apply(x, ax);
    e.adjoint(new double[m], atr);
    assertArrayEquals(new double[n * n], atr, 0.0, name + ": A*(0) = 0");
    if (m == 0) {
      e.adjoint(new double[0], atr);
      assertArrayEquals(new double[n * n], atr, 0.0, name + ": A* from R⁰ is 0");
    } else {
      assertArrayEquals(new double[m], ax, 0.0, name + ": every measurement of a 0 × 0 matrix is 0");
    }
    if (op instanceof FactoredOperator f) {
      for (int d : new int[] {1, 2}) {
        int count = 2;
        FactoredOperator.Factored k = f.factored(d, count);
        double[] v = Dense.randomVector(count * n * d, rng);
        double[] out = new double[count * m];
        k.apply(count, v, out);
        double[] next = new double[v.length];
        k.step(count, v, new double[count * m], new double[] {0.5, 2}, next);
        assertArrayEquals(v, next, 0.0, name + ", d = " + d + ": a step with zero residuals leaves V");
        if (m == 0) {
          k.step(count, v, new double[0], new double[] {0.5, 2}, next);
          assertArrayEquals(v, next, 0.0, name + ", d = " + d + ": a step without measurements leaves V");
        }
      }
      if (n == 0) {
        assertEquals(0.0, f.stepFlops(1), 0.0, name + ": no work for n = 0");
      }
    }
  }
}
