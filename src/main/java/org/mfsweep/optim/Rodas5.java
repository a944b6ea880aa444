package org.mfsweep.optim;

/**
 * The Rosenbrock method RODAS5 of Di Marzo (Rodas5(4), Université de Genève, 1993; the coefficients
 * as Hairer and Wanner's RODAS code and DifferentialEquations.jl's Rodas5 give them): 8 stages,
 * order 5 with an embedded order-4 solution, L-stable and stiffly accurate, with a dense output of
 * order 4. For y' = F(y) (autonomous) and W = I/(hγ) − J, J = F'(y₀), γ = 0.19:
 * <pre>  W·k_i = F(Y_i) + (1/h)·Σ_{j&lt;i} c_ij k_j,   i = 1 … 8,
 *   Y₁ = y₀,  Y_i = y₀ + Σ_{j&lt;i} a_ij k_j (i ≤ 6),  Y₇ = Y₆ + k₆,  Y₈ = Y₇ + k₇,
 *   y₁ = Y₈ + k₈,   error estimate k₈ (y₁ less the embedded solution Y₈),
 *   y(t₀ + θh) = (1−θ)·y₀ + θ·(y₁ + (1−θ)·(H₂ + θ·(H₃ + θ·H₄))),  H_l = Σ_j h_lj k_j.</pre>
 * Each step keeps sqrt(mean((k₈ᵢ/scᵢ)²)) ≤ 1 with scᵢ = atol + rtol·max(|y₀ᵢ|, |y₁ᵢ|), the
 * scaled norm of commons-math3's adaptive integrators. Being L-stable it takes steps limited by
 * accuracy, not by the stiff eigenvalues of J that cap an explicit method's step; being of order 5
 * it takes fewer of them at tight tolerances than RODAS4 (order 4, 6 stages), which this class
 * replaced: on the 3 × 3 completion flow to t = 10⁶ at rtol 1e-8, 173 steps against 457, at 8
 * solves and field evaluations a step against 6 (BENCHMARKS.md, issue 12).
 */
final class Rodas5 {
  /** The right-hand side. */
  interface Field {
    int dimension();

    /** dy ← F(y). */
    void derivative(double[] y, double[] dy);
  }

  /** A right-hand side with its dense Jacobian, for {@link DenseJacobian}. */
  interface DenseField extends Field {
    /** jac ← F'(y), dimension² column-major. */
    void jacobian(double[] y, double[] jac);
  }

  /**
   * J = F'(y₀) at a step's start and the linear solves with W = fac·I − J that the stages need: a
   * dense LU ({@link DenseJacobian}), or one that uses J's structure ({@link LowRankJacobian}).
   */
  interface Jacobian {
    /** Takes J at y (the step's start), for the {@link #factor} calls that follow. */
    void at(double[] y);

    /**
     * Factors W = fac·I − J for the J of the last {@link #at}; false when W is singular or not
     * finite, or when this solver cannot factor it stably at this fac: the step is then tried again
     * with a smaller h (a larger fac).
     */
    boolean factor(double fac);

    /** b ← W⁻¹·b with the last factorization. */
    void solve(double[] b);
  }

  /** Thrown when the step size falls below the resolution of t: the solution blows up. */
  static final class StepSizeUnderflow extends RuntimeException {
    StepSizeUnderflow(double t, double h) {
      super("step size " + h + " underflow at t = " + t, null, false, false);
    }
  }

