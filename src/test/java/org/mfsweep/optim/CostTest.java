package org.mfsweep.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mfsweep.problem.FactoredOperator;
import org.mfsweep.problem.Problems;
import org.mfsweep.sweep.Kind;
import org.mfsweep.sweep.ProblemSpec;

/** The cost model counts the flops the kernels do. */
class CostTest {
  @ParameterizedTest
  @CsvSource({"SENSING, 50, 300, 50", "SENSING, 20, 80, 3", "DIAGONAL, 40, 30, 40", "COMPLETION, 200, 2000, 200",
      "COMPLETION, 60, 500, 5"})
  void perIterationIsTheOperatorsStepFlops(Kind kind, int n, int m, int d) {
    ProblemSpec ps = new ProblemSpec(kind, n, m, 2, 1);
    FactoredOperator op = (FactoredOperator) Problems.build(ps, 10).train();
    double tolerance = kind == Kind.COMPLETION ? 0.02 : 1e-12; // completion: expected vs drawn diagonal entries
    assertEquals(op.stepFlops(d), Cost.perIteration(ps, d), tolerance * op.stepFlops(d));
  }
}
