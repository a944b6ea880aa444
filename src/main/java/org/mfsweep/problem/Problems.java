package org.mfsweep.problem;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.mfsweep.linalg.Netlib;
import org.mfsweep.linalg.Packed;
import org.mfsweep.spec.Generator;
import org.mfsweep.spec.Kind;
import org.mfsweep.spec.ObservedData;
import org.mfsweep.spec.ProblemSpec;

/**
 * Draws problems. Each random quantity has its own stream, seeded from the problem's identity
 * ({@link ProblemSpec#streamSeed}): "truth" for X*, "measurements" for A (measurement i is drawn
 * i-th, so a smaller m gives a prefix of a larger m's measurements), "test" for the test set.
 * The spec's {@link Generator} says which specified algorithms draw them (well-polar: Well19937c
 * and its polar method; ziggurat: XoRoShiRo128++ and the ziggurat method, {@link ZigguratStream}),
 * so a problem is the same on every JVM and executor.
 */
public final class Problems {
  private Problems() {}

  /**
   * Builds a matrix problem of any kind (see {@link Kinds}); testSize is the number of held-out
   * measurements (sensing, diagonal).
   */
  public static Problem build(ProblemSpec spec, int testSize) {
    if (!(Kinds.of(spec.kind()).build(spec, testSize) instanceof Problem p)) {
      throw new IllegalArgumentException(spec.kind().configName() + " is not a matrix problem; use Problems.buildVector");
    }
    return p;
  }

  /** Checks the sizes every matrix kind needs: n ≥ 1, 1 ≤ rank ≤ n, m ≥ 1. */
  static void checkMatrixShape(ProblemSpec spec) {
    if (spec.n() < 1 || spec.rank() < 1 || spec.rank() > spec.n() || spec.m() < 1) {
      throw new IllegalArgumentException("need n ≥ 1, 1 ≤ rank ≤ n, m ≥ 1: " + spec);
    }
  }

  /** The problem of train and test operators on a known truth: y = A(X*), y_test = A_test(X*). */
  static Problem withTruth(ProblemSpec spec, double[] truth, MeasurementOperator train, MeasurementOperator test,
                           long startNanos) {
    int n = spec.n();
    double[] y = new double[train.m()];
    train.evaluator().apply(truth, y);
    double[] yTest = new double[test.m()];
    test.evaluator().apply(truth, yTest);
    double trace = 0;
    for (int j = 0; j < n; j++) {
      trace += truth[j + j * n];
    }
    return new Problem(spec, train, y, test, yTest, truth, trace, (System.nanoTime() - startNanos) * 1e-9);
  }

  /**
   * Builds a problem from a data file's observations: the seed's "split" stream orders them at
   * random; the first m train, the rest test. Without a test set (test-fraction 0) the problem is
   * the file's observations in the file's order. The truth is unknown (null; its norm NaN).
   */
  public static Problem build(ProblemSpec spec, ObservedData data) {
    if (!data.id().equals(spec.data()) || data.trainCount() != spec.m() || data.n() != spec.n()) {
      throw new IllegalArgumentException("problem " + spec + " is not on data " + data.id() + " (" + data.source() + ")");
    }
    long start = System.nanoTime();
    int count = data.count();
    long[] order = data.testCount() == 0 ? java.util.stream.LongStream.range(0, count).toArray()
        : sampleWithoutReplacement(count, count, rng(spec, "split"));
    int m = spec.m();
    int[] train = new int[m];
    int[] test = new int[count - m];
    for (int i = 0; i < count; i++) {
      if (i < m) {
        train[i] = (int) order[i];
      } else {
        test[i - m] = (int) order[i];
      }
    }
    MeasurementOperator trainOp = observed(data, train);
    MeasurementOperator testOp = observed(data, test);
    double[] y = new double[m];
    double[] yTest = new double[test.length];
    for (int i = 0; i < m; i++) {
      y[i] = data.values()[train[i]];
    }
    for (int i = 0; i < test.length; i++) {
      yTest[i] = data.values()[test[i]];
    }
    return new Problem(spec, trainOp, y, testOp, yTest, null, Double.NaN, (System.nanoTime() - start) * 1e-9);
  }

