package org.mfsweep.reference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import org.mfsweep.linalg.LapackException;
import org.mfsweep.linalg.Netlib;
import org.mfsweep.problem.EntryOperator;
import org.mfsweep.problem.MeasurementOperator;
import org.netlib.util.intW;

/**
 * Facial reduction for PSD completion, min tr X s.t. X_ab = y_ab ((a, b) ∈ Ω), X ⪰ 0, when no
 * feasible X is positive definite (Slater fails): find the face of S₊ⁿ the feasible set lies in,
 * solve the SDP on that face by the interior-point method, map X back, and certify.
 * <p>
 * <b>Why Slater fails (diagnosis).</b> Two structures force every feasible X to be singular:
 * <ul>
 *   <li>a fully observed principal block J × J (diagonal included) whose observed Y_JJ is singular,
 *       e.g. a 3 × 3 block of a rank-2 truth: for Y_JJ u = 0 and ũ its padding, ũᵀXũ = uᵀY_JJu = 0,
 *       so Xũ = 0;</li>
 *   <li>chordless cycles through vertices with an observed diagonal: with a rank-2 (planar) truth,
 *       the angles along a cycle can sit on the boundary of the cycle's completability condition,
 *       so the cycle's only completions are singular, although no block is fully observed.</li>
 * </ul>
 * The seed-2 instances n = 50, m = 220/235/250 of issue 9 have the block {22, 35, 40} (and
 * {1, 9, 22} from m = 235) and cycles such as 4–9–11–42 and 4–9–22–40 among their 10–11 vertices
 * with an observed diagonal: their faces have dimension 47, 46 and 45 of 50, of which the blocks
 * account for 1, 2 and 2 directions. The interior-point method on the whole cone then drifts along
 * the unbounded set of dual optima (the dual optimal set is unbounded exactly when the primal has
 * no interior): ‖ν‖ reached 2e5 and it stalled with complementarity and gap near 1e-5. (Slater fails
 * for these exactly specified y only up to rounding: Y_JJ's zero eigenvalue is ±1e-18.)
 * <p>
 * <b>Face certificate (first step).</b> An exposing vector is w ∈ Rᵐ with W = A*(w) ⪰ 0 and
 * ⟨y, w⟩ = 0: every feasible X has ⟨W, X⟩ = ⟨y, w⟩ = 0, hence WX = 0 and X = VSVᵀ for V an
 * orthonormal basis of ker W (Borwein and Wolkowicz; for completion, Krislock and Wolkowicz,
 * SIAM J. Optim. 2010, and Drusvyatskiy, Pataki and Wolkowicz, <i>Coordinate shadows of
 * semidefinite and Euclidean distance matrices</i>, SIAM J. Optim. 2015). Since W_jj = w_jj must
 * vanish where X_jj is not observed, W lives on the vertices K with an observed diagonal, so the
 * first step is small (|K| = 10–11 here). Two exposers:
 * <ol>
 *   <li>for each maximal clique J of the observed pattern on K (Bron–Kerbosch with pivoting) and each
 *       eigenvector u of Y_JJ with eigenvalue at most {@value #RANK_TOLERANCE}·λ_max(Y_JJ):
 *       ũũᵀ = A*(w), w = u_a² on a diagonal entry and 2u_a u_b off it. Exact up to rounding
 *       (⟨y, w⟩ ≈ 1e-18, W a sum of squares);</li>
 *   <li>the auxiliary problem on K ({@link #exposer}): W ⪰ 0 in the observed pattern with
 *       ⟨y, w⟩ = 0 and tr W = 1, of the largest rank, by {@link InteriorPointSdp}. This finds the
 *       cycle faces. ⟨y, w⟩ = 0 holds by construction, but W is PSD only to the method's accuracy
 *       (λ_min ≈ −1e-16–−1e-15·λ_max here). It is used only when it exposes more than the blocks.</li>
 * </ol>
 * V is the identity on the vertices W does not touch and, on those it does, the eigenvectors of W
 * with eigenvalues at most {@value #FACE_TOLERANCE}·λ_max(W) (with a gap of at least
 * {@value #FACE_GAP} to the exposed ones). When the reduced solve does not certify, later steps
 * solve the same auxiliary problem on the reduced (dense) map, at most {@value #MAX_STEPS} times (on
 * the instances above it is not reached, as the first reduced solve's own residuals hold; when it
 * ran on an earlier version for m = 235, its solve broke down with a NaN step, as when its dual has
 * no feasible point, which counts as no face).
 * <p>
 * <b>Reduced SDP:</b> min tr S s.t. ⟨VᵀAᵢV, S⟩ = yᵢ, S ⪰ 0 on S^k (tr VSVᵀ = tr S), by
 * {@link MinNuclearNormIpm} on the dense map S ↦ A(VSVᵀ); its Gram QR drops the measurements the
 * face makes dependent (a 3 × 3 block of rank 2 keeps 3 of its 6), and its certificate checks all m.
 * X = VSVᵀ.
 * <p>
 * <b>What is certified.</b> CONVERGED needs both, at the tolerance:
 * <ul>
 *   <li>the five residuals of {@link NuclearNormCertifier} for (S, ν) on the reduced problem, which
 *       are those of (X, ν) on the original problem with the slack I − A*(ν) replaced by its
 *       compression Vᵀ(I − A*(ν))V to the face: primal ‖A(X) − y‖/‖y‖ and the cone violation of X
 *       are the original ones, dual feasibility is λ_max(VᵀA*(ν)V) ≤ 1, complementarity
 *       ‖Vᵀ(I − A*(ν))X‖_F/‖X‖_F, and the gap |tr X − ⟨y, ν⟩|/tr X is the original one;</li>
 *   <li>the face certificate, {@link Face#optimalityLoss}: every exactly feasible X′ has at most a
 *       fraction leak = Σ (|⟨y, w⟩|/tr X + max(0, −λ_min(W)))/λ_e (λ_e the smallest exposed
 *       eigenvalue) of its trace off the face, and then tr X′ ≥ ⟨y, ν⟩ − loss·tr X′ with
 *       loss = 2‖PA*(ν)V‖_F√leak + ‖P(I − A*(ν))P‖_F·leak, P = I − VVᵀ.</li>
 * </ul>
 * Together: tr X′ ≥ ⟨y, ν⟩ − loss·tr X′ for every feasible X′, and tr X − ⟨y, ν⟩ is the gap, so X
 * is optimal to the tolerance, which is what the usual certificate proves. The off-face block
 * PA*(ν)V is what the reduced problem never sees. It is large, as when the original dual is not
 * attained: the whole-cone form of the same pair, {@link Face#wholeCone}, has dual and
 * complementarity residuals of O(1)–O(100). So the loss needs an exposer exact to far below 1e-12. The block
 * exposers are (loss ≈ 4e-8 on the seed-1 instances, which have only a block). The auxiliary one is
 * not, and on the three seed-2 instances, whose faces need it, the loss is 6.9e-5, 1.1e-3 and
 * 8.0e-4 (leak 6e-15–6e-12, off-face block ‖PA*(ν)V‖_F ≈ 170–500, which {@link #shrinkCrossBlock}
 * cannot reduce): they stay STALLED, although all their face-form residuals hold at 1e-6
 * (max 3.2e-7, 7.0e-7, 9.2e-7). An exact exposer for the cycle faces (from
 * the rank-2 structure, or an exact rational rounding of W) is what is missing. Tolerances are not
 * loosened anywhere.
 * <p>
 * <b>Why facial reduction and not a self-dual embedding:</b> the homogeneous self-dual embedding
 * certifies optimality or infeasibility when strict complementarity holds, but without a primal
 * interior its iterates still drift to the boundary with τ, κ → 0 and certify neither; facial
 * reduction removes the cause, and its certificate (w) is checkable and, for blocks, exact.
 * <p>
 * Cost: the first step is an SDP of order |K| (milliseconds); the reduced map is dense, m·k² doubles,
 * so the reduction runs only when that is at most {@link NuclearNormReference#IPM_MAX_DENSE}. At
 * n = 50, m = 220–250 a whole solve takes 0.3–2 s on a loaded machine (ReferenceBench {@code facial}).
 */
