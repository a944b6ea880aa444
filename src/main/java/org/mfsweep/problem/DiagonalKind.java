package org.mfsweep.problem;

import org.mfsweep.spec.Kind;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.spec.ReferenceKind;

/**
 * The commuting case: Aᵢ = diag(aᵢ) with aᵢ iid N(0,1); X* diagonal and non-negative with rank
 * non-zeros. Reference: minimum ℓ1 non-negative solution (the seed's theorem).
 */
final class DiagonalKind implements ProblemKind {
  @Override public Kind kind() {
    return Kind.DIAGONAL;
  }

  @Override public boolean matrix() {
    return true;
  }

  @Override public String wrongM(int n, int rank, long m) {
    return null;
  }

  @Override public BuiltProblem build(ProblemSpec spec, int testSize) {
    long start = System.nanoTime();
    Problems.checkMatrixShape(spec);
    double[] truth = Problems.diagonalTruth(spec);
    MeasurementOperator train = Problems.gaussianDiagonal(spec.n(), spec.m(), Problems.rng(spec, "measurements"));
    MeasurementOperator test = Problems.gaussianDiagonal(spec.n(), testSize, Problems.rng(spec, "test"));
    return Problems.withTruth(spec, truth, train, test, start);
  }

  /** X = W_N ⋯ W_1 on a diagonal problem (grid.problem = symmetric): the diagonal operator on (X + Xᵀ)/2. */
  @Override public double applyFlops(ProblemSpec spec) {
    return 2.0 * spec.m() * spec.n() + spec.entries();
  }

  @Override public double stepFlops(ProblemSpec spec, int width) {
    return DiagonalOperator.stepFlops(spec.n(), spec.m(), width);
  }

  @Override public double buildFlops(ProblemSpec spec, int testSize) {
    return ProblemKind.gaussianFlops(spec.generator()) * spec.n() * ((double) spec.m() + testSize);
  }

  @Override public ReferenceKind reference() {
    return ReferenceKind.L1;
  }

  /** Rows aᵢ of the m × n measurement matrix and of its test set; the ℓ1 LP works on them. */
  @Override public double[] footprint(ProblemSpec spec, int testSize) {
    double n = spec.n();
    double m = spec.m();
    return new double[] {n * (2 * m + testSize) + m * m, Math.max(n * m, n * testSize)};
  }
}
