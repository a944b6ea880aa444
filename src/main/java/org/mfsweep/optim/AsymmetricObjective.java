package org.mfsweep.optim;

import java.util.Arrays;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.mfsweep.linalg.Netlib;
import org.mfsweep.linalg.Orthonormal;
import org.mfsweep.linalg.SingularValues;
import org.mfsweep.problem.GaussianMatrixOperator;
import org.mfsweep.problem.GeneralProblem;
import org.mfsweep.problem.MatrixOperator;
import org.mfsweep.spec.RunSpec;

/**
 * The deep factorization X = W_N ⋯ W_1 ∈ R^{rows × cols} (N = depth): W_1 is d × cols, the hidden
 * layers d × d, W_N rows × d, d = width (N = 1: W_1 = X, rows × cols, whatever the width):
 * <pre>
 *   f = (1/2m)·‖A(X) − y‖²,   ∂f/∂X = (1/m)·A*(r),   r = A(X) − y,
 *   ∂f/∂W_j = (W_N ⋯ W_{j+1})ᵀ · ∂f/∂X · (W_{j−1} ⋯ W_1)ᵀ.
 * </pre>
 * θ holds W_1, …, W_N one after another, each column-major. {@link #evaluate} keeps every run's
 * prefix products P_j = W_j ⋯ W_1 (P_N = X) for the backward pass; all products are netlib dgemm.
 * Dense sensing evaluates A(X) and A*(r) for the whole batch in one dgemm each, completion gathers
 * and scatters entries. The metrics come from X's singular values (dgesdd): ‖X‖_* = Σσᵢ and the
 * effective rank exp(−Σ pᵢ log pᵢ), pᵢ = σᵢ/Σσ.
 *
 * <p>On a symmetric problem ({@link GeneralProblem#of}) with N = 2, U = W_2 and V = W_1ᵀ, the
 * gradients are (1/m)·A*(r)·V and (1/m)·A*(r)·U, so from U = V the run stays on X = UUᵀ and
 * takes exactly the steps of {@link SymmetricObjective} from that U (whose start α·I is this
 * objective's identity start at α²).
 */
public final class AsymmetricObjective implements Objective {
  private final GeneralProblem problem;
  private final MatrixOperator train;
  private final int rows;
  private final int cols;
  private final int m;
  private final int depth;
  private final int capacity;
  /** W_{j+1} is outs[j] × ins[j], at offsets[j] of a run's θ; its prefix P_{j+1} at prefixOffsets[j]. */
  private final int[] outs;
  private final int[] ins;
  private final int[] offsets;
  private final int[] prefixOffsets;
  private final int dimension;
  private final int prefixSize;
  private final int entries;
  private final int[] entryIndex;
  private final double[] dense;
  private final double[] prefix;
  private final double[] r;
  private final double[] xs;
  private final double[] gs;
  private final double[] g;
  private final double[] back;
  private final double[] back2;
  private final double[] rOne;
  private final double[] single;
  private final double[] direction;
  private final double[] rBatch;
  private final double[] reference;
  private final double referenceNorm;
  private final double[] rTest;
  private final double yTestNorm;
  private final SingularValues svd;
  private final double[] x;