public final class FacialReduction {
  /** An eigenvalue of Y_JJ at most this times λ_max(Y_JJ) (or ‖y‖_∞ for a zero block) counts as zero. */
  public static final double RANK_TOLERANCE = 1e-9;
  /** An eigenvalue of an exposer W at most this times λ_max(W) spans the face; the others are exposed. */
  public static final double FACE_TOLERANCE = 1e-8;
  /** The smallest exposed eigenvalue must exceed the largest face one (in modulus) this many times. */
  public static final double FACE_GAP = 1e3;
  /**
   * Tolerance of the auxiliary problem's interior-point solve: as tight as it goes (the method stops
   * on small steps first). At 1e-12 instead, W was PSD only to 1e-13 and the optimality bound 35×
   * larger on the instances.
   */
  static final double AUXILIARY_TOLERANCE = 1e-16;
  /** An exposer whose λ_min is below −this·λ_max is not used. */
  static final double EXPOSER_PSD_TOLERANCE = 1e-10;
  /** Reduction steps after the first (generic auxiliary problems on the reduced map), at most. */
  public static final int MAX_STEPS = 3;
  /** Bron–Kerbosch stops after this many maximal cliques (the certificate stays valid with those found). */
  static final int MAX_CLIQUES = 100_000;

  private FacialReduction() {}

  /**
   * One reduction step: in the current coordinates (order {@code size}), W = Σᵢ wᵢ·(current Aᵢ) is
   * PSD up to {@code negative}, has ⟨y, w⟩ = {@code yw}, and the face is the span of its
   * near-zero eigenvectors, {@code basis} (size × dimension, orthonormal).
   *
   * @param w the exposer's coefficients on the m original measurements (0 on dropped ones)
   * @param yw ⟨y, w⟩ = ⟨W, X⟩ for every feasible X
   * @param negative max(0, −λ_min(W))
   * @param exposedMin the smallest eigenvalue of W outside the face
   * @param faceMax the largest modulus of W's eigenvalues on the face
   */
  public record Step(int size, int dimension, double[] basis, double[] w, double yw, double negative,
                     double exposedMin, double faceMax) {
    /**
     * How much of a feasible X of trace ≈ trace can lie off this face, relative to its trace:
     * ⟨W, X⟩ = ⟨y, w⟩ and W ⪰ −negative·I give tr(P_U X P_U)/tr X ≤ (|⟨y, w⟩|/tr X + negative)/exposedMin.
     */
    public double leak(double trace) {
      return (Math.abs(yw) / trace + negative) / exposedMin;
    }
  }

