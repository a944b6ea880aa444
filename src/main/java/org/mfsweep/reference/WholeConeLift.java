package org.mfsweep.reference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import org.mfsweep.linalg.Netlib;
import org.mfsweep.linalg.Packed;
import org.mfsweep.problem.EntryOperator;
import org.mfsweep.problem.MeasurementOperator;
import org.netlib.util.intW;

/**
 * Lifts a {@link FacialReduction} solution back to the whole cone: a pair (X′, ν′) of the original
 * problem whose certificate is the ordinary one (the README's five residuals, with λ_max(A*(ν′))
 * over all of Sⁿ), for completion instances whose dual is not attained.
 * <p>
 * <b>Why it can work.</b> Without a positive definite feasible point the dual optimum is not
 * attained, but its supremum is: there are dual feasible ν′ with ⟨y, ν′⟩ as close to tr X* as one
 * likes, of growing norm. On the face, the reduced problem's dual ν is attained and its slack
 * S₀ = I − A*(ν) is PSD on the face V; the exposers W = A*(w) (PSD, zero on V, ⟨y, w⟩ = 0) add
 * positive curvature off the face without changing the dual objective. So
 * ν′ = ν + δ − t_b·ŵ_b − t_a·ŵ_a has I − A*(ν′) = S₀ − A*(δ) + t_b·Ŵ_b + t_a·Ŵ_a, whose smallest
 * eigenvalue on the face is −O(1/t), with ŵ_b the exposer of the singular fully observed blocks
 * (exact) and ŵ_a the auxiliary problem's (the cycles), each of unit norm and each with its own t.
 * <p>
 * <b>The pair.</b>
 * <ul>
 *   <li>ŵ_a is first polished: twenty rounds of its PSD part on its exposed eigenvectors, the
 *       observed pattern, and ⟨y, w⟩ = 0.</li>
 *   <li>δ keeps the face's problem as it is (VᵀA*(δ)V = 0, on the entries that touch the exposers'
 *       support, right singular vectors below 1e-8·σ_max) and makes the off-face block that meets
 *       X's range small: ‖Λ^{−1/2}QᵀA*(ν + δ)Π_X‖_F least, Q and Λ the exposed eigenvectors and
 *       eigenvalues of Ŵ_b + Ŵ_a, Π_X the projector on the range of X (least squares with singular
 *       values below 1e-6·σ_max dropped: with them δ had norm 4e11 at m = 250). That block is what
 *       the O(1/t) terms are made of.</li>
 *   <li>ν may be scaled by 1 − s (s = 0, ¼ or ½ of the tolerance): that adds s·I to the slack and
 *       s to the gap, trading dual infeasibility for gap.</li>
 *   <li>X′ = KZKᵀ, K spanning the near-kernel of I − A*(ν′), computed by {@link #schurKernel}
 *       without an eigendecomposition of that matrix of norm t (whose eigenvectors are accurate only
 *       to 1e-16·t/gap); r′ = rank X or one more; Z is the least-squares fit of A(KZKᵀ) = y. So X′
 *       is complementary to ν′ up to O(1/t) and the rounding, and feasible up to O(1/t).</li>
 *   <li>t_b ∈ 10^{7…14} (half decades), t_a ∈ 10^{8…11} (quarter decades), s and r′ are scanned,
 *       and the pair with the smallest largest residual is kept. The residuals fall like 1/t until
 *       the rounding of ν′, whose entries are of size t, takes over: a double-precision
 *       eigensolver knows λ_max(A*(ν′)) only to about 1e-16·‖A*(ν′)‖, so a certificate of this
 *       kind stops near √(C·1e-16) for a problem constant C.</li>
 * </ul>
 * <b>Measured</b> (ReferenceBench {@code lift}, BENCHMARKS.md "Facial reduction"): on the three
 * issue-9 instances (completion n = 50, rank 2, seed 2) the largest whole-cone residual is 3.9e-7
 * at m = 220 and 7.7e-7 at m = 235, both certified at 1e-6 with ‖ν′‖ of 1e9 and 1.3e10, and 1.2e-6
 * at m = 250, which does not certify. There one cycle direction is exposed 1.4e4 times more weakly
 * than the strongest (λ_e/λ_max of the exposer 7e-5, against 4.5e-3 at m = 220), and C is
 * correspondingly larger. {@link NuclearNormReference} calls it only where the face-form residuals
 * hold at the tolerance (the lift is no more accurate than the face's solution) and returns it only
 * when it certifies. About 2 s at n = 50 (1 170 certificates).
 */