  /**
   * @param width d, the hidden dimension (ignored when depth is 1)
   * @param reference X_ref (rows × cols column-major) for err_ref, or null
   * @param maxRows the largest mini-batch {@link #sampledStep} will get (0 when none)
   */
  AsymmetricObjective(GeneralProblem problem, int width, int depth, int capacity, double[] reference, int maxRows) {
    if (depth < 1 || width < 1) {
      throw new IllegalArgumentException("depth and width must be ≥ 1, got " + depth + " and " + width);
    }
    this.problem = problem;
    this.train = problem.train();
    this.rows = problem.rows();
    this.cols = problem.cols();
    this.m = problem.m();
    this.depth = depth;
    this.capacity = capacity;
    this.outs = new int[depth];
    this.ins = new int[depth];
    this.offsets = new int[depth];
    this.prefixOffsets = new int[depth];
    int dim = 0;
    int pre = 0;
    for (int j = 0; j < depth; j++) {
      outs[j] = j == depth - 1 ? rows : width;
      ins[j] = j == 0 ? cols : width;
      offsets[j] = dim;
      prefixOffsets[j] = pre;
      dim += outs[j] * ins[j];
      pre += outs[j] * cols;
    }
    this.dimension = dim;
    this.prefixSize = pre;
    this.entries = rows * cols;
    this.entryIndex = train.entries();
    this.dense = train instanceof GaussianMatrixOperator gmo ? gmo.matrices() : null;
    this.prefix = new double[capacity * prefixSize];
    this.r = new double[capacity * m];
    this.xs = dense == null ? new double[entries] : new double[capacity * entries];
    this.gs = dense == null ? new double[0] : new double[capacity * entries];
    int widest = Arrays.stream(outs).max().orElse(1);
    this.g = new double[entries];
    this.back = new double[widest * cols];
    this.back2 = new double[widest * cols];
    this.rOne = new double[m];
    this.single = new double[prefixSize];
    this.direction = new double[dimension];
    this.rBatch = new double[Math.max(0, maxRows)];
    if (reference != null && reference.length != entries) {
      throw new IllegalArgumentException("reference of length " + reference.length + " for " + rows + " × " + cols);
    }
    this.reference = reference;
    this.referenceNorm = reference == null ? Double.NaN : Netlib.blas.dnrm2(entries, reference, 1);
    this.rTest = new double[problem.test().m()];
    this.yTestNorm = rTest.length == 0 ? Double.NaN : Netlib.blas.dnrm2(rTest.length, problem.yTest(), 1);
    this.svd = new SingularValues(rows, cols);
    this.x = new double[entries];
  }

  /** Most runs stepped together: maxBatch, fewer when their parameters and products would pass 64 MB. */
  static int capacity(int rows, int cols, int width, int depth, int maxBatch) {
    long perRun = 0;
    for (int j = 0; j < depth; j++) {
      long out = j == depth - 1 ? rows : width;
      long in = j == 0 ? cols : width;
      perRun += 4 * out * in + out * cols;
    }
    return (int) Math.max(1, Math.min(maxBatch, SymmetricObjective.FACTOR_BUDGET / Math.max(1, perRun)));
  }

  /**
   * Flops of one gradient step of one run: the forward products, A(X) and A*(r) (applyFlops each),
   * and the backward pass (two products per layer above the first).
   */
  public static double iterationFlops(int rows, int cols, int width, int depth, double applyFlops) {
    double layers = 0;
    for (int j = 1; j < depth; j++) {
      double out = j == depth - 1 ? rows : width;
      double in = width;
      layers += out * in;
    }
    return 2 * applyFlops + 6.0 * cols * layers + 2.0 * rows * cols;
  }

  @Override public int dimension() {
    return dimension;
  }

  @Override public int capacity() {
    return capacity;
  }

  @Override public int measurements() {
    return m;
  }

  /**
   * The start (α, init): identity W_j = α^{1/N}·I (truncated to its shape); orthogonal W_j = α^{1/N}·Q_j
   * (Q_j orthonormal columns, or rows when wider than tall, from the QR of a Gaussian matrix);
   * gaussian W_j with i.i.d. N(0, 1) entries, each multiplied by c^{1/N} where c·‖W_N ⋯ W_1‖_F =
   * α·√min(rows, cols). Random draws come from the run's init stream, W_1 first, column-major.
   */
  @Override public void start(RunSpec run, double[] theta, int offset) {
    if (run.depth() != depth) {
      throw new IllegalArgumentException("run " + run.runId() + " has depth " + run.depth() + ", not " + depth);
    }
    double alpha = run.alpha();
    double each = Math.pow(alpha, 1.0 / depth);
    Arrays.fill(theta, offset, offset + dimension, 0.0);
    RandomGenerator rng = null;
    switch (run.init()) {
      case IDENTITY -> {
        for (int j = 0; j < depth; j++) {
          for (int i = 0; i < Math.min(outs[j], ins[j]); i++) {
            theta[offset + offsets[j] + i + i * outs[j]] = each;
          }
        }
      }
      case ORTHOGONAL -> {
        rng = new Well19937c(run.initSeed());
        for (int j = 0; j < depth; j++) {
          int tall = Math.max(outs[j], ins[j]);
          int narrow = Math.min(outs[j], ins[j]);
          double[] q = new double[tall * narrow];
          for (int t = 0; t < q.length; t++) {
            q[t] = rng.nextGaussian();
          }
          Orthonormal.columns(tall, narrow, q);
          for (int c = 0; c < ins[j]; c++) {
            for (int i = 0; i < outs[j]; i++) {
              theta[offset + offsets[j] + i + c * outs[j]] = each * (outs[j] >= ins[j] ? q[i + c * tall] : q[c + i * tall]);
            }
          }
        }
      }
      case GAUSSIAN -> {
        rng = new Well19937c(run.initSeed());
        for (int t = 0; t < dimension; t++) {
          theta[offset + t] = rng.nextGaussian();
        }
        forward(theta, offset, single, 0);
        double norm = Netlib.blas.dnrm2(entries, single, prefixOffsets[depth - 1], 1);
        double c = alpha * Math.sqrt(Math.min(rows, cols)) / norm;
        Netlib.blas.dscal(dimension, Math.pow(c, 1.0 / depth), theta, offset, 1);
      }
      default -> throw new IllegalStateException("no start for " + run.init());
    }
  }