  /**
   * The face the feasible set was reduced to and what certifies it.
   *
   * @param n order of X
   * @param dimension k, the order of the reduced SDP
   * @param basis V, n × k column-major, orthonormal: the product of the steps' bases
   * @param steps the reduction steps, first the structural one
   * @param blocks the singular fully observed principal blocks J of the first step (0-based, ascending)
   * @param support the vertices the first step's exposer touches; V is the identity on the others
   * @param leak the sum of the steps' {@link Step#leak} at tr X: how much of a feasible point's trace can lie off the face
   * @param optimalityLoss {@link #optimalityLoss}: how much lower than ⟨y, ν⟩, relative, the trace of
   *     a feasible point can be because of that leak; the face certificate, it must be at most the tolerance
   * @param wholeCone the certificate of (X, ν) in the original form (whole cone, S = I − A*(ν)),
   *     for comparison; it does not decide the status
   */
  public record Face(int n, int dimension, double[] basis, List<Step> steps, List<int[]> blocks, int[] support,
                     double leak, double optimalityLoss, Certificate wholeCone) {
    @Override public String toString() {
      StringBuilder b = new StringBuilder();
      for (int[] j : blocks) {
        b.append(b.length() == 0 ? "" : " ").append(Arrays.toString(j));
      }
      StringBuilder d = new StringBuilder();
      for (Step s : steps) {
        d.append(d.length() == 0 ? "" : " → ").append(s.dimension());
      }
      return "Face[n=" + n + ", k=" + n + " → " + d + ", blocks=" + b + ", support=" + Arrays.toString(support)
          + ", leak=" + leak + ", optimalityLoss=" + optimalityLoss + ", wholeCone=" + wholeCone + "]";
    }
  }

  /** The first step and what it found. */
  record Structural(Step step, List<int[]> blocks, int[] support) {}

  /**
   * Reduces, solves the reduced SDP by the interior-point method (reducing again by the generic
   * auxiliary problem while the reduced solve does not certify, up to {@value #MAX_STEPS} times),
   * maps X back, and certifies; null when the first step finds no face or the reduced map is too
   * large ({@link NuclearNormReference#IPM_MAX_DENSE}).
   *
   * @param settings tolerance of the certificate; maxIterations for each interior-point solve
   */
  public static NuclearNormSolution solve(EntryOperator op, double[] y, Settings settings) {
    long start = System.nanoTime();
    Checks.measurements(op.m(), y);
    Structural first = structuralStep(op, y);
    if (first == null || tooLarge(op.m(), first.step().dimension())) {
      return null;
    }
    int n = op.n();
    int m = op.m();
    List<Step> steps = new ArrayList<>();
    steps.add(first.step());
    double[] v = first.step().basis();
    int k = first.step().dimension();
    int iterations = 0;
    MeasurementOperator reduced;
    NuclearNormSolution r;
    Certificate c;
    double[] x;
    while (true) {
      reduced = reducedOperator(op, v, k);
      r = new MinNuclearNormIpm(reduced).solve(y, settings);
      iterations += r.iterations();
      x = congruence(n, k, v, r.x());
      c = r.certificate();
      if (c.holds(settings.tolerance()) || steps.size() > MAX_STEPS) {
        break;
      }
      Step next = denseStep(reduced, y);
      if (next == null || next.dimension() == 0) {
        break;
      }
      steps.add(next);
      double[] product = new double[n * next.dimension()];
      Netlib.blas.dgemm("N", "N", n, next.dimension(), k, 1.0, v, n, next.basis(), k, 0.0, product, n);
      v = product;
      k = next.dimension();
    }
    double trace = 0;
    for (int j = 0; j < n; j++) {
      trace += x[j + j * n];
    }
    double leak = 0;
    for (Step s : steps) {
      leak += s.leak(trace);
    }
    double[] nu = r.nu().clone();
    Certificate onFace = c;
    double loss = optimalityLoss(op, v, k, nu, leak);
    double[] better = shrinkCrossBlock(op, v, k, first.support(), nu);
    if (better != null) {
      Certificate again = new NuclearNormCertifier(reduced).certificate(y, r.x(), better);
      double lossAgain = optimalityLoss(op, v, k, better, leak);
      if (lossAgain < loss && (again.holds(settings.tolerance()) || !onFace.holds(settings.tolerance()))) {
        nu = better;
        onFace = again;
        loss = lossAgain;
      }
    }
    Certificate whole = new NuclearNormCertifier(op).certificate(y, x, nu);
    boolean certified = onFace.holds(settings.tolerance()) && loss <= settings.tolerance();
    Status status = certified ? Status.CONVERGED : r.status() == Status.CONVERGED ? Status.STALLED : r.status();
    Face face = new Face(n, k, v, List.copyOf(steps), first.blocks(), first.support(), leak, loss, whole);
    return new NuclearNormSolution(x, nu, trace, status, iterations, (System.nanoTime() - start) * 1e-9, onFace,
        NuclearNormSolution.Method.FACIAL_IPM, face);
  }

  /**
   * {@link Uniqueness#test} of a facially reduced solution, on the reduced problem: every feasible
   * X lies on the face, X = VSVᵀ with V orthonormal, so the original problem has a unique optimum
   * exactly when the reduced one does. Its certificate is the face form, the one the solution carries.
   * A FALSE verdict's direction is k × k, in the face's coordinates (VDVᵀ in the original ones).
   */
  public static Uniqueness.Verdict uniqueness(MeasurementOperator op, NuclearNormSolution sol, double tolerance) {
    Face face = sol.face();
    int n = face.n();
    int k = face.dimension();
    double[] v = face.basis();
    double[] tmp = new double[n * k];
    double[] s = new double[k * k];
    Netlib.blas.dgemm("N", "N", n, k, n, 1.0, sol.x(), n, v, n, 0.0, tmp, n);
    Netlib.blas.dgemm("T", "N", k, k, n, 1.0, v, n, tmp, n, 0.0, s, k);
    for (int b = 0; b < k; b++) {
      for (int a = 0; a < b; a++) {
        double avg = 0.5 * (s[a + b * k] + s[b + a * k]);
        s[a + b * k] = avg;
        s[b + a * k] = avg;
      }
    }
    return Uniqueness.test(reducedOperator(op, v, k), s, sol.nu(), sol.certificate(), tolerance);
  }