final class WholeConeLift {
  /** t_b = 10^{k/4}, k in this range (quarter decades). */
  static final int BLOCK_FROM = 28;
  static final int BLOCK_TO = 56;
  /** t_a = 10^{k/4}, k in this range. */
  static final int AUX_FROM = 32;
  static final int AUX_TO = 44;
  /** Rounds of the exposer's polish. */
  static final int POLISH_ROUNDS = 20;
  /** ν is scaled by 1 − s, s = this times the tolerance: s·I more slack, s more gap. */
  static final double[] SHIFTS = {0, 0.25, 0.5};

  private WholeConeLift() {}

  /**
   * The best lifted pair of a facially reduced solution: CONVERGED when its whole-cone certificate
   * holds at the settings' tolerance, STALLED otherwise; null when there is no face.
   */
  static NuclearNormSolution solve(EntryOperator op, double[] y, NuclearNormSolution facial, Settings settings) {
    if (facial == null || facial.face() == null) {
      return null;
    }
    long start = System.nanoTime();
    int n = op.n();
    int m = op.m();
    FacialReduction.Face face = facial.face();
    int[] first = firstCopies(op);
    double[] block = blockExposer(op, y, face.blocks(), first);
    double[] w = face.steps().get(0).w();
    double[] aux = new double[m];
    for (int i = 0; i < m; i++) {
      aux[i] = w[i] - block[i];
    }
    double blockNorm = Netlib.blas.dnrm2(m, block, 1);
    double auxNorm = Netlib.blas.dnrm2(m, aux, 1);
    boolean hasAux = auxNorm > 1e-9 * Netlib.blas.dnrm2(m, w, 1);
    if (hasAux) {
      aux = polish(op, y, aux, first);
      auxNorm = Netlib.blas.dnrm2(m, aux, 1);
    }
    boolean hasBlock = blockNorm > 0;
    if (!hasBlock && !hasAux) {
      return null;
    }
    double[] unitBlock = new double[m];
    double[] unitAux = new double[m];
    double[] combined = new double[m];
    for (int i = 0; i < m; i++) {
      unitBlock[i] = hasBlock ? block[i] / blockNorm : 0;
      unitAux[i] = hasAux ? aux[i] / auxNorm : 0;
      combined[i] = unitBlock[i] + unitAux[i];
    }
    double[] vectors = facial.x().clone();
    double[] lambda = new double[n];
    Uniqueness.eigen(n, vectors, lambda, true);
    int rank = 0;
    for (int j = 0; j < n; j++) {
      rank += lambda[j] > 1e-9 * lambda[n - 1] ? 1 : 0;
    }
    double[] range = new double[n * n];
    for (int j = n - rank; j < n; j++) {
      Netlib.blas.dger(n, n, 1.0, vectors, j * n, 1, vectors, j * n, 1, range, 0, n);
    }
    double[] nu = shrink(op, face, range, combined, facial.nu());
    NuclearNormCertifier certifier = new NuclearNormCertifier(op);
    double[] residuals = new double[5];
    double bestMax = Double.POSITIVE_INFINITY;
    double[] bestX = null;
    double[] bestNu = null;
    double[] lifted = new double[m];
    double[] exposure = new double[m];
    double[] base = new double[m];
    for (double shift : SHIFTS) {
      for (int kb = hasBlock ? BLOCK_FROM : 0; kb <= (hasBlock ? BLOCK_TO : 0); kb += 2) {
        for (int ka = hasAux ? AUX_FROM : 0; ka <= (hasAux ? AUX_TO : 0); ka++) {
          double tb = hasBlock ? Math.pow(10, kb / 4.0) : 0;
          double ta = hasAux ? Math.pow(10, ka / 4.0) : 0;
          for (int i = 0; i < m; i++) {
            exposure[i] = tb * unitBlock[i] + ta * unitAux[i];
            base[i] = (1 - shift * settings.tolerance()) * nu[i];
            lifted[i] = base[i] - exposure[i];
          }
          for (int r = Math.max(1, rank); r <= Math.min(n, rank + 1); r++) {
            double[] x = fit(op, y, schurKernel(op, base, exposure, r), r);
            if (x == null) {
              continue;
            }
            certifier.certify(y, x, lifted, residuals);
            double max = Checks.max(residuals);
            if (max < bestMax) {
              bestMax = max;
              bestX = x;
              bestNu = lifted.clone();
            }
          }
        }
      }
    }
    if (bestX == null) {
      return null;
    }
    Certificate c = certifier.certificate(y, bestX, bestNu);
    double trace = 0;
    for (int j = 0; j < n; j++) {
      trace += bestX[j + j * n];
    }
    Status status = c.holds(settings.tolerance()) ? Status.CONVERGED : Status.STALLED;
    double seconds = facial.seconds() + (System.nanoTime() - start) * 1e-9;
    return new NuclearNormSolution(bestX, bestNu, trace, status, facial.iterations(), seconds, c,
        NuclearNormSolution.Method.FACIAL_LIFT);
  }

