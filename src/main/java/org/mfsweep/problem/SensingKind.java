package org.mfsweep.problem;

import org.mfsweep.spec.Kind;
import org.mfsweep.spec.ObservedData;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.spec.ReferenceKind;

/**
 * Gaussian sensing: Aᵢ = (G + Gᵀ)/2 with G iid N(0,1), drawn one measurement after another from the
 * "measurements" stream; the test set is test-size fresh measurements from the "test" stream; the
 * truth X* = W Wᵀ/‖W Wᵀ‖_F with W n × rank iid N(0,1). Reference: minimum nuclear norm.
 *
 * <p>General problems ({@link ProblemSpec#general()}, X ∈ R^{rows × cols}): Aᵢ rows × cols with iid
 * N(0,1) entries (column-major, one measurement after another from the same streams), the test set
 * test-size fresh ones, and X* = W Hᵀ/‖W Hᵀ‖_F with W rows × rank, H cols × rank iid N(0,1) (not PSD).
 * Reference: minimum nuclear norm by the lifted SDP.
 */
final class SensingKind implements ProblemKind {
  @Override public Kind kind() {
    return Kind.SENSING;
  }

  @Override public boolean matrix() {
    return true;
  }

  @Override public boolean fromFiles() {
    return true;
  }

  @Override public String wrongM(int n, int rank, long m) {
    return null; // measurements beyond n(n+1)/2 are dependent but allowed
  }

  @Override public boolean generalShapes() {
    return true;
  }

  @Override public double applyFlops(ProblemSpec spec) {
    return spec.general() ? 2.0 * spec.entries() * spec.m()
        : 2.0 * org.mfsweep.linalg.Packed.size(spec.n()) * spec.m() + spec.entries();
  }

  @Override public BuiltProblem build(ProblemSpec spec, int testSize) {
    long start = System.nanoTime();
    if (spec.general()) {
      Problems.checkGeneralShape(spec);
      double[] truth = Problems.generalTruth(spec);
      MatrixOperator train = Problems.gaussianGeneral(spec.rows(), spec.cols(), spec.m(),
          Problems.rng(spec, "measurements"));
      MatrixOperator test = Problems.gaussianGeneral(spec.rows(), spec.cols(), testSize, Problems.rng(spec, "test"));
      return Problems.withGeneralTruth(spec, truth, train, test, start);
    }
    Problems.checkMatrixShape(spec);
    double[] truth = Problems.lowRankTruth(spec);
    MeasurementOperator train = Problems.gaussianSymmetric(spec.n(), spec.m(), Problems.rng(spec, "measurements"));
    MeasurementOperator test = Problems.gaussianSymmetric(spec.n(), testSize, Problems.rng(spec, "test"));
    return Problems.withTruth(spec, truth, train, test, start);
  }

  @Override public BuiltProblem build(ProblemSpec spec, ObservedData data) {
    return Problems.build(spec, data);
  }

  @Override public double stepFlops(ProblemSpec spec, int width) {
    if (spec.general()) {
      throw ProblemKind.noSymmetricStep(spec);
    }
    return DenseSymmetricOperator.stepFlops(spec.n(), spec.m(), width);
  }

  @Override public double buildFlops(ProblemSpec spec, int testSize) {
    return ProblemKind.gaussianFlops(spec.generator()) * spec.entries() * ((double) spec.m() + testSize);
  }

  @Override public ReferenceKind reference() {
    return ReferenceKind.NUCLEAR;
  }

  /** Packed measurement matrices: p·m for training, p·t for the test set; the SDP's n × n work and m × m Schur complement. */
  @Override public double[] footprint(ProblemSpec spec, int testSize) {
    if (spec.general()) {
      // rows·cols per measurement; the lifted SDP works on (rows + cols)² matrices
      double e = spec.entries();
      double lift = (double) (spec.rows() + spec.cols()) * (spec.rows() + spec.cols());
      double m = spec.m();
      return new double[] {e * (m + testSize) + REFERENCE_MATRICES * lift + m * m,
          Math.max(e * Math.max(m, testSize), lift)};
    }
    double n = spec.n();
    double m = spec.m();
    double p = n * (n + 1) / 2;
    return new double[] {p * (m + testSize) + REFERENCE_MATRICES * n * n + m * m,
        Math.max(p * Math.max(m, testSize), n * n)};
  }
}