  /**
   * How much lower than ⟨y, ν⟩ the trace of an exactly feasible X′ can be, relative to it, given
   * that a fraction of at most {@code leak} of its trace lies off the face: with P = I − VVᵀ,
   * X′ = VS′Vᵀ + (the P-parts), ‖PX′V‖_F ≤ √leak·tr X′ and tr(PX′P) ≤ leak·tr X′ (X′ ⪰ 0), so
   * tr X′ − ⟨y, ν⟩ = [tr S′ − ⟨VᵀA*(ν)V, S′⟩] − 2⟨PA*(ν)V, PX′V⟩ + ⟨P(I − A*(ν))P, PX′P⟩
   * ≥ −(2‖PA*(ν)V‖_F√leak + ‖P(I − A*(ν))P‖_F·leak)·tr X′ when the face's dual is feasible.
   * The off-face block PA*(ν)V is what the reduced problem never sees; it is large where the
   * original dual is not attained, so the face must be exposed very accurately for this to be small.
   */
  static double optimalityLoss(EntryOperator op, double[] v, int k, double[] nu, double leak) {
    if (leak == 0) {
      return 0;
    }
    int n = op.n();
    double[] a = new double[n * n];
    op.evaluator().adjoint(nu, a);
    double[] av = new double[n * k];
    Netlib.blas.dgemm("N", "N", n, k, n, 1.0, a, n, v, n, 0.0, av, n);
    double[] vtav = new double[k * k];
    Netlib.blas.dgemm("T", "N", k, k, n, 1.0, v, n, av, n, 0.0, vtav, k);
    double[] pav = av.clone(); // P A V = AV − V(VᵀAV)
    Netlib.blas.dgemm("N", "N", n, k, k, -1.0, v, n, vtav, k, 1.0, pav, n);
    double cross = Netlib.blas.dnrm2(n * k, pav, 1);
    double[] slack = new double[n * n]; // P(I − A)P = (I − A) − V(Vᵀ(I − A)) − ((I − A)V)Vᵀ + V(Vᵀ(I − A)V)Vᵀ
    for (int j = 0; j < n * n; j++) {
      slack[j] = -a[j];
    }
    for (int j = 0; j < n; j++) {
      slack[j + j * n] += 1;
    }
    double[] p = new double[n * n];
    for (int j = 0; j < n; j++) {
      p[j + j * n] = 1;
    }
    Netlib.blas.dgemm("N", "T", n, n, k, -1.0, v, n, v, n, 1.0, p, n);
    double[] tmp = new double[n * n];
    Netlib.blas.dgemm("N", "N", n, n, n, 1.0, p, n, slack, n, 0.0, tmp, n);
    Netlib.blas.dgemm("N", "N", n, n, n, 1.0, tmp, n, p, n, 0.0, slack, n);
    double block = Netlib.blas.dnrm2(n * n, slack, 1);
    return 2 * cross * Math.sqrt(leak) + block * leak;
  }

  /**
   * ν + δ with VᵀA*(δ)V = 0 (the face's dual unchanged) and ‖PA*(ν + δ)V‖_F least (P = I − VVᵀ),
   * δ on the observed entries (first copies) that touch the support C of the first exposer (P
   * vanishes outside C); null if there is no such δ. The reduced problem leaves this freedom, and
   * the off-face block enters the optimality bound.
   */
  static double[] shrinkCrossBlock(EntryOperator op, double[] v, int k, int[] support, double[] nu) {
    int n = op.n();
    int m = op.m();
    BitSet inC = new BitSet(n);
    for (int a : support) {
      inC.set(a);
    }
    BitSet seen = new BitSet(n * n);
    List<Integer> unknowns = new ArrayList<>();
    for (int i = 0; i < m; i++) {
      int a = op.index(i) % n;
      int b = op.index(i) / n;
      if (!seen.get(op.index(i)) && (inC.get(a) || inC.get(b))) {
        unknowns.add(i);
      }
      seen.set(op.index(i));
    }
    int q = unknowns.size();
    if (q == 0) {
      return null;
    }
    MeasurementOperator.Evaluator e = op.evaluator();
    int nk = n * k;
    int kk = k * k;
    double[] unit = new double[m];
    double[] a = new double[n * n];
    double[] av = new double[nk];
    double[] vtav = new double[kk];
    double[] onFace = new double[kk * q]; // VᵀA*(eᵢ)V
    double[] cross = new double[nk * q]; // PA*(eᵢ)V
    for (int col = 0; col < q; col++) {
      unit[unknowns.get(col)] = 1;
      e.adjoint(unit, a);
      unit[unknowns.get(col)] = 0;
      crossBlock(n, k, v, a, av, vtav);
      System.arraycopy(vtav, 0, onFace, col * kk, kk);
      System.arraycopy(av, 0, cross, col * nk, nk);
    }
    // null space of δ ↦ VᵀA*(δ)V: right singular vectors with σ ≤ 1e-12·σ_max
    int ld = Math.max(kk, q);
    double[] g = new double[ld * q];
    for (int col = 0; col < q; col++) {
      System.arraycopy(onFace, col * kk, g, col * ld, kk);
    }
    int ns = Math.min(kk, q);
    double[] sigma = new double[ns];
    double[] vt = new double[q * q];
    double[] dummy = new double[1];
    intW info = new intW(0);
    double[] query = new double[1];
    Netlib.lapack.dgesvd("N", "A", kk, q, g.clone(), ld, sigma, dummy, 1, vt, q, query, -1, info);
    double[] work = new double[Math.max(1, (int) query[0])];
    Netlib.lapack.dgesvd("N", "A", kk, q, g, ld, sigma, dummy, 1, vt, q, work, work.length, info);
    if (info.val != 0) {
      return null;
    }
    int rank = 0;
    while (rank < ns && sigma[rank] > 1e-12 * sigma[0]) {
      rank++;
    }
    int z = q - rank;
    if (z == 0) {
      return null;
    }
    // least squares: min ‖PA*(ν)V + Σ cⱼ PA*(zⱼ)V‖ over the null-space coordinates c
    int rows = Math.max(nk, z);
    double[] design = new double[rows * z];
    for (int j = 0; j < z; j++) {
      for (int col = 0; col < q; col++) {
        Netlib.blas.daxpy(nk, vt[(rank + j) + col * q], cross, col * nk, 1, design, j * rows, 1);
      }
    }
    e.adjoint(nu, a);
    crossBlock(n, k, v, a, av, vtav);
    double[] rhs = new double[rows];
    for (int t = 0; t < nk; t++) {
      rhs[t] = -av[t];
    }
    double[] singular = new double[Math.min(rows, z)];
    intW lsRank = new intW(0);
    Netlib.lapack.dgelss(nk, z, 1, design, rows, rhs, rows, singular, 1e-12, lsRank, query, -1, info);
    work = new double[Math.max(1, (int) query[0])];
    Netlib.lapack.dgelss(nk, z, 1, design, rows, rhs, rows, singular, 1e-12, lsRank, work, work.length, info);
    if (info.val != 0) {
      return null;
    }
    double[] result = nu.clone();
    for (int j = 0; j < z; j++) {
      for (int col = 0; col < q; col++) {
        result[unknowns.get(col)] += rhs[j] * vt[(rank + j) + col * q];
      }
    }
    return result;
  }

