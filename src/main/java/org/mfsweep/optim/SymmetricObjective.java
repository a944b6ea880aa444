package org.mfsweep.optim;

import org.mfsweep.linalg.Netlib;
import org.mfsweep.linalg.SmallKernels;
import org.mfsweep.problem.FactoredOperator;
import org.mfsweep.problem.MeasurementOperator;
import org.mfsweep.problem.Problem;
import org.mfsweep.spec.RunSpec;

/**
 * The symmetric factorization X = UUᵀ, U n × d:
 * <pre>  f(U) = (1/4m)·‖A(UUᵀ) − y‖²,   ∇f(U) = (1/m)·A*(r)·U,   r = A(UUᵀ) − y</pre>
 * (the Aᵢ are symmetric). Parameters are held transposed, θ = V = Uᵀ (d × n column-major), so that
 * rows of U are contiguous (completion's row dot products); the operator's
 * {@link FactoredOperator.Factored} kernels evaluate a whole batch in one call (for dense sensing
 * one dgemm for A(X) and one for A*(r) instead of one dgemv per run). A dense n × n X is formed only
 * for metrics.
 */
public final class SymmetricObjective implements Objective {
  /** Doubles a batch may hold in factors (V and its successor): 64 MB. */
  static final long FACTOR_BUDGET = 1L << 23;

  private final Problem problem;
  private final int n;
  private final int m;
  private final int d;
  private final int capacity;
  private final FactoredOperator.Factored kernel;
  private final FactoredOperator.Sampled sampled;
  private final Metrics metrics;
  private final double[] r;
  private final double[] scaled;
  private final double[] x;
  private final double[] startBuffer;
  private final double[] rBatch;
  private final double[] direction;
  /** Residual and loss as Java loops (no daxpy/ddot JNI call per run): {@link SmallKernels}. */
  private final boolean javaResidual;

  /**
   * @param reference X_ref (n × n, both triangles) for err_ref, or null
   * @param maxRows the largest mini-batch {@link #sampledStep} will get (0 when none)
   */
  SymmetricObjective(Problem problem, int width, int capacity, double[] reference, int maxRows) {
    this.problem = problem;
    this.n = problem.n();
    this.m = problem.m();
    this.d = width;
    this.capacity = capacity;
    MeasurementOperator train = problem.train();
    this.kernel = train instanceof FactoredOperator f ? f.factored(d, capacity) : new DenseFactored(train, d, capacity);
    this.sampled = maxRows == 0 ? null
        : train instanceof FactoredOperator f ? f.sampled(d, maxRows) : DenseFactored.sampled(train, d);
    this.metrics = new Metrics(problem);
    metrics.reference(reference);
    this.r = new double[capacity * m];
    this.scaled = new double[capacity];
    this.x = new double[n * n];
    this.startBuffer = new double[n * d];
    this.rBatch = new double[Math.max(0, maxRows)];
    this.direction = maxRows == 0 ? new double[0] : new double[n * d];
    this.javaResidual = SmallKernels.java(m <= SmallKernels.RESIDUAL_MAX_M);
  }

  /** Most runs of width d on an n × n problem stepped together: maxBatch, fewer when factors would pass 64 MB. */
  static int capacity(int n, int d, int maxBatch) {
    long perRun = 2L * n * Math.max(1, d);
    return (int) Math.max(1, Math.min(maxBatch, FACTOR_BUDGET / perRun));
  }

  @Override public int dimension() {
    return n * d;
  }

  @Override public int capacity() {
    return capacity;
  }

  @Override public int measurements() {
    return m;
  }

  @Override public void start(RunSpec run, double[] theta, int offset) {
    Start.fill(run, startBuffer);
    transpose(n, d, startBuffer, 0, theta, offset);
  }