  /**
   * The r columns of K (n × r, orthonormal) that span I − A*(ν₁ − e)'s near-kernel, e = the
   * exposure t_b·ŵ_b + t_a·ŵ_a, computed without an eigendecomposition of that matrix of norm t:
   * in the basis [V, Q] of T = A*(e)'s eigenvectors (Q the exposed ones, eigenvalues τ), with
   * S = I − A*(ν₁), the Schur complement Σ = VᵀSV − VᵀSQ(QᵀSQ + diag τ)⁻¹QᵀSV has entries of size 1,
   * its r smallest eigenvectors U give K = VU − Q(QᵀSQ + diag τ)⁻¹QᵀSVU (then orthonormalised).
   * The parts of T on V (rounding, about 1e-16·t) are left out. Null if a factorisation fails.
   */
  static double[] schurKernel(EntryOperator op, double[] nu, double[] exposure, int r) {
    int n = op.n();
    MeasurementOperator.Evaluator ev = op.evaluator();
    double[] t = new double[n * n];
    ev.adjoint(exposure, t);
    double[] tau = new double[n];
    Uniqueness.eigen(n, t, tau, true);
    int q = 0;
    while (q < n && tau[n - 1 - q] > FacialReduction.FACE_TOLERANCE * tau[n - 1]) {
      q++;
    }
    int k = n - q;
    if (q == 0 || k < r) {
      return null;
    }
    double[] v = Arrays.copyOf(t, n * k);
    double[] qm = Arrays.copyOfRange(t, n * k, n * n);
    double[] s = new double[n * n];
    ev.adjoint(nu, s);
    Netlib.blas.dscal(n * n, -1.0, s, 1);
    for (int j = 0; j < n; j++) {
      s[j + j * n] += 1;
    }
    double[] sv = new double[n * k];
    double[] sq = new double[n * q];
    Netlib.blas.dgemm("N", "N", n, k, n, 1.0, s, n, v, n, 0.0, sv, n);
    Netlib.blas.dgemm("N", "N", n, q, n, 1.0, s, n, qm, n, 0.0, sq, n);
    double[] sigma = new double[k * k];
    Netlib.blas.dgemm("T", "N", k, k, n, 1.0, v, n, sv, n, 0.0, sigma, k);
    double[] b = new double[q * k]; // QᵀSV
    Netlib.blas.dgemm("T", "N", q, k, n, 1.0, qm, n, sv, n, 0.0, b, q);
    double[] d = new double[q * q];
    Netlib.blas.dgemm("T", "N", q, q, n, 1.0, qm, n, sq, n, 0.0, d, q);
    for (int j = 0; j < q; j++) {
      d[j + j * q] += tau[k + j];
    }
    Packed.average(q, d);
    double[] dinvB = b.clone();
    intW info = new intW(0);
    Netlib.lapack.dposv("U", q, k, d, q, dinvB, q, info);
    if (info.val != 0) {
      return null;
    }
    Netlib.blas.dgemm("T", "N", k, k, q, -1.0, b, q, dinvB, q, 1.0, sigma, k);
    Packed.average(k, sigma);
    Uniqueness.eigen(k, sigma, new double[k], true);
    double[] kernel = new double[n * r];
    Netlib.blas.dgemm("N", "N", n, r, k, 1.0, v, n, sigma, k, 0.0, kernel, n);
    double[] du = new double[q * r];
    Netlib.blas.dgemm("N", "N", q, r, k, 1.0, dinvB, q, sigma, k, 0.0, du, q);
    Netlib.blas.dgemm("N", "N", n, r, q, -1.0, qm, n, du, q, 1.0, kernel, n);
    for (int pass = 0; pass < 2; pass++) { // Gram–Schmidt, twice
      for (int c = 0; c < r; c++) {
        for (int e = 0; e < c; e++) {
          double dot = Netlib.blas.ddot(n, kernel, e * n, 1, kernel, c * n, 1);
          Netlib.blas.daxpy(n, -dot, kernel, e * n, 1, kernel, c * n, 1);
        }
        Netlib.blas.dscal(n, 1 / Netlib.blas.dnrm2(n, kernel, c * n, 1), kernel, c * n, 1);
      }
    }
    return kernel;
  }