  private static final double GAMMA = 0.19;
  private static final double A21 = 2.0;
  private static final double A31 = 3.040894194418781;
  private static final double A32 = 1.041747909077569;
  private static final double A41 = 2.576417536461461;
  private static final double A42 = 1.622083060776640;
  private static final double A43 = -0.9089668560264532;
  private static final double A51 = 2.760842080225597;
  private static final double A52 = 1.446624659844071;
  private static final double A53 = -0.3036980084553738;
  private static final double A54 = 0.2877498600325443;
  private static final double A61 = -14.09640773051259;
  private static final double A62 = 6.925207756232704;
  private static final double A63 = -41.47510893210728;
  private static final double A64 = 2.343771018586405;
  private static final double A65 = 24.13215229196062;
  private static final double C21 = -10.31323885133993;
  private static final double C31 = -21.04823117650003;
  private static final double C32 = -7.234992135176716;
  private static final double C41 = 32.22751541853323;
  private static final double C42 = -4.943732386540191;
  private static final double C43 = 19.44922031041879;
  private static final double C51 = -20.69865579590063;
  private static final double C52 = -8.816374604402768;
  private static final double C53 = 1.260436877740897;
  private static final double C54 = -0.7495647613787146;
  private static final double C61 = -46.22004352711257;
  private static final double C62 = -17.49534862857472;
  private static final double C63 = -289.6389582892057;
  private static final double C64 = 93.60855400400906;
  private static final double C65 = 318.3822534212147;
  private static final double C71 = 34.20013733472935;
  private static final double C72 = -14.15535402717690;
  private static final double C73 = 57.82335640988400;
  private static final double C74 = 25.83362985412365;
  private static final double C75 = 1.408950972071624;
  private static final double C76 = -6.551835421242162;
  private static final double C81 = 42.57076742291101;
  private static final double C82 = -13.80770672017997;
  private static final double C83 = 93.98938432427124;
  private static final double C84 = 18.77919633714503;
  private static final double C85 = -31.58359187223370;
  private static final double C86 = -6.685968952921985;
  private static final double C87 = -5.810979938412932;
  private static final double[] H2 = {27.354592673333357, -6.925207756232857, 26.40037733258859, 0.5635230501052979,
      -4.699151156849391, -1.6008677469422725, -1.5306074446748028, -1.3929872940716344};
  private static final double[] H3 = {44.19024239501722, 1.3677947663381929e-13, 202.93261852171622, -35.5669339789154,
      -181.91095152160645, 3.4116351403665033, 2.5793540257308067, 2.2435122582734066};
  private static final double[] H4 = {-44.0988150021747, -5.755396159656812e-13, -181.26175034586677, 56.99302194811676,
      183.21182741427398, -7.480257918273637, -5.792426076169686, -5.32503859794143};
  /**
   * Step-size controller of RODAS: h·min(6, max(1/5, 0.9·err^(−1/5))), the exponent 1/(q+1) of the
   * embedded order q = 4.
   */
  private static final double SAFETY = 0.9;
  private static final double MAX_GROWTH = 6.0;
  private static final double MAX_SHRINK = 0.2;
  private final Field system;
  private final Jacobian jacobian;
  private final int dim;
  private final double rtol;
  private final double atol;
  private final double[][] k = new double[8][];
  private final double[] stage;
  private final double[] f0;
  private final double[] y0;
  private final double[] y1;
  private final double[] f1;
  private final double[] dense2;
  private final double[] dense3;
  private final double[] dense4;
  private double t0;
  private double t1;
  private double h;
  private boolean jacobianCurrent;
  private int evaluations;
  private int rejections;

  /** With the dense Jacobian of the field and an LU of W. */
  Rodas5(DenseField system, double relativeTolerance, double absoluteTolerance) {
    this(system, new DenseJacobian(system), relativeTolerance, absoluteTolerance);
  }

  Rodas5(Field system, Jacobian jacobian, double relativeTolerance, double absoluteTolerance) {
    this.system = system;
    this.jacobian = jacobian;
    this.dim = system.dimension();
    this.rtol = relativeTolerance;
    this.atol = absoluteTolerance;
    for (int i = 0; i < 8; i++) {
      k[i] = new double[dim];
    }
    this.stage = new double[dim];
    this.f0 = new double[dim];
    this.y0 = new double[dim];
    this.y1 = new double[dim];
    this.f1 = new double[dim];
    this.dense2 = new double[dim];
    this.dense3 = new double[dim];
    this.dense4 = new double[dim];
  }