  /** av ← PAV (n × k), vtav ← VᵀAV (k × k), for symmetric A (n × n), P = I − VVᵀ. */
  private static void crossBlock(int n, int k, double[] v, double[] a, double[] av, double[] vtav) {
    Netlib.blas.dgemm("N", "N", n, k, n, 1.0, a, n, v, n, 0.0, av, n);
    Netlib.blas.dgemm("T", "N", k, k, n, 1.0, v, n, av, n, 0.0, vtav, k);
    Netlib.blas.dgemm("N", "N", n, k, k, -1.0, v, n, vtav, k, 1.0, av, n);
  }

  private static boolean tooLarge(int m, int k) {
    return (long) m * k * k > NuclearNormReference.IPM_MAX_DENSE;
  }

  /**
   * The first step, from the structure of completion: the exposers of the singular fully observed
   * blocks (closed form) plus the auxiliary problem on the vertices with an observed diagonal;
   * null if there is no face, or an observed block is indefinite ((P) infeasible).
   */
  static Structural structuralStep(EntryOperator op, double[] y) {
    int n = op.n();
    int m = op.m();
    int[] first = new int[n * n]; // column-major upper position → first measurement there, −1 if none
    Arrays.fill(first, -1);
    for (int i = 0; i < m; i++) {
      if (first[op.index(i)] < 0) {
        first[op.index(i)] = i;
      }
    }
    double yMax = 0;
    for (double value : y) {
      yMax = Math.max(yMax, Math.abs(value));
    }
    BitSet diagonal = new BitSet(n);
    BitSet[] adjacent = new BitSet[n];
    for (int j = 0; j < n; j++) {
      adjacent[j] = new BitSet(n);
      if (first[j + j * n] >= 0) {
        diagonal.set(j);
      }
    }
    for (int i = 0; i < m; i++) {
      int a = op.index(i) % n;
      int b = op.index(i) / n;
      if (a != b && diagonal.get(a) && diagonal.get(b)) {
        adjacent[a].set(b);
        adjacent[b].set(a);
      }
    }
    List<int[]> cliques = new ArrayList<>();
    bronKerbosch(new BitSet(n), (BitSet) diagonal.clone(), new BitSet(n), adjacent, cliques);

    List<int[]> blocks = new ArrayList<>();
    double[] w = new double[m];
    for (int[] j : cliques) {
      int s = j.length;
      double[] block = new double[s * s];
      for (int c = 0; c < s; c++) {
        for (int r = 0; r <= c; r++) {
          block[r + c * s] = y[first[j[r] + j[c] * n]];
        }
      }
      double[] lambda = new double[s];
      eigen(s, block, lambda);
      double threshold = RANK_TOLERANCE * (lambda[s - 1] > 0 ? lambda[s - 1] : yMax);
      if (lambda[0] < -threshold) {
        return null; // an indefinite observed block: (P) is infeasible, nothing to reduce
      }
      boolean singular = false;
      for (int e = 0; e < s && lambda[e] <= threshold; e++) {
        singular = true;
        for (int c = 0; c < s; c++) {
          for (int r = 0; r <= c; r++) {
            double ua = block[r + e * s];
            double ub = block[c + e * s];
            w[first[j[r] + j[c] * n]] += r == c ? ua * ua : 2 * ua * ub;
          }
        }
      }
      if (singular) {
        blocks.add(j);
      }
    }
    // the exact block exposers alone, unless the auxiliary problem exposes more: its W is PSD only to
    // the method's accuracy, and that inaccuracy enters the optimality bound as a square root
    Structural blocksOnly = embed(op, w, y, blocks);
    double[] aux = auxiliaryOnDiagonal(op, y, first, diagonal);
    if (aux == null) {
      return blocksOnly;
    }
    double[] combined = w.clone();
    for (int i = 0; i < m; i++) {
      combined[i] += aux[i];
    }
    Structural both = embed(op, combined, y, blocks);
    if (both == null) {
      return blocksOnly;
    }
    return blocksOnly == null || both.step().dimension() < blocksOnly.step().dimension() ? both : blocksOnly;
  }