  /** X′ = KZKᵀ for the first r columns of k (n × ≥ r), Z the least-squares fit of A(KZKᵀ) = y; null if k is null or LAPACK fails. */
  static double[] fit(EntryOperator op, double[] y, double[] k, int r) {
    if (k == null) {
      return null;
    }
    int n = op.n();
    int m = op.m();
    MeasurementOperator.Evaluator ev = op.evaluator();
    int unknowns = r * (r + 1) / 2;
    int ld = Math.max(m, unknowns);
    double[] design = new double[ld * unknowns];
    double[] basis = new double[n * n];
    double[] column = new double[m];
    int col = 0;
    for (int b = 0; b < r; b++) {
      for (int a = 0; a <= b; a++, col++) {
        Arrays.fill(basis, 0);
        Netlib.blas.dger(n, n, 1.0, k, a * n, 1, k, b * n, 1, basis, 0, n);
        if (a != b) {
          Netlib.blas.dger(n, n, 1.0, k, b * n, 1, k, a * n, 1, basis, 0, n);
        }
        ev.apply(basis, column);
        System.arraycopy(column, 0, design, col * ld, m);
      }
    }
    double[] z = leastSquares(m, unknowns, design, ld, y, 1e-13);
    if (z == null) {
      return null;
    }
    double[] zm = new double[r * r];
    col = 0;
    for (int b = 0; b < r; b++) {
      for (int a = 0; a <= b; a++, col++) {
        zm[a + b * r] = z[col];
        zm[b + a * r] = z[col];
      }
    }
    double[] kz = new double[n * r];
    Netlib.blas.dgemm("N", "N", n, r, r, 1.0, k, n, zm, r, 0.0, kz, n);
    double[] x = new double[n * n];
    Netlib.blas.dgemm("N", "T", n, n, r, 1.0, kz, n, k, n, 0.0, x, n);
    Packed.average(n, x);
    return x;
  }