  /** Starts at (t, y); the first step size is chosen from ‖y‖ and ‖F(y)‖ as in Hairer's codes. */
  void start(double t, double[] y) {
    t1 = t;
    System.arraycopy(y, 0, y1, 0, dim);
    system.derivative(y1, f1);
    evaluations = 1;
    double ny = 0;
    double nf = 0;
    for (int i = 0; i < dim; i++) {
      double sc = atol + rtol * Math.abs(y1[i]);
      ny += (y1[i] / sc) * (y1[i] / sc);
      nf += (f1[i] / sc) * (f1[i] / sc);
    }
    ny = Math.sqrt(ny / dim);
    nf = Math.sqrt(nf / dim);
    h = ny < 1e-5 || nf < 1e-5 ? 1e-6 : 0.01 * ny / nf;
    jacobianCurrent = false;
  }

  double previousTime() {
    return t0;
  }

  double currentTime() {
    return t1;
  }

  /** The state at {@link #currentTime}; do not modify. */
  double[] state() {
    return y1;
  }

  int evaluations() {
    return evaluations;
  }

  int rejections() {
    return rejections;
  }

  /**
   * One accepted step from the current time, not beyond end (the last one lands on it), after as
   * many rejected tries as the error control needs.
   *
   * @throws StepSizeUnderflow when the step must shrink below the resolution of t
   */
  void step(double end) {
    begin();
    boolean rejected = false;
    while (true) {
      double hTry = Math.min(h, end - t0);
      boolean last = hTry == end - t0;
      if (hTry <= Math.ulp(t0) * 4 || !Double.isFinite(hTry)) {
        throw new StepSizeUnderflow(t0, hTry);
      }
      double err = attempt(hTry);
      if (err <= 1.0) {
        double grow = err == 0 ? MAX_GROWTH : Math.min(MAX_GROWTH, SAFETY * Math.pow(err, -0.2));
        if (rejected) {
          grow = Math.min(1.0, grow);
        }
        h = hTry * Math.max(MAX_SHRINK, grow);
        accept(last ? end : t0 + hTry);
        return;
      }
      rejections++;
      rejected = true;
      // a NaN error (overflow in a stage) shrinks as hard as the controller allows
      h = hTry * (Double.isNaN(err) ? MAX_SHRINK : Math.max(MAX_SHRINK, SAFETY * Math.pow(err, -0.2)));
    }
  }

  /**
   * One step of exactly hs from the current point with no error control (tests measure the order
   * with it): the state, dense output and times are those of an accepted step; returns the scaled
   * error estimate.
   */
  double fixedStep(double hs) {
    begin();
    double err = attempt(hs);
    accept(t0 + hs);
    return err;
  }

  /** The last accepted point becomes the step's start, with the Jacobian there. */
  private void begin() {
    System.arraycopy(y1, 0, y0, 0, dim);
    System.arraycopy(f1, 0, f0, 0, dim);
    t0 = t1;
    if (!jacobianCurrent) {
      jacobian.at(y0);
      jacobianCurrent = true;
    }
  }

  /** The try just made becomes the current point, at time t. */
  private void accept(double t) {
    t1 = t;
    system.derivative(y1, f1);
    evaluations++;
    jacobianCurrent = false;
  }

