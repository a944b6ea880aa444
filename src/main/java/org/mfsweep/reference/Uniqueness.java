package org.mfsweep.reference;

import org.mfsweep.linalg.LapackException;
import org.mfsweep.linalg.Netlib;
import org.mfsweep.problem.MeasurementOperator;
import org.netlib.util.intW;

/**
 * Whether min tr X s.t. A(X) = y, X ⪰ 0 has a unique solution, decided from a certified pair
 * (X, ν) by a sufficient test.
 * <p>
 * <b>Test.</b> Let S = I − A*(ν) ⪰ 0 be the dual slack and Q (n × k) an orthonormal basis of its
 * null space. Every optimal X′ is complementary to every dual optimal S (tr X′ − ⟨y, ν⟩ = ⟨X′, S⟩ = 0),
 * so X′ = QYQᵀ with Y ⪰ 0 in S^k, and A(QYQᵀ) = y. Hence:
 * <ul>
 *   <li>TRUE if the restricted map 𝒦: Y ↦ (⟨QᵀAᵢQ, Y⟩)ᵢ on S^k is injective (for strictly
 *       complementary pairs this is dual non-degeneracy in the sense of Alizadeh, Haeberly and
 *       Overton, <i>Complementarity and nondegeneracy in semidefinite programming</i>, 1997): only
 *       one Y fits y.</li>
 *   <li>FALSE if 𝒦 has a kernel direction D and strict complementarity holds, rank X + rank S = n
 *       (so QᵀXQ ≻ 0): X + tQDQᵀ is PSD for small |t|, fits y, and has the same trace,
 *       tr QDQᵀ = ⟨A*(ν) + S, QDQᵀ⟩ = 0. The verdict carries that witness, and it must lie at
 *       least {@value #WITNESS_DISTANCE}·‖X‖_F from X.</li>
 *   <li>null otherwise (kernel but no strict complementarity), or when the pair is not certified, or
 *       when a rank or the injectivity is not clear-cut (a value within a factor {@value #MARGIN}
 *       of its threshold).</li>
 * </ul>
 * <b>Thresholds.</b> An eigenvalue of X counts as non-zero above {@value #RANK_THRESHOLD}·λ_max(X),
 * one of S above {@value #RANK_THRESHOLD}·max(1, λ_max(S)); 𝒦 (an m × k(k+1)/2 matrix in an
 * orthonormal basis of S^k) is injective when σ_min(𝒦) &gt; {@value #INJECTIVITY_THRESHOLD}·σ_max(𝒦).
 * The rank threshold sits below the 1e-6 certificate and above the tails an interior-point pair
 * certified at 1e-6 leaves: on completion near its threshold (ReferenceBench {@code blocks}) the
 * non-zero relative eigenvalues of X and S went down to 3e-6–6e-4, the zero ones up to 1e-9.
 * With large ‖ν‖ the non-zero eigenvalues of S sit near 1e-3 of λ_max(S), so a threshold of 1e-4
 * left every completion instance undecided. Complementarity bounds only ‖SX‖, so a zero
 * eigenvalue of S can be nearly as large as the certificate's tolerance. A pair certified at 1e-6
 * whose S has eigenvalues near 1e-7 therefore gets null (e.g. the interior-point pair for
 * tr X = 1 on S², where S = (1 − ν)I); certify it more tightly to decide.
 */
public final class Uniqueness {
  public static final double RANK_THRESHOLD = 1e-7;
  public static final double INJECTIVITY_THRESHOLD = 1e-6;
  /** A value within this factor of its threshold, either side, makes the verdict null. */
  public static final double MARGIN = 10;
  /**
   * FALSE needs a second optimum X ± step·D at least this far from X (relative to ‖X‖_F), a hundred
   * times the 1e-6 certificate: closer ones are not told apart from X at that accuracy.
   */
  public static final double WITNESS_DISTANCE = 1e-4;

  private Uniqueness() {}