  /** P_1 = W_1, P_j = W_j·P_{j−1}: into pre at poff (prefixOffsets), X = P_N last. */
  private void forward(double[] theta, int offset, double[] pre, int poff) {
    System.arraycopy(theta, offset + offsets[0], pre, poff, outs[0] * cols);
    for (int j = 1; j < depth; j++) {
      Netlib.blas.dgemm("N", "N", outs[j], cols, ins[j], 1.0, theta, offset + offsets[j], outs[j], pre,
          poff + prefixOffsets[j - 1], ins[j], 0.0, pre, poff + prefixOffsets[j], outs[j]);
    }
  }

  private int xOffset(int s) {
    return s * prefixSize + prefixOffsets[depth - 1];
  }

  /** r_s ← A(X_s) − y, loss[s] = ‖r_s‖²/(2m). */
  @Override public void evaluate(int count, double[] theta, double[] loss) {
    for (int s = 0; s < count; s++) {
      forward(theta, s * dimension, prefix, s * prefixSize);
    }
    double[] y = problem.y();
    if (dense != null) {
      for (int s = 0; s < count; s++) {
        System.arraycopy(prefix, xOffset(s), xs, s * entries, entries);
      }
      Netlib.blas.dgemm("T", "N", m, count, entries, 1.0, dense, entries, xs, entries, 0.0, r, m);
    } else {
      for (int s = 0; s < count; s++) {
        int xo = xOffset(s);
        if (entryIndex != null) {
          for (int i = 0; i < m; i++) {
            r[s * m + i] = prefix[xo + entryIndex[i]];
          }
        } else {
          System.arraycopy(prefix, xo, xs, 0, entries);
          train.apply(xs, rOne);
          System.arraycopy(rOne, 0, r, s * m, m);
        }
      }
    }
    for (int s = 0; s < count; s++) {
      Netlib.blas.daxpy(m, -1.0, y, 0, 1, r, s * m, 1);
      loss[s] = Netlib.blas.ddot(m, r, s * m, 1, r, s * m, 1) / (2.0 * m);
    }
  }

  @Override public void step(int count, double[] theta, double[] scale, double[] next) {
    gradient(count, theta, scale, next);
    for (int s = 0; s < count; s++) {
      Netlib.blas.daxpy(dimension, 1.0, theta, s * dimension, 1, next, s * dimension, 1);
    }
  }

  @Override public void gradient(int count, double[] theta, double[] scale, double[] out) {
    if (dense != null) {
      Netlib.blas.dgemm("N", "N", entries, count, m, 1.0, dense, entries, r, m, 0.0, gs, entries);
    }
    for (int s = 0; s < count; s++) {
      double c = scale[s] / m;
      if (dense != null) {
        System.arraycopy(gs, s * entries, g, 0, entries);
        Netlib.blas.dscal(entries, c, g, 1);
      } else if (entryIndex != null) {
        Arrays.fill(g, 0.0);
        for (int i = 0; i < m; i++) {
          g[entryIndex[i]] += c * r[s * m + i];
        }
      } else {
        for (int i = 0; i < m; i++) {
          rOne[i] = c * r[s * m + i];
        }
        train.adjoint(rOne, g);
      }
      backward(theta, s * dimension, prefix, s * prefixSize, g, out, s * dimension);
    }
  }