  /**
   * Builds the general r × c problem of a rectangular completion file, without the symmetric
   * embedding: Aᵢ = e_a e_bᵀ at the file's (row, col). Its train/test split is the one of the
   * embedded symmetric problem of the same seed (that problem's "split" stream), so X = UUᵀ on the
   * embedding and X = W_N ⋯ W_1 on the file train on the same observations.
   */
  public static GeneralProblem buildGeneral(ProblemSpec spec, ObservedData data) {
    if (!data.id().equals(spec.data()) || !data.rectangular() || !spec.general() || data.trainCount() != spec.m()
        || data.matrixRows() != spec.rows() || data.matrixCols() != spec.cols()) {
      throw new IllegalArgumentException("problem " + spec + " is not the general problem of data " + data.id() + " ("
          + data.source() + ")");
    }
    long start = System.nanoTime();
    ProblemSpec embedded = new ProblemSpec(spec.kind(), data.n(), spec.m(), spec.rank(), spec.seed(),
        org.mfsweep.spec.Sampling.UNIFORM, 0, -1, spec.data()).withGenerator(spec.generator());
    int count = data.count();
    long[] order = data.testCount() == 0 ? java.util.stream.LongStream.range(0, count).toArray()
        : sampleWithoutReplacement(count, count, rng(embedded, "split"));
    int m = spec.m();
    int r0 = data.matrixRows();
    int[][] train = {new int[m], new int[m]};
    int[][] test = {new int[count - m], new int[count - m]};
    double[] y = new double[m];
    double[] yTest = new double[count - m];
    for (int i = 0; i < count; i++) {
      int o = (int) order[i];
      int[][] to = i < m ? train : test;
      int t = i < m ? i : i - m;
      to[0][t] = data.rows()[o];
      to[1][t] = data.cols()[o] - r0;
      (i < m ? y : yTest)[t] = data.values()[o];
    }
    MatrixEntryOperator trainOp = new MatrixEntryOperator(r0, data.matrixCols(), train[0], train[1]);
    MatrixEntryOperator testOp = new MatrixEntryOperator(r0, data.matrixCols(), test[0], test[1]);
    return new GeneralProblem(spec, trainOp, y, testOp, yTest, null, Double.NaN, (System.nanoTime() - start) * 1e-9);
  }

  /** The operator of the chosen observations, in the order given. */
  private static MeasurementOperator observed(ObservedData data, int[] chosen) {
    int n = data.n();
    if (data.kind().equals(Kind.COMPLETION)) {
      int[] rows = new int[chosen.length];
      int[] cols = new int[chosen.length];
      for (int i = 0; i < chosen.length; i++) {
        rows[i] = data.rows()[chosen[i]];
        cols[i] = data.cols()[chosen[i]];
      }
      return new EntryOperator(n, rows, cols);
    }
    int p = Packed.size(n);
    double[] weighted = new double[Math.multiplyExact(p, chosen.length)];
    for (int i = 0; i < chosen.length; i++) {
      int from = chosen[i] * n * n;
      int to = i * p;
      for (int k = 0; k < n; k++) {
        for (int j = 0; j < k; j++) {
          weighted[to++] = 2 * data.matrices()[from + j + k * n];
        }
        weighted[to++] = data.matrices()[from + k + k * n];
      }
    }
    return new DenseSymmetricOperator(n, chosen.length, weighted);
  }