  /**
   * ν + δ, δ on the observed entries (first copies) that touch the face's support, with
   * VᵀA*(δ)V = 0 (right singular vectors of δ ↦ VᵀA*(δ)V below 1e-8·σ_max) and
   * ‖Λ^{−1/2}QᵀA*(ν + δ)Π_X‖_F least; ν itself if there is no such δ.
   */
  static double[] shrink(EntryOperator op, FacialReduction.Face face, double[] range, double[] w, double[] nu) {
    int n = op.n();
    int m = op.m();
    int k = face.dimension();
    double[] v = face.basis();
    int nn = n * n;
    int kk = k * k;
    MeasurementOperator.Evaluator ev = op.evaluator();
    double[] weight = new double[nn]; // Σ λⱼ^{−1/2} qⱼqⱼᵀ over the exposed eigenvectors of A*(w)
    double[] wm = new double[nn];
    ev.adjoint(w, wm);
    double[] wl = new double[n];
    Uniqueness.eigen(n, wm, wl, true);
    for (int j = 0; j < n; j++) {
      if (wl[j] > FacialReduction.FACE_TOLERANCE * wl[n - 1]) {
        Netlib.blas.dger(n, n, 1 / Math.sqrt(wl[j]), wm, j * n, 1, wm, j * n, 1, weight, 0, n);
      }
    }
    BitSet inSupport = new BitSet(n);
    for (int a : face.support()) {
      inSupport.set(a);
    }
    List<Integer> unknowns = new ArrayList<>();
    BitSet seen = new BitSet(nn);
    for (int i = 0; i < m; i++) {
      int a = op.index(i) % n;
      int b = op.index(i) / n;
      if (!seen.get(op.index(i)) && (inSupport.get(a) || inSupport.get(b))) {
        unknowns.add(i);
      }
      seen.set(op.index(i));
    }
    int q = unknowns.size();
    if (q == 0) {
      return nu.clone();
    }
    int ld = Math.max(kk, q);
    double[] onFace = new double[ld * q]; // column c: VᵀA*(e_c)V
    double[] cross = new double[nn * q]; // column c: Λ^{−1/2}QᵀA*(e_c)Π_X, as an n × n matrix
    double[] unit = new double[m];
    double[] a = new double[nn];
    double[] tmp = new double[nn];
    double[] faceBlock = new double[kk];
    for (int c = 0; c < q; c++) {
      unit[unknowns.get(c)] = 1;
      ev.adjoint(unit, a);
      unit[unknowns.get(c)] = 0;
      Netlib.blas.dgemm("N", "N", n, k, n, 1.0, a, n, v, n, 0.0, tmp, n);
      Netlib.blas.dgemm("T", "N", k, k, n, 1.0, v, n, tmp, n, 0.0, faceBlock, k);
      System.arraycopy(faceBlock, 0, onFace, c * ld, kk);
      weightedCross(n, weight, a, range, tmp, cross, c * nn);
    }
    int ns = Math.min(kk, q);
    double[] sigma = new double[ns];
    double[] vt = new double[q * q];
    intW info = new intW(0);
    double[] query = new double[1];
    Netlib.lapack.dgesvd("N", "A", kk, q, onFace.clone(), ld, sigma, new double[1], 1, vt, q, query, -1, info);
    double[] work = new double[Math.max(1, (int) query[0])];
    Netlib.lapack.dgesvd("N", "A", kk, q, onFace, ld, sigma, new double[1], 1, vt, q, work, work.length, info);
    if (info.val != 0) {
      return nu.clone();
    }
    int rank = 0;
    while (rank < ns && sigma[rank] > 1e-8 * sigma[0]) {
      rank++;
    }
    int z = q - rank;
    if (z == 0) {
      return nu.clone();
    }
    double[] design = new double[nn * z];
    for (int j = 0; j < z; j++) {
      for (int c = 0; c < q; c++) {
        Netlib.blas.daxpy(nn, vt[(rank + j) + c * q], cross, c * nn, 1, design, j * nn, 1);
      }
    }
    double[] rhs = new double[nn];
    ev.adjoint(nu, a);
    weightedCross(n, weight, a, range, tmp, rhs, 0);
    Netlib.blas.dscal(nn, -1.0, rhs, 1);
    double[] coefficients = leastSquares(nn, z, design, nn, rhs, 1e-6);
    double[] result = nu.clone();
    if (coefficients == null) {
      return result;
    }
    for (int j = 0; j < z; j++) {
      for (int c = 0; c < q; c++) {
        result[unknowns.get(c)] += coefficients[j] * vt[(rank + j) + c * q];
      }
    }
    return result;
  }

  /** out[offset…] ← weight·a·range (n × n each). */
  private static void weightedCross(int n, double[] weight, double[] a, double[] range, double[] tmp, double[] out,
                                    int offset) {
    Netlib.blas.dgemm("N", "N", n, n, n, 1.0, a, n, range, n, 0.0, tmp, n);
    Netlib.blas.dgemm("N", "N", n, n, n, 1.0, weight, 0, n, tmp, 0, n, 0.0, out, offset, n);
  }