  /**
   * The verdict and what it rests on.
   *
   * @param unique TRUE, FALSE or null (not decided)
   * @param rankX eigenvalues of X above the threshold (−1 if not computed)
   * @param rankS eigenvalues of S = I − A*(ν) above the threshold; the face has dimension n − rankS
   * @param injectivity σ_min/σ_max of the restricted map 𝒦 (0 when it has more unknowns than rows, NaN if not computed)
   * @param reason one line: why this verdict
   * @param direction for FALSE, a symmetric n × n D = QD̂Qᵀ (‖D‖_F = 1, D̂ in the kernel of 𝒦) with
   *     A(D) ≈ 0 and tr D ≈ 0, so X + tD is another optimum for |t| ≤ {@link #step}; null otherwise
   * @param step for FALSE, half the smallest non-zero eigenvalue of X: X ± step·D stays PSD; NaN otherwise
   */
  public record Verdict(Boolean unique, int rankX, int rankS, double injectivity, String reason, double[] direction,
                        double step) {
    Verdict(Boolean unique, int rankX, int rankS, double injectivity, String reason) {
      this(unique, rankX, rankS, injectivity, reason, null, Double.NaN);
    }
  }

  /**
   * @param x symmetric n × n, @param nu length m, @param certificate of (x, nu) for y
   * @param tolerance the certificate must hold at this tolerance, else the verdict is null
   */
  public static Verdict test(MeasurementOperator op, double[] x, double[] nu, Certificate certificate,
                             double tolerance) {
    int n = op.n();
    int m = op.m();
    if (x.length != n * n || nu.length != m) {
      throw new IllegalArgumentException("expected X of " + n + " × " + n + " and ν of " + m + ", got lengths "
          + x.length + " and " + nu.length);
    }
    if (!certificate.holds(tolerance)) {
      return new Verdict(null, -1, -1, Double.NaN, "the pair is not certified at " + tolerance + ": " + certificate);
    }
    MeasurementOperator.Evaluator evaluator = op.evaluator();
    double[] values = new double[n];
    double[] xv = x.clone();
    eigen(n, xv, values, false);
    double xMax = values[n - 1];
    double[] xValues = values.clone();
    int rankX = 0;
    boolean clear = true;
    for (double v : values) {
      double rel = xMax > 0 ? v / xMax : 0;
      rankX += rel > RANK_THRESHOLD ? 1 : 0;
      clear &= !ambiguous(rel, RANK_THRESHOLD);
    }
    double[] s = new double[n * n];
    evaluator.adjoint(nu, s);
    for (int t = 0; t < s.length; t++) {
      s[t] = -s[t];
    }
    for (int j = 0; j < n; j++) {
      s[j + j * n] += 1;
    }
    eigen(n, s, values, true); // s now holds the eigenvectors, ascending
    double sScale = Math.max(1, values[n - 1]);
    int k = 0;
    for (double v : values) {
      k += v / sScale <= RANK_THRESHOLD ? 1 : 0;
      clear &= !ambiguous(v / sScale, RANK_THRESHOLD);
    }
    int rankS = n - k;
    if (!clear) {
      return new Verdict(null, rankX, rankS, Double.NaN, "an eigenvalue of X or S lies within " + MARGIN
          + "× of the rank threshold " + RANK_THRESHOLD);
    }
    if (k == 0) {
      return new Verdict(true, rankX, rankS, Double.NaN, "S ≻ 0: X = 0 is the only optimum");
    }
    int dim = k * (k + 1) / 2;
    double[] kMatrix = new double[m * dim];
    double[] basis = new double[n * n * dim];
    double[] column = new double[m];
    double[] e = new double[n * n];
    int col = 0;
    double root = Math.sqrt(0.5);
    for (int q = 0; q < k; q++) {
      for (int p = 0; p <= q; p++) {
        for (int b = 0; b < n; b++) { // e = (Q_p Q_qᵀ + Q_q Q_pᵀ)/√2, or Q_p Q_pᵀ: an orthonormal basis of QS^kQᵀ
          for (int a = 0; a < n; a++) {
            double v = s[a + p * n] * s[b + q * n] + s[a + q * n] * s[b + p * n];
            e[a + b * n] = p == q ? 0.5 * v : root * v;
          }
        }
        evaluator.apply(e, column);
        System.arraycopy(column, 0, kMatrix, col * m, m);
        System.arraycopy(e, 0, basis, col * n * n, n * n);
        col++;
      }
    }
    double[] vt = new double[dim * dim];
    double[] sigma = singularValues(m, dim, kMatrix, vt);
    double injectivity = 0;
    if (m >= dim) {
      injectivity = sigma[0] > 0 ? sigma[dim - 1] / sigma[0] : 0;
      if (ambiguous(injectivity, INJECTIVITY_THRESHOLD)) {
        return new Verdict(null, rankX, rankS, injectivity, "σ_min/σ_max of the restricted map lies within " + MARGIN
            + "× of " + INJECTIVITY_THRESHOLD);
      }
      if (injectivity > INJECTIVITY_THRESHOLD) {
        return new Verdict(true, rankX, rankS, injectivity, "the map on the optimal face (dimension " + k
            + ") is injective");
      }
    }
    if (rankX == k) {
      double step = 0.5 * xValues[n - k];
      double xNorm = Netlib.blas.dnrm2(n * n, x, 1);
      if (step < WITNESS_DISTANCE * xNorm) {
        return new Verdict(null, rankX, rankS, injectivity, "the map on the face (dimension " + k + ") has a kernel, "
            + "but X moves along it only by " + String.format(java.util.Locale.ROOT, "%.1e", step / xNorm)
            + " (relative) before leaving the cone: not distinguishable at this tolerance");
      }
      double[] direction = new double[n * n]; // the last right singular vector of 𝒦: its kernel when m < dim too
      for (int c = 0; c < dim; c++) {
        Netlib.blas.daxpy(n * n, vt[dim - 1 + c * dim], basis, c * n * n, 1, direction, 0, 1);
      }
      return new Verdict(false, rankX, rankS, injectivity, "strict complementarity and a kernel of the map on the "
          + "optimal face (dimension " + k + "): X moves along it at the same trace", direction, step);
    }
    return new Verdict(null, rankX, rankS, injectivity, "the map on the face (dimension " + k + ") has a kernel, but "
        + "rank X = " + rankX + " < " + k + ": no strict complementarity");
  }