  /** The step of exposer w on the vertices C it touches, V = identity outside C; null if none. */
  private static Structural embed(EntryOperator op, double[] w, double[] y, List<int[]> blocks) {
    int n = op.n();
    double[] big = new double[n * n];
    op.evaluator().adjoint(w, big);
    BitSet inC = new BitSet(n);
    for (int b = 0; b < n; b++) {
      for (int a = 0; a < n; a++) {
        if (big[a + b * n] != 0) {
          inC.set(a);
        }
      }
    }
    if (inC.isEmpty()) {
      return null;
    }
    int[] c = inC.stream().toArray();
    int cs = c.length;
    double[] wc = new double[cs * cs];
    for (int b = 0; b < cs; b++) {
      for (int a = 0; a < cs; a++) {
        wc[a + b * cs] = big[c[a] + c[b] * n];
      }
    }
    Step local = stepFrom(cs, wc, w, y);
    if (local == null) {
      return null;
    }
    int kc = local.dimension();
    int k = n - cs + kc;
    double[] v = new double[n * k];
    int col = 0;
    for (int j = 0; j < n; j++) {
      if (!inC.get(j)) {
        v[j + col * n] = 1;
        col++;
      }
    }
    for (int e = 0; e < kc; e++, col++) {
      for (int r = 0; r < cs; r++) {
        v[c[r] + col * n] = local.basis()[r + e * cs];
      }
    }
    Step step = new Step(n, k, v, w, local.yw(), local.negative(), local.exposedMin(), local.faceMax());
    return new Structural(step, blocks, c);
  }

  /**
   * The step W (size × size, overwritten by its eigenvectors) exposes: the face is the span of the
   * eigenvectors with eigenvalues at most {@value #FACE_TOLERANCE}·λ_max; null if W is not PSD
   * enough, has no such eigenvalue (no face, or W ≻ 0: infeasible), or no clear gap.
   */
  private static Step stepFrom(int size, double[] wMatrix, double[] w, double[] y) {
    if (size == 0) {
      return null; // no observed diagonal: nothing on which a face can be exposed
    }
    double[] lambda = new double[size];
    eigen(size, wMatrix, lambda);
    double top = lambda[size - 1];
    if (!(top > 0) || lambda[0] < -EXPOSER_PSD_TOLERANCE * top) {
      return null;
    }
    int k = 0;
    while (k < size && lambda[k] <= FACE_TOLERANCE * top) {
      k++;
    }
    if (k == 0 || k == size) {
      return null;
    }
    double faceMax = Math.max(Math.abs(lambda[0]), Math.abs(lambda[k - 1]));
    if (lambda[k] < FACE_GAP * faceMax) {
      return null;
    }
    double[] basis = Arrays.copyOf(wMatrix, size * k);
    double yw = 0;
    for (int i = 0; i < y.length; i++) {
      yw += y[i] * w[i];
    }
    return new Step(size, k, basis, w, yw, Math.max(0, -lambda[0]), lambda[k], faceMax);
  }

  /**
   * The auxiliary problem of facial reduction for completion. An exposer W = A*(w) ⪰ 0 has
   * W_jj = 0, hence a zero row, wherever X_jj is not observed, so it lives on the vertices K whose
   * diagonal is observed, on the observed entries E among them: the auxiliary problem over K is the
   * whole first step.
   */
  static double[] auxiliaryOnDiagonal(EntryOperator op, double[] y, int[] first, BitSet diagonal) {
    int n = op.n();
    int m = op.m();
    int[] kv = diagonal.stream().toArray();
    int s = kv.length;
    if (s < 2) {
      return null;
    }
    int[] local = new int[n];
    Arrays.fill(local, -1);
    for (int t = 0; t < s; t++) {
      local[kv[t]] = t;
    }
    List<Integer> entries = new ArrayList<>();
    for (int i = 0; i < m; i++) {
      int a = op.index(i) % n;
      int b = op.index(i) / n;
      if (first[op.index(i)] == i && local[a] >= 0 && local[b] >= 0) {
        entries.add(i);
      }
    }
    int e = entries.size();
    if (e <= s + 1) {
      return null;
    }
    int ss = s * s;
    double[] matrices = new double[ss * e];
    double[] ye = new double[e];
    double[] traces = new double[e];
    for (int t = 0; t < e; t++) {
      int i = entries.get(t);
      int a = local[op.index(i) % n];
      int b = local[op.index(i) / n];
      if (a == b) {
        matrices[t * ss + a + a * s] = 1;
        traces[t] = 1;
      } else {
        matrices[t * ss + a + b * s] = 0.5;
        matrices[t * ss + b + a * s] = 0.5;
      }
      ye[t] = y[i];
    }
    double[] d = exposer(s, e, matrices, ye, traces);
    if (d == null) {
      return null;
    }
    double[] w = new double[m];
    for (int t = 0; t < e; t++) {
      w[entries.get(t)] = d[t];
    }
    return w;
  }

