package org.mfsweep.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mfsweep.spec.Kind;
import org.mfsweep.spec.ProblemSpec;

/** A kind's cost per iteration, planned without building a problem, is its operator's own flop count. */
class KindCostTest {
  @ParameterizedTest
  @CsvSource({"sensing, 50, 300, 50", "sensing, 20, 80, 3", "diagonal, 40, 30, 40", "completion, 200, 2000, 200",
      "completion, 60, 500, 5"})
  void stepFlopsAreTheOperatorsStepFlops(Kind kind, int n, int m, int d) {
    ProblemSpec ps = new ProblemSpec(kind, n, m, 2, 1);
    FactoredOperator op = (FactoredOperator) Problems.build(ps, 10).train();
    double tolerance = kind.equals(Kind.COMPLETION) ? 0.02 : 1e-12; // completion: expected vs drawn diagonal entries
    assertEquals(op.stepFlops(d), Kinds.of(kind).stepFlops(ps, d), tolerance * op.stepFlops(d));
  }

  @ParameterizedTest
  @CsvSource({"30, 10", "7, 7"})
  void leastSquaresCostsTwoMatrixVectorProducts(int n, int m) {
    ProblemSpec ps = new ProblemSpec(Kind.LEAST_SQUARES, n, m, 1, 1);
    assertEquals(4.0 * m * n, Kinds.of(Kind.LEAST_SQUARES).stepFlops(ps, 1));
  }
}