  /** r_s ← A(U_sU_sᵀ) − y and loss[s] = f(U_s) = ‖r_s‖²/(4m). */
  @Override public void evaluate(int count, double[] theta, double[] loss) {
    kernel.apply(count, theta, r);
    double[] y = problem.y();
    if (javaResidual) {
      for (int s = 0; s < count; s++) {
        int o = s * m;
        double sum = 0;
        for (int i = 0; i < m; i++) {
          double ri = r[o + i] - y[i];
          r[o + i] = ri;
          sum += ri * ri;
        }
        loss[s] = sum / (4.0 * m);
      }
      return;
    }
    for (int s = 0; s < count; s++) {
      Netlib.blas.daxpy(m, -1.0, y, 0, 1, r, s * m, 1);
      loss[s] = Netlib.blas.ddot(m, r, s * m, 1, r, s * m, 1) / (4.0 * m);
    }
  }

  @Override public void step(int count, double[] theta, double[] scale, double[] next) {
    for (int s = 0; s < count; s++) {
      scaled[s] = scale[s] / m;
    }
    kernel.step(count, theta, r, scaled, next);
  }

  @Override public void gradient(int count, double[] theta, double[] scale, double[] out) {
    for (int s = 0; s < count; s++) {
      scaled[s] = scale[s] / m;
    }
    kernel.direction(count, theta, r, scaled, out);
  }

  @Override public void move(int from, int to) {
    System.arraycopy(r, from * m, r, to * m, m);
  }

  /** r_B ← A_B(UUᵀ) − y_B; next ← V + (scale/b)·(A_B*(r_B)·U)ᵀ. */
  @Override public void sampledStep(double[] theta, int offset, int[] idx, int from, int b, double scale,
                                    double[] next) {
    sampled.apply(theta, offset, idx, from, b, rBatch);
    double[] y = problem.y();
    for (int t = 0; t < b; t++) {
      rBatch[t] -= y[idx[from + t]];
    }
    sampled.direction(theta, offset, idx, from, b, rBatch, scale / b, direction);
    for (int t = 0; t < n * d; t++) {
      next[offset + t] = theta[offset + t] + direction[t];
    }
  }

  @Override public void point(double[] theta, int offset, double[] out) {
    dense(theta, offset);
    out[0] = metrics.testError(x);
    out[1] = nuclearNorm(theta, offset);
    out[2] = metrics.errRef(x);
  }

  @Override public void last(double[] theta, int offset, boolean finiteLoss, double[] out) {
    point(theta, offset, out);
    out[3] = metrics.errTruth(x);
    out[4] = finiteLoss ? metrics.effectiveRank(x) : Double.NaN;
  }

  /** The top k eigenvalues of X = UUᵀ, which are its singular values (X is PSD; rounding below 0 set to 0). */
  @Override public double[] singularValues(double[] theta, int offset, int k) {
    if (k <= 0) {
      return null;
    }
    dense(theta, offset);
    return metrics.topEigenvalues(x, k);
  }

  @Override public double[] result(double[] theta, int offset) {
    double[] factor = new double[n * d];
    transpose(d, n, theta, offset, factor, 0);
    return factor;
  }

  /** x ← upper triangle of UUᵀ = VᵀV. */
  private void dense(double[] theta, int offset) {
    Netlib.blas.dsyrk("U", "T", n, d, 1.0, theta, offset, d, 0.0, x, 0, n);
  }

  /** ‖X‖_* = tr(UUᵀ) = ‖U‖_F², exact since X is PSD. */
  private double nuclearNorm(double[] theta, int offset) {
    return Netlib.blas.ddot(n * d, theta, offset, 1, theta, offset, 1);
  }

  /** to (cols × rows at offset) ← transpose of from (rows × cols at offset), both column-major. */
  static void transpose(int rows, int cols, double[] from, int fromOffset, double[] to, int toOffset) {
    for (int c = 0; c < cols; c++) {
      for (int i = 0; i < rows; i++) {
        to[toOffset + c + i * cols] = from[fromOffset + i + c * rows];
      }
    }
  }
}