  /**
   * A later step: the auxiliary problem on a (reduced, dense) map, over its independent
   * measurements; null if it finds no face.
   */
  static Step denseStep(MeasurementOperator op, double[] y) {
    int size = op.n();
    int m = op.m();
    int ss = size * size;
    MeasurementOperator.Evaluator ev = op.evaluator();
    double[] all = new double[Math.multiplyExact(ss, m)];
    double[] unit = new double[m];
    double[] column = new double[ss];
    for (int i = 0; i < m; i++) {
      unit[i] = 1;
      ev.adjoint(unit, column);
      unit[i] = 0;
      System.arraycopy(column, 0, all, i * ss, ss);
    }
    int[] keep = MinNuclearNormIpm.independent(new DenseConstraints(size, m, all));
    int e = keep.length;
    double[] matrices = new double[ss * e];
    double[] ye = new double[e];
    double[] traces = new double[e];
    for (int t = 0; t < e; t++) {
      System.arraycopy(all, keep[t] * ss, matrices, t * ss, ss);
      ye[t] = y[keep[t]];
      for (int j = 0; j < size; j++) {
        traces[t] += matrices[t * ss + j + j * size];
      }
    }
    double[] d = exposer(size, e, matrices, ye, traces);
    if (d == null) {
      return null;
    }
    double[] w = new double[m];
    for (int t = 0; t < e; t++) {
      w[keep[t]] = d[t];
    }
    double[] wMatrix = new double[ss];
    Netlib.blas.dgemv("N", ss, e, 1.0, matrices, ss, d, 1, 0.0, wMatrix, 1);
    return stepFrom(size, wMatrix, w, y);
  }

  /**
   * The auxiliary SDP: W = Σ dᵢMᵢ ⪰ 0 with ⟨y, d⟩ = 0 and tr W = 1, of the largest rank, in the
   * dual form of {@link InteriorPointSdp}: W = C − 𝒜*(η) with C = Σ d₀ᵢMᵢ, 𝒜ⱼ = Σ NᵢⱼMᵢ for an
   * orthonormal basis N of {d : ⟨y, d⟩ = 0, ⟨tr M, d⟩ = 0} and d₀ the least-norm d with ⟨y, d⟩ = 0,
   * ⟨tr M, d⟩ = 1, and b = 0. Every dual feasible point is optimal, so the method heads for the
   * analytic centre of the dual feasible set, a W of the largest rank; the primal has an interior
   * (βI plus a completion of y), so the method is well posed although W has none. ⟨y, d⟩ = 0 holds by
   * construction, to rounding; W ⪰ 0 to the method's accuracy, which {@link Step} reports.
   *
   * @param matrices e independent symmetric size × size matrices Mᵢ
   * @return d (length e), or null when y and tr M are dependent or the solve fails
   */
  static double[] exposer(int size, int e, double[] matrices, double[] ye, double[] traces) {
    if (e < 3) {
      return null;
    }
    double[] bm = new double[2 * e];
    for (int t = 0; t < e; t++) {
      bm[2 * t] = ye[t];
      bm[1 + 2 * t] = traces[t];
    }
    double[] sigma = new double[2];
    double[] uu = new double[4];
    double[] vt = new double[e * e];
    intW info = new intW(0);
    double[] query = new double[1];
    Netlib.lapack.dgesvd("A", "A", 2, e, bm.clone(), 2, sigma, uu, 2, vt, e, query, -1, info);
    double[] work = new double[Math.max(1, (int) query[0])];
    Netlib.lapack.dgesvd("A", "A", 2, e, bm, 2, sigma, uu, 2, vt, e, work, work.length, info);
    if (info.val != 0 || !(sigma[1] > 1e-12 * sigma[0])) {
      return null;
    }
    double[] d0 = new double[e]; // least-norm solution of B d = (0, 1)
    for (int j = 0; j < 2; j++) {
      double coefficient = uu[1 + j * 2] / sigma[j];
      for (int t = 0; t < e; t++) {
        d0[t] += coefficient * vt[j + t * e];
      }
    }
    int q = e - 2;
    double[] basis = new double[e * q];
    for (int j = 0; j < q; j++) {
      for (int t = 0; t < e; t++) {
        basis[t + j * e] = vt[(2 + j) + t * e];
      }
    }
    int ss = size * size;
    double[] combined = new double[ss * q];
    Netlib.blas.dgemm("N", "N", ss, q, e, 1.0, matrices, ss, basis, e, 0.0, combined, ss);
    double[] cost = new double[ss];
    Netlib.blas.dgemv("N", ss, e, 1.0, matrices, ss, d0, 1, 0.0, cost, 1);
    InteriorPointSdp solver;
    try {
      solver = new InteriorPointSdp(new DenseConstraints(size, q, combined), cost);
    } catch (RankDeficientException ex) {
      return null;
    }
    double[] lambda = new double[size];
    double[] slack = new double[ss];
    InteriorPointSdp.Result r;
    try {
      r = solver.solve(new double[q], new Settings(AUXILIARY_TOLERANCE, 100), (z, eta, out) -> {
      // W = C − 𝒜*(η): how far from PSD, and ⟨W, Z⟩/(‖W‖‖Z‖), small once Z spans W's null space
      System.arraycopy(cost, 0, slack, 0, ss);
      Netlib.blas.dgemv("N", ss, q, -1.0, combined, ss, eta, 1, 1.0, slack, 1);
      double inner = 0;
      for (int t = 0; t < ss; t++) {
        inner += slack[t] * z[t];
      }
      double norm = Netlib.blas.dnrm2(ss, slack, 1) * Netlib.blas.dnrm2(ss, z, 1);
      eigenvaluesOnly(size, slack, lambda);
      out[0] = Math.max(0, -lambda[0]) / Math.max(lambda[size - 1], Double.MIN_NORMAL);
      out[1] = Math.abs(inner) / norm;
      }, 2);
    } catch (LapackException ex) {
      return null; // the auxiliary solve broke down (a NaN step): no exposer from it
    }
    double[] d = d0.clone(); // d = d₀ − N η
    Netlib.blas.dgemv("N", e, q, -1.0, basis, e, r.y(), 1, 1.0, d, 1);
    return d;
  }