  /** The exposer of the singular fully observed blocks, as {@link FacialReduction#structuralStep} forms it. */
  static double[] blockExposer(EntryOperator op, double[] y, List<int[]> blocks, int[] first) {
    int n = op.n();
    double[] w = new double[op.m()];
    for (int[] j : blocks) {
      int size = j.length;
      double[] block = new double[size * size];
      for (int c = 0; c < size; c++) {
        for (int r = 0; r <= c; r++) {
          block[r + c * size] = y[first[j[r] + j[c] * n]];
        }
      }
      double[] l = new double[size];
      Uniqueness.eigen(size, block, l, true);
      double threshold = FacialReduction.RANK_TOLERANCE * l[size - 1];
      for (int e = 0; e < size && l[e] <= threshold; e++) {
        for (int c = 0; c < size; c++) {
          for (int r = 0; r <= c; r++) {
            double ua = block[r + e * size];
            double ub = block[c + e * size];
            w[first[j[r] + j[c] * n]] += r == c ? ua * ua : 2 * ua * ub;
          }
        }
      }
    }
    return w;
  }

  /** {@value #POLISH_ROUNDS} rounds of: the PSD part of A*(w) on its exposed eigenvectors, the observed pattern, ⟨y, w⟩ = 0. */
  static double[] polish(EntryOperator op, double[] y, double[] w, int[] first) {
    int n = op.n();
    int m = op.m();
    double[] wm = new double[n * n];
    op.evaluator().adjoint(w, wm);
    boolean[] observed = new boolean[n * n];
    double[] ym = new double[n * n];
    for (int i = 0; i < m; i++) {
      int a = op.index(i) % n;
      int b = op.index(i) / n;
      observed[a + b * n] = true;
      observed[b + a * n] = true;
      ym[a + b * n] = y[i];
      ym[b + a * n] = y[i];
    }
    double yy = Netlib.blas.ddot(n * n, ym, 1, ym, 1);
    double[] vectors = new double[n * n];
    double[] lambda = new double[n];
    for (int round = 0; round < POLISH_ROUNDS; round++) {
      System.arraycopy(wm, 0, vectors, 0, n * n);
      Uniqueness.eigen(n, vectors, lambda, true);
      Arrays.fill(wm, 0);
      for (int j = 0; j < n; j++) {
        if (lambda[j] > FacialReduction.FACE_TOLERANCE * lambda[n - 1]) {
          Netlib.blas.dger(n, n, lambda[j], vectors, j * n, 1, vectors, j * n, 1, wm, 0, n);
        }
      }
      for (int j = 0; j < n * n; j++) {
        wm[j] = observed[j] ? wm[j] : 0;
      }
      if (yy > 0) {
        Netlib.blas.daxpy(n * n, -Netlib.blas.ddot(n * n, ym, 1, wm, 1) / yy, ym, 1, wm, 1);
      }
      Packed.average(n, wm);
    }
    double[] out = new double[m];
    for (int b = 0; b < n; b++) {
      for (int a = 0; a <= b; a++) {
        int i = first[a + b * n];
        if (i >= 0) {
          out[i] = a == b ? wm[a + b * n] : 2 * wm[a + b * n];
        }
      }
    }
    return out;
  }

  /** Column-major upper position → the first measurement of that entry, −1 if none. */
  static int[] firstCopies(EntryOperator op) {
    int n = op.n();
    int[] first = new int[n * n];
    Arrays.fill(first, -1);
    for (int i = 0; i < op.m(); i++) {
      if (first[op.index(i)] < 0) {
        first[op.index(i)] = i;
      }
    }
    return first;
  }

  /** Minimum-norm least squares (dgelss: singular values below rcond·σ_max count as zero); null if LAPACK fails. */
  private static double[] leastSquares(int rows, int cols, double[] design, int ld, double[] rhs, double rcond) {
    int ldb = Math.max(ld, cols);
    double[] b = new double[ldb];
    System.arraycopy(rhs, 0, b, 0, rows);
    double[] sing = new double[Math.min(rows, cols)];
    intW rank = new intW(0);
    intW info = new intW(0);
    double[] query = new double[1];
    double[] a = design.clone();
    Netlib.lapack.dgelss(rows, cols, 1, a, ld, b, ldb, sing, rcond, rank, query, -1, info);
    double[] work = new double[Math.max(1, (int) query[0])];
    Netlib.lapack.dgelss(rows, cols, 1, a, ld, b, ldb, sing, rcond, rank, work, work.length, info);
    return info.val == 0 ? Arrays.copyOf(b, cols) : null;
  }
}