  private static boolean ambiguous(double value, double threshold) {
    return value > threshold / MARGIN && value < threshold * MARGIN;
  }

  /** dsyevd: eigenvalues ascending into w, eigenvectors over a when vectors is set (also used by {@link WholeConeLift}). */
  static void eigen(int n, double[] a, double[] w, boolean vectors) {
    intW info = new intW(0);
    double[] query = new double[1];
    int[] iquery = new int[1];
    String job = vectors ? "V" : "N";
    Netlib.lapack.dsyevd(job, "U", n, a, n, w, query, -1, iquery, -1, info);
    double[] work = new double[Math.max(1, (int) query[0])];
    int[] iwork = new int[Math.max(1, iquery[0])];
    Netlib.lapack.dsyevd(job, "U", n, a, n, w, work, work.length, iwork, iwork.length, info);
    if (info.val != 0) {
      throw new LapackException("dsyevd", info.val, "n = " + n);
    }
  }

  /**
   * Descending singular values of a (rows × cols; overwritten), min(rows, cols) of them, and all
   * cols right singular vectors as the rows of vt (cols × cols).
   */
  private static double[] singularValues(int rows, int cols, double[] a, double[] vt) {
    intW info = new intW(0);
    double[] s = new double[Math.min(rows, cols)];
    double[] query = new double[1];
    double[] none = new double[1];
    Netlib.lapack.dgesvd("N", "A", rows, cols, a, rows, s, none, 1, vt, cols, query, -1, info);
    double[] work = new double[Math.max(1, (int) query[0])];
    Netlib.lapack.dgesvd("N", "A", rows, cols, a, rows, s, none, 1, vt, cols, work, work.length, info);
    if (info.val != 0) {
      throw new LapackException("dgesvd", info.val, rows + " × " + cols);
    }
    return s;
  }
}