  /** S ↦ A(VSVᵀ) on S^k; its adjoint r ↦ VᵀA*(r)V. */
  static MeasurementOperator reducedOperator(MeasurementOperator op, double[] v, int k) {
    int n = op.n();
    int m = op.m();
    return new MeasurementOperator() {
      @Override public int n() {
        return k;
      }

      @Override public int m() {
        return m;
      }

      @Override public double applyFlops() {
        return 2.0 * n * k * (n + k) + op.applyFlops();
      }

      @Override public Evaluator evaluator() {
        Evaluator inner = op.evaluator();
        double[] full = new double[n * n];
        double[] sym = new double[k * k];
        double[] tmp = new double[n * k];
        return new Evaluator() {
          @Override public void apply(double[] s, double[] out) {
            for (int b = 0; b < k; b++) { // only the upper triangle of s is read
              for (int a = 0; a <= b; a++) {
                sym[a + b * k] = s[a + b * k];
                sym[b + a * k] = s[a + b * k];
              }
            }
            Netlib.blas.dgemm("N", "N", n, k, k, 1.0, v, n, sym, k, 0.0, tmp, n);
            Netlib.blas.dgemm("N", "T", n, n, k, 1.0, tmp, n, v, n, 0.0, full, n);
            inner.apply(full, out);
          }

          @Override public void adjoint(double[] r, double[] out) {
            inner.adjoint(r, full);
            Netlib.blas.dgemm("N", "N", n, k, n, 1.0, full, n, v, n, 0.0, tmp, n);
            Netlib.blas.dgemm("T", "N", k, k, n, 1.0, v, n, tmp, n, 0.0, out, k);
            for (int b = 0; b < k; b++) {
              for (int a = 0; a < b; a++) {
                double avg = 0.5 * (out[a + b * k] + out[b + a * k]);
                out[a + b * k] = avg;
                out[b + a * k] = avg;
              }
            }
          }
        };
      }
    };
  }

  /** V S Vᵀ, n × n, symmetric. */
  static double[] congruence(int n, int k, double[] v, double[] s) {
    double[] tmp = new double[n * k];
    double[] x = new double[n * n];
    Netlib.blas.dgemm("N", "N", n, k, k, 1.0, v, n, s, k, 0.0, tmp, n);
    Netlib.blas.dgemm("N", "T", n, n, k, 1.0, tmp, n, v, n, 0.0, x, n);
    for (int b = 0; b < n; b++) {
      for (int a = 0; a < b; a++) {
        double avg = 0.5 * (x[a + b * n] + x[b + a * n]);
        x[a + b * n] = avg;
        x[b + a * n] = avg;
      }
    }
    return x;
  }

  /** Maximal cliques of the graph restricted to p (Bron–Kerbosch with pivoting). */
  private static void bronKerbosch(BitSet r, BitSet p, BitSet x, BitSet[] adjacent, List<int[]> out) {
    if (out.size() >= MAX_CLIQUES) {
      return;
    }
    if (p.isEmpty() && x.isEmpty()) {
      out.add(r.stream().toArray());
      return;
    }
    BitSet union = (BitSet) p.clone();
    union.or(x);
    int pivot = -1;
    int best = -1;
    for (int u = union.nextSetBit(0); u >= 0; u = union.nextSetBit(u + 1)) {
      BitSet common = (BitSet) p.clone();
      common.and(adjacent[u]);
      if (common.cardinality() > best) {
        best = common.cardinality();
        pivot = u;
      }
    }
    BitSet candidates = (BitSet) p.clone();
    candidates.andNot(adjacent[pivot]);
    for (int u = candidates.nextSetBit(0); u >= 0; u = candidates.nextSetBit(u + 1)) {
      BitSet r2 = (BitSet) r.clone();
      r2.set(u);
      BitSet p2 = (BitSet) p.clone();
      p2.and(adjacent[u]);
      BitSet x2 = (BitSet) x.clone();
      x2.and(adjacent[u]);
      bronKerbosch(r2, p2, x2, adjacent, out);
      p.clear(u);
      x.set(u);
    }
  }

  /** Eigenvalues ascending into lambda and eigenvectors into a (overwritten). */
  private static void eigen(int s, double[] a, double[] lambda) {
    intW info = new intW(0);
    double[] query = new double[1];
    int[] iquery = new int[1];
    Netlib.lapack.dsyevd("V", "U", s, a, s, lambda, query, -1, iquery, -1, info);
    double[] work = new double[Math.max(1, (int) query[0])];
    int[] iwork = new int[Math.max(1, iquery[0])];
    Netlib.lapack.dsyevd("V", "U", s, a, s, lambda, work, work.length, iwork, iwork.length, info);
    if (info.val != 0) {
      throw new LapackException("dsyevd", info.val, "n = " + s);
    }
  }

  private static void eigenvaluesOnly(int s, double[] a, double[] lambda) {
    intW info = new intW(0);
    double[] query = new double[1];
    int[] iquery = new int[1];
    Netlib.lapack.dsyevd("N", "U", s, a, s, lambda, query, -1, iquery, -1, info);
    double[] work = new double[Math.max(1, (int) query[0])];
    int[] iwork = new int[Math.max(1, iquery[0])];
    Netlib.lapack.dsyevd("N", "U", s, a, s, lambda, work, work.length, iwork, iwork.length, info);
    if (info.val != 0) {
      throw new LapackException("dsyevd", info.val, "n = " + s);
    }
  }
}