  /**
   * out (at off) ← ∂/∂W_j of ⟨G, W_N ⋯ W_1⟩ for every j, given G = c·∂f/∂X and the prefixes at poff:
   * B_N = G, ∂W_j = B_j·P_{j−1}ᵀ (P_0 = I), B_{j−1} = W_jᵀ·B_j.
   */
  private void backward(double[] theta, int offset, double[] pre, int poff, double[] gx, double[] out, int off) {
    double[] b = back;
    double[] b2 = back2;
    System.arraycopy(gx, 0, b, 0, entries);
    for (int j = depth - 1; j >= 1; j--) {
      Netlib.blas.dgemm("N", "T", outs[j], ins[j], cols, 1.0, b, 0, outs[j], pre, poff + prefixOffsets[j - 1],
          ins[j], 0.0, out, off + offsets[j], outs[j]);
      Netlib.blas.dgemm("T", "N", ins[j], cols, outs[j], 1.0, theta, offset + offsets[j], outs[j], b, 0, outs[j], 0.0,
          b2, 0, ins[j]);
      double[] t = b;
      b = b2;
      b2 = t;
    }
    System.arraycopy(b, 0, out, off + offsets[0], outs[0] * cols);
  }

  @Override public void move(int from, int to) {
    System.arraycopy(r, from * m, r, to * m, m);
    System.arraycopy(prefix, from * prefixSize, prefix, to * prefixSize, prefixSize);
  }

  /** r_B ← A_B(X) − y_B; next ← θ + scale·∇f_B(θ), ∇f_B with ∂f_B/∂X = (1/b)·A_B*(r_B). */
  @Override public void sampledStep(double[] theta, int offset, int[] idx, int from, int b, double scale,
                                    double[] next) {
    forward(theta, offset, single, 0);
    System.arraycopy(single, prefixOffsets[depth - 1], x, 0, entries);
    train.apply(x, idx, from, b, rBatch);
    double[] y = problem.y();
    for (int t = 0; t < b; t++) {
      rBatch[t] = (rBatch[t] - y[idx[from + t]]) * (scale / b);
    }
    train.adjoint(rBatch, idx, from, b, g);
    backward(theta, offset, single, 0, g, direction, 0);
    for (int t = 0; t < dimension; t++) {
      next[offset + t] = theta[offset + t] + direction[t];
    }
  }

  /** x ← X of θ (at offset); whether every entry is finite. */
  private boolean dense(double[] theta, int offset) {
    forward(theta, offset, single, 0);
    System.arraycopy(single, prefixOffsets[depth - 1], x, 0, entries);
    for (double v : x) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  @Override public void point(double[] theta, int offset, double[] out) {
    boolean finite = dense(theta, offset);
    out[0] = testError();
    out[1] = Double.NaN;
    if (finite) {
      double sum = 0;
      for (double v : svd.of(x)) {
        sum += v;
      }
      out[1] = sum;
    }
    out[2] = reference == null ? Double.NaN : distance(x, reference) / referenceNorm;
  }

  @Override public void last(double[] theta, int offset, boolean finiteLoss, double[] out) {
    point(theta, offset, out);
    double[] truth = problem.truth();
    out[3] = truth == null ? Double.NaN : distance(x, truth) / Netlib.blas.dnrm2(entries, truth, 1);
    out[4] = finiteLoss && Double.isFinite(out[1]) ? Metrics.effectiveRankOf(svd.of(x)) : Double.NaN;
  }

  @Override public double[] singularValues(double[] theta, int offset, int k) {
    if (k <= 0) {
      return null;
    }
    double[] top = new double[Math.min(k, Math.min(rows, cols))];
    if (!dense(theta, offset)) {
      Arrays.fill(top, Double.NaN);
      return top;
    }
    System.arraycopy(svd.of(x), 0, top, 0, top.length);
    return top;
  }

  @Override public double[] result(double[] theta, int offset) {
    return Arrays.copyOfRange(theta, offset, offset + dimension);
  }

  @Override public double[] matrix(double[] theta, int offset) {
    dense(theta, offset);
    return x.clone();
  }

  private double testError() {
    if (rTest.length == 0) {
      return Double.NaN;
    }
    problem.test().apply(x, rTest);
    Netlib.blas.daxpy(rTest.length, -1.0, problem.yTest(), 1, rTest, 1);
    return Netlib.blas.dnrm2(rTest.length, rTest, 1) / yTestNorm;
  }

  private double distance(double[] a, double[] b) {
    double sum = 0;
    for (int t = 0; t < entries; t++) {
      double e = a[t] - b[t];
      sum += e * e;
    }
    return Math.sqrt(sum);
  }
}