  /** One try with step hs from (t0, y0): fills y1, the k's and the dense output; returns the scaled error. */
  private double attempt(double hs) {
    if (!jacobian.factor(1.0 / (hs * GAMMA))) {
      return Double.NaN;
    }
    double[] k1 = k[0];
    double[] k2 = k[1];
    double[] k3 = k[2];
    double[] k4 = k[3];
    double[] k5 = k[4];
    double[] k6 = k[5];
    double[] k7 = k[6];
    double[] k8 = k[7];
    System.arraycopy(f0, 0, k1, 0, dim);
    solve(k1);
    for (int i = 0; i < dim; i++) {
      stage[i] = y0[i] + A21 * k1[i];
    }
    evaluate(stage, k2);
    for (int i = 0; i < dim; i++) {
      k2[i] += C21 / hs * k1[i];
    }
    solve(k2);
    for (int i = 0; i < dim; i++) {
      stage[i] = y0[i] + A31 * k1[i] + A32 * k2[i];
    }
    evaluate(stage, k3);
    for (int i = 0; i < dim; i++) {
      k3[i] += (C31 * k1[i] + C32 * k2[i]) / hs;
    }
    solve(k3);
    for (int i = 0; i < dim; i++) {
      stage[i] = y0[i] + A41 * k1[i] + A42 * k2[i] + A43 * k3[i];
    }
    evaluate(stage, k4);
    for (int i = 0; i < dim; i++) {
      k4[i] += (C41 * k1[i] + C42 * k2[i] + C43 * k3[i]) / hs;
    }
    solve(k4);
    for (int i = 0; i < dim; i++) {
      stage[i] = y0[i] + A51 * k1[i] + A52 * k2[i] + A53 * k3[i] + A54 * k4[i];
    }
    evaluate(stage, k5);
    for (int i = 0; i < dim; i++) {
      k5[i] += (C51 * k1[i] + C52 * k2[i] + C53 * k3[i] + C54 * k4[i]) / hs;
    }
    solve(k5);
    for (int i = 0; i < dim; i++) {
      stage[i] = y0[i] + A61 * k1[i] + A62 * k2[i] + A63 * k3[i] + A64 * k4[i] + A65 * k5[i];
    }
    evaluate(stage, k6);
    for (int i = 0; i < dim; i++) {
      k6[i] += (C61 * k1[i] + C62 * k2[i] + C63 * k3[i] + C64 * k4[i] + C65 * k5[i]) / hs;
    }
    solve(k6);
    for (int i = 0; i < dim; i++) {
      stage[i] += k6[i];
    }
    evaluate(stage, k7);
    for (int i = 0; i < dim; i++) {
      k7[i] += (C71 * k1[i] + C72 * k2[i] + C73 * k3[i] + C74 * k4[i] + C75 * k5[i] + C76 * k6[i]) / hs;
    }
    solve(k7);
    for (int i = 0; i < dim; i++) {
      stage[i] += k7[i];
    }
    evaluate(stage, k8);
    for (int i = 0; i < dim; i++) {
      k8[i] += (C81 * k1[i] + C82 * k2[i] + C83 * k3[i] + C84 * k4[i] + C85 * k5[i] + C86 * k6[i] + C87 * k7[i]) / hs;
    }
    solve(k8);
    double sum = 0;
    for (int i = 0; i < dim; i++) {
      y1[i] = stage[i] + k8[i];
      double sc = atol + rtol * Math.max(Math.abs(y0[i]), Math.abs(y1[i]));
      double e = k8[i] / sc;
      sum += e * e;
      double d2 = 0;
      double d3 = 0;
      double d4 = 0;
      for (int j = 0; j < 8; j++) {
        d2 += H2[j] * k[j][i];
        d3 += H3[j] * k[j][i];
        d4 += H4[j] * k[j][i];
      }
      dense2[i] = d2;
      dense3[i] = d3;
      dense4[i] = d4;
    }
    return Math.sqrt(sum / dim);
  }

  /**
   * out ← the dense output at t in [previousTime, currentTime] of the last step.
   */
  void interpolate(double t, double[] out) {
    double span = t1 - t0;
    double s = span == 0 ? 1.0 : (t - t0) / span;
    for (int i = 0; i < dim; i++) {
      out[i] = (1 - s) * y0[i] + s * (y1[i] + (1 - s) * (dense2[i] + s * (dense3[i] + s * dense4[i])));
    }
  }

  private void solve(double[] b) {
    jacobian.solve(b);
  }

  private void evaluate(double[] y, double[] dy) {
    system.derivative(y, dy);
    evaluations++;
  }
}
