package org.mfsweep.problem;

import org.mfsweep.spec.Kind;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.spec.ReferenceKind;

/**
 * Plain least squares over x ∈ Rⁿ (no factorization): A m × n iid N(0,1) with m ≤ n, x* unit norm.
 * Reference: the minimum ℓ2 solution A⁺y, which gradient descent from 0 reaches.
 */
final class LeastSquaresKind implements ProblemKind {
  @Override public Kind kind() {
    return Kind.LEAST_SQUARES;
  }

  @Override public boolean matrix() {
    return false;
  }

  @Override public String wrongM(int n, int rank, long m) {
    return m > n ? "least-squares needs m ≤ n (an under-determined system, whose minimum ℓ2 solution is the "
        + "reference), got m = " + m + " > n = " + n : null;
  }

  @Override public BuiltProblem build(ProblemSpec spec, int testSize) {
    return Problems.buildVector(spec, testSize);
  }

  @Override public double stepFlops(ProblemSpec spec, int width) {
    return VectorProblem.stepFlops(spec.m(), spec.n());
  }

  @Override public double buildFlops(ProblemSpec spec, int testSize) {
    return ProblemKind.gaussianFlops(spec.generator()) * spec.n() * ((double) spec.m() + testSize);
  }

  @Override public ReferenceKind reference() {
    return ReferenceKind.L2;
  }

  /** A (m × n), its test rows, and the m × m Gram matrix of the ℓ2 solution. */
  @Override public double[] footprint(ProblemSpec spec, int testSize) {
    double n = spec.n();
    double m = spec.m();
    return new double[] {n * (2 * m + testSize) + m * m + 4 * n, Math.max(n * Math.max(m, testSize), m * m)};
  }
}