  /**
   * Builds a least-squares problem: x* ∈ Rⁿ with iid N(0,1) entries scaled to ‖x*‖₂ = 1, A with iid
   * N(0,1) entries drawn row after row (so a smaller m is a prefix), and testSize held-out rows.
   */
  public static VectorProblem buildVector(ProblemSpec spec, int testSize) {
    if (!spec.kind().equals(Kind.LEAST_SQUARES)) {
      throw new IllegalArgumentException(spec.kind().configName() + " is a matrix problem; use Problems.build");
    }
    long start = System.nanoTime();
    int n = spec.n();
    int m = spec.m();
    RandomGenerator truthRng = rng(spec, "truth");
    double[] x = new double[n];
    for (int j = 0; j < n; j++) {
      x[j] = truthRng.nextGaussian();
    }
    Netlib.blas.dscal(n, 1.0 / Netlib.blas.dnrm2(n, x, 1), x, 1);
    double[] a = gaussianRows(m, n, rng(spec, "measurements"));
    double[] aTest = gaussianRows(testSize, n, rng(spec, "test"));
    double[] y = new double[m];
    double[] yTest = new double[testSize];
    Netlib.blas.dgemv("N", m, n, 1.0, a, m, x, 1, 0.0, y, 1);
    Netlib.blas.dgemv("N", testSize, n, 1.0, aTest, testSize, x, 1, 0.0, yTest, 1);
    return new VectorProblem(spec, a, y, aTest, yTest, x, (System.nanoTime() - start) * 1e-9);
  }

  /** rows × cols column-major, iid N(0,1), drawn row after row. */
  static double[] gaussianRows(int rows, int cols, RandomGenerator rng) {
    double[] a = new double[Math.multiplyExact(rows, cols)];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        a[i + j * rows] = rng.nextGaussian();
      }
    }
    return a;
  }

  static RandomGenerator rng(ProblemSpec spec, String purpose) {
    long seed = spec.streamSeed(purpose);
    return switch (spec.generator()) {
      case WELL_POLAR -> new Well19937c(seed);
      case ZIGGURAT -> new ZigguratStream(seed);
    };
  }

  /** X* = W Wᵀ / ‖W Wᵀ‖_F with W n × rank, iid N(0,1), column-major. */
  static double[] lowRankTruth(ProblemSpec spec) {
    int n = spec.n();
    int r = spec.rank();
    RandomGenerator rng = rng(spec, "truth");
    double[] w = new double[n * r];
    for (int i = 0; i < w.length; i++) {
      w[i] = rng.nextGaussian();
    }
    double[] x = new double[n * n];
    Netlib.blas.dgemm("N", "T", n, n, r, 1.0, w, n, w, n, 0.0, x, n);
    Packed.symmetrize(n, x); // dgemm's two triangles may differ in the last bit
    Netlib.blas.dscal(n * n, 1.0 / Netlib.blas.dnrm2(n * n, x, 1), x, 1);
    return x;
  }

  // ---- general rows × cols problems (ProblemSpec.general) ----

  /** Checks the sizes every general kind needs: rows, cols ≥ 1, 1 ≤ rank ≤ min(rows, cols), m ≥ 1. */
  static void checkGeneralShape(ProblemSpec spec) {
    if (!spec.general() || spec.rows() < 1 || spec.cols() < 1 || spec.rank() < 1
        || spec.rank() > Math.min(spec.rows(), spec.cols()) || spec.m() < 1) {
      throw new IllegalArgumentException("need a general problem with rows, cols ≥ 1, 1 ≤ rank ≤ min(rows, cols), "
          + "m ≥ 1: " + spec);
    }
  }

  /**
   * X* = W Hᵀ / ‖W Hᵀ‖_F (rows × cols column-major, not symmetric) with W rows × rank and H
   * cols × rank iid N(0,1) from the "truth" stream, W's entries first, each column-major.
   */
  static double[] generalTruth(ProblemSpec spec) {
    int r = spec.rows();
    int c = spec.cols();
    int k = spec.rank();
    RandomGenerator rng = rng(spec, "truth");
    double[] w = new double[r * k];
    for (int i = 0; i < w.length; i++) {
      w[i] = rng.nextGaussian();
    }
    double[] h = new double[c * k];
    for (int i = 0; i < h.length; i++) {
      h[i] = rng.nextGaussian();
    }
    double[] x = new double[r * c];
    Netlib.blas.dgemm("N", "T", r, c, k, 1.0, w, r, h, c, 0.0, x, r);
    Netlib.blas.dscal(r * c, 1.0 / Netlib.blas.dnrm2(r * c, x, 1), x, 1);
    return x;
  }

  /** The general problem of train and test operators on a known truth: y = A(X*), y_test = A_test(X*). */
  static GeneralProblem withGeneralTruth(ProblemSpec spec, double[] truth, MatrixOperator train, MatrixOperator test,
                                         long startNanos) {
    double[] y = new double[train.m()];
    train.apply(truth, y);
    double[] yTest = new double[test.m()];
    if (test.m() > 0) {
      test.apply(truth, yTest);
    }
    return new GeneralProblem(spec, train, y, test, yTest, truth, nuclearNorm(spec.rows(), spec.cols(), truth),
        (System.nanoTime() - startNanos) * 1e-9);
  }

  /** ‖X‖_*, the sum of the singular values of the rows × cols X (not modified), by dgesvd. */
  public static double nuclearNorm(int rows, int cols, double[] x) {
    double[] a = java.util.Arrays.copyOf(x, rows * cols);
    double[] sigma = new double[Math.min(rows, cols)];
    double[] query = new double[1];
    org.netlib.util.intW info = new org.netlib.util.intW(0);
    double[] none = new double[1];
    Netlib.lapack.dgesvd("N", "N", rows, cols, a, rows, sigma, none, 1, none, 1, query, -1, info);
    double[] work = new double[Math.max(1, (int) query[0])];
    Netlib.lapack.dgesvd("N", "N", rows, cols, a, rows, sigma, none, 1, none, 1, work, work.length, info);
    if (info.val != 0) {
      throw new org.mfsweep.linalg.LapackException("dgesvd", info.val, rows + " × " + cols);
    }
    double s = 0;
    for (double v : sigma) {
      s += v;
    }
    return s;
  }

  /** Aᵢ ∈ R^{rows × cols} with iid N(0,1) entries, column-major, drawn one measurement after another. */
  static GaussianMatrixOperator gaussianGeneral(int rows, int cols, int m, RandomGenerator rng) {
    int e = Math.multiplyExact(rows, cols);
    double[] a = new double[Math.multiplyExact(e, m)];
    for (int t = 0; t < a.length; t++) {
      a[t] = rng.nextGaussian();
    }
    return m == 0 ? GaussianMatrixOperator.empty(rows, cols) : new GaussianMatrixOperator(rows, cols, m, a);
  }

  /** m distinct positions of the rows × cols grid (numbered a + b·rows), uniformly, in the order drawn. */
  static MatrixEntryOperator uniformGeneralEntries(int rows, int cols, int m, RandomGenerator rng) {
    long[] picks = sampleWithoutReplacement((long) rows * cols, m, rng);
    int[] r = new int[m];
    int[] c = new int[m];
    for (int i = 0; i < m; i++) {
      r[i] = (int) (picks[i] % rows);
      c[i] = (int) (picks[i] / rows);
    }
    return new MatrixEntryOperator(rows, cols, r, c);
  }

  /**
   * m distinct positions (a, b) of the rows × cols grid drawn without replacement with probability
   * proportional to p_a·q_b, where row a has popularity p_a = (π_a + 1)^(−exponent) for a uniformly
   * random order π of the rows and column b likewise q_b = (ρ_b + 1)^(−exponent) (both orders from
   * the popularity stream, rows first): as {@link #powerLawEntries} for the symmetric grid, with
   * Efraimidis–Spirakis keys drawn position after position, column by column, and the m largest
   * kept in decreasing order, so a smaller m is a prefix of a larger one.
   */
  static MatrixEntryOperator powerLawGeneralEntries(int rows, int cols, int m, double exponent,
                                                   RandomGenerator popularity, RandomGenerator draws) {
    double[] p = popularities(rows, exponent, popularity);
    double[] q = popularities(cols, exponent, popularity);
    double[] keys = new double[m];
    int[] positions = new int[m];
    int size = 0;
    for (int b = 0; b < cols; b++) {
      for (int a = 0; a < rows; a++) {
        double key = Math.log(1.0 - draws.nextDouble()) / (p[a] * q[b]);
        if (size < m) {
          siftUp(keys, positions, size++, key, a + b * rows);
        } else if (key > keys[0]) {
          siftDown(keys, positions, size, key, a + b * rows);
        }
      }
    }
    Integer[] idx = new Integer[size];
    for (int i = 0; i < size; i++) {
      idx[i] = i;
    }
    java.util.Arrays.sort(idx, (x, y) -> Double.compare(keys[y], keys[x]));
    int[] r = new int[size];
    int[] c = new int[size];
    for (int i = 0; i < size; i++) {
      int pos = positions[idx[i]];
      r[i] = pos % rows;
      c[i] = pos / rows;
    }
    return new MatrixEntryOperator(rows, cols, r, c);
  }

  private static double[] popularities(int count, double exponent, RandomGenerator rng) {
    long[] order = sampleWithoutReplacement(count, count, rng);
    double[] p = new double[count];
    for (int r = 0; r < count; r++) {
      p[(int) order[r]] = Math.pow(r + 1, -exponent);
    }
    return p;
  }

  /** Every position of the rows × cols grid that observed does not hold, column by column. */
  static MatrixEntryOperator unobservedGeneralEntries(int rows, int cols, MatrixEntryOperator observed) {
    BitSet seen = new BitSet(rows * cols);
    for (int index : observed.entries()) {
      seen.set(index);
    }
    int count = rows * cols - seen.cardinality();
    int[] r = new int[count];
    int[] c = new int[count];
    int t = 0;
    for (int b = 0; b < cols; b++) {
      for (int a = 0; a < rows; a++) {
        if (!seen.get(a + b * rows)) {
          r[t] = a;
          c[t] = b;
          t++;
        }
      }
    }
    return new MatrixEntryOperator(rows, cols, r, c);
  }

  /** X* = diag(x), x ≥ 0 with rank non-zeros gᵢ² (g iid N(0,1)) at uniformly drawn places, ‖x‖₂ = 1. */
  static double[] diagonalTruth(ProblemSpec spec) {
    int n = spec.n();
    RandomGenerator rng = rng(spec, "truth");
    long[] support = sampleWithoutReplacement(n, spec.rank(), rng);
    double[] x = new double[n * n];
    double norm2 = 0;
    for (long s : support) {
      double g = rng.nextGaussian();
      double v = g * g;
      x[(int) s * (n + 1)] = v;
      norm2 += v * v;
    }
    Netlib.blas.dscal(n * n, 1.0 / Math.sqrt(norm2), x, 1);
    return x;
  }

  /** Aᵢ = (G + Gᵀ)/2, G iid N(0,1) drawn column by column, one measurement after another. */
  static DenseSymmetricOperator gaussianSymmetric(int n, int m, RandomGenerator rng) {
    int p = Packed.size(n);
    double[] weighted = new double[Math.multiplyExact(p, m)];
    double[] g = new double[n * n];
    for (int i = 0; i < m; i++) {
      for (int t = 0; t < g.length; t++) {
        g[t] = rng.nextGaussian();
      }
      int base = i * p;
      for (int k = 0; k < n; k++) {
        for (int j = 0; j < k; j++) {
          // twice (G_jk + G_kj)/2: the packed weight of an off-diagonal entry
          weighted[base++] = g[j + k * n] + g[k + j * n];
        }
        weighted[base++] = g[k + k * n];
      }
    }
    return new DenseSymmetricOperator(n, m, weighted);
  }

  /** Aᵢ = diag(aᵢ), aᵢ iid N(0,1), drawn one measurement after another. */
  static DiagonalOperator gaussianDiagonal(int n, int m, RandomGenerator rng) {
    return new DiagonalOperator(n, m, gaussianRows(m, n, rng));
  }

  /**
   * m distinct upper-triangle positions drawn without replacement with probability proportional to
   * w(j,k) = p_j p_k (doubled off the diagonal, as (j,k) and (k,j) are one entry), where index j has
   * popularity p_j = (π_j + 1)^(−exponent) for a uniformly random order π of the indices. Exact
   * weighted sampling without replacement (Efraimidis and Spirakis, 2006): every position gets the
   * key log(u)/w with u uniform, and the m largest keys are kept, in decreasing order, so a smaller m
   * is a prefix of a larger one. Time O(n² log m), memory O(m).
   */
  static EntryOperator powerLawEntries(int n, int m, double exponent, RandomGenerator popularity,
                                       RandomGenerator draws) {
    long[] order = sampleWithoutReplacement(n, n, popularity);
    double[] p = new double[n];
    for (int r = 0; r < n; r++) {
      p[(int) order[r]] = Math.pow(r + 1, -exponent);
    }
    // a min-heap of the m largest keys seen so far: keys[0] is the smallest kept
    double[] keys = new double[m];
    int[] positions = new int[m];
    int size = 0;
    for (int k = 0; k < n; k++) {
      for (int j = 0; j <= k; j++) {
        double w = p[j] * p[k] * (j == k ? 1 : 2);
        double key = Math.log(1.0 - draws.nextDouble()) / w;
        if (size < m) {
          siftUp(keys, positions, size++, key, j + k * n);
        } else if (key > keys[0]) {
          siftDown(keys, positions, size, key, j + k * n);
        }
      }
    }
    // largest key first
    Integer[] idx = new Integer[size];
    for (int i = 0; i < size; i++) {
      idx[i] = i;
    }
    java.util.Arrays.sort(idx, (x, y) -> Double.compare(keys[y], keys[x]));
    int[] rows = new int[size];
    int[] cols = new int[size];
    for (int i = 0; i < size; i++) {
      int pos = positions[idx[i]];
      rows[i] = pos % n;
      cols[i] = pos / n;
    }
    return new EntryOperator(n, rows, cols);
  }

  private static void siftUp(double[] keys, int[] pos, int at, double key, int position) {
    int i = at;
    while (i > 0) {
      int parent = (i - 1) / 2;
      if (keys[parent] <= key) {
        break;
      }
      keys[i] = keys[parent];
      pos[i] = pos[parent];
      i = parent;
    }
    keys[i] = key;
    pos[i] = position;
  }

  /** Replaces the smallest key (the root) and restores the heap. */
  private static void siftDown(double[] keys, int[] pos, int size, double key, int position) {
    int i = 0;
    while (true) {
      int child = 2 * i + 1;
      if (child >= size) {
        break;
      }
      if (child + 1 < size && keys[child + 1] < keys[child]) {
        child++;
      }
      if (keys[child] >= key) {
        break;
      }
      keys[i] = keys[child];
      pos[i] = pos[child];
      i = child;
    }
    keys[i] = key;
    pos[i] = position;
  }

  /** m distinct upper-triangle positions, uniformly, in the order drawn. */
  static EntryOperator uniformEntries(int n, int m, RandomGenerator rng) {
    long total = (long) n * (n + 1) / 2;
    long[] picks = sampleWithoutReplacement(total, m, rng);
    int[] rows = new int[m];
    int[] cols = new int[m];
    for (int i = 0; i < m; i++) {
      int k = columnOf(picks[i]);
      cols[i] = k;
      rows[i] = (int) (picks[i] - (long) k * (k + 1) / 2);
    }
    return new EntryOperator(n, rows, cols);
  }

  /**
   * The pattern-th m-subset of the N = n(n+1)/2 upper-triangle positions (numbered column by
   * column, as in packed storage), subsets in lexicographic order: pattern 0 is {0, 1, …, m−1}.
   */
  static EntryOperator patternEntries(int n, int m, long pattern) {
    long total = (long) n * (n + 1) / 2;
    int[] rows = new int[m];
    int[] cols = new int[m];
    long rest = pattern;
    long next = 0;
    for (int i = 0; i < m; i++) {
      // the smallest c ≥ next such that the subsets starting with c cover index rest
      for (long c = next; ; c++) {
        long withC = binomial(total - c - 1, m - i - 1);
        if (rest < withC) {
          int k = columnOf(c);
          cols[i] = k;
          rows[i] = (int) (c - (long) k * (k + 1) / 2);
          next = c + 1;
          break;
        }
        rest -= withC;
        if (c >= total - 1) {
          throw new IllegalArgumentException("pattern " + pattern + " does not exist for m = " + m + " of " + total);
        }
      }
    }
    return new EntryOperator(n, rows, cols);
  }

  /** Every upper-triangle position that observed does not hold, column by column. */
  static EntryOperator unobservedEntries(int n, EntryOperator observed) {
    BitSet seen = new BitSet(n * n);
    for (int i = 0; i < observed.m(); i++) {
      seen.set(observed.index(i));
    }
    int count = Packed.size(n) - observed.m();
    int[] rows = new int[count];
    int[] cols = new int[count];
    int t = 0;
    for (int k = 0; k < n; k++) {
      for (int j = 0; j <= k; j++) {
        if (!seen.get(j + k * n)) {
          rows[t] = j;
          cols[t] = k;
          t++;
        }
      }
    }
    return new EntryOperator(n, rows, cols);
  }

  /** Column k of packed index p: k(k+1)/2 ≤ p &lt; (k+1)(k+2)/2. */
  static int columnOf(long p) {
    int k = (int) ((Math.sqrt(8.0 * p + 1) - 1) / 2);
    while ((long) k * (k + 1) / 2 > p) {
      k--;
    }
    while ((long) (k + 1) * (k + 2) / 2 <= p) {
      k++;
    }
    return k;
  }

  /**
   * The first count entries of a uniformly random permutation of 0..total-1 (Fisher–Yates with the
   * swaps kept in a map, so memory is O(count)); a smaller count gives a prefix of a larger one.
   */
  static long[] sampleWithoutReplacement(long total, int count, RandomGenerator rng) {
    if (count > total) {
      throw new IllegalArgumentException("cannot draw " + count + " distinct of " + total);
    }
    Map<Long, Long> swapped = new HashMap<>();
    long[] out = new long[count];
    for (int i = 0; i < count; i++) {
      long j = i + nextLong(rng, total - i);
      long atJ = swapped.getOrDefault(j, j);
      long atI = swapped.getOrDefault((long) i, (long) i);
      out[i] = atJ;
      swapped.put(j, atI);
    }
    return out;
  }

  /** C(n, k), or Long.MAX_VALUE when it does not fit a long. */
  public static long binomial(long n, long k) {
    if (k < 0 || k > n) {
      return 0;
    }
    k = Math.min(k, n - k);
    long c = 1;
    for (long i = 1; i <= k; i++) {
      long num = n - k + i;
      long g = gcd(c, i);
      long c2 = c / g;
      long d = i / g;
      if (c2 > Long.MAX_VALUE / num) {
        return Long.MAX_VALUE;
      }
      c = c2 * num / d;
    }
    return c;
  }

  private static long gcd(long a, long b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  /** Uniform in [0, bound). */
  private static long nextLong(RandomGenerator rng, long bound) {
    if (bound <= Integer.MAX_VALUE) {
      return rng.nextInt((int) bound);
    }
    long bits;
    long val;
    do {
      bits = rng.nextLong() >>> 1;
      val = bits % bound;
    } while (bits - val + (bound - 1) < 0);
    return val;
  }
}
