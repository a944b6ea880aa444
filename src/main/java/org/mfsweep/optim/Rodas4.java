package org.mfsweep.optim;

import org.mfsweep.linalg.Netlib;
import org.netlib.util.intW;

/**
 * The Rosenbrock method RODAS4 of Hairer and Wanner (Solving ODEs II, §IV.7; coefficients of their
 * code RODAS): 6 stages, order 4 with an embedded order-3 solution, L-stable and stiffly accurate,
 * with a dense output of order 3. For y' = F(y) (autonomous) and W = I/(hγ) − J, J = F'(y₀):
 * <pre>  W·k_i = F(y₀ + Σ_{j&lt;i} a_ij k_j) + (1/h)·Σ_{j&lt;i} c_ij k_j,   i = 1 … 6,
 *   y₁ = y₀ + Σ_{j&lt;5} a_5j k_j + k₅ + k₆,   error estimate k₆,
 *   y(t₀ + θh) = (1−θ)·y₀ + θ·(y₁ + (1−θ)·(D₂ + θ·D₃)),  D_l = Σ_j d_lj k_j.</pre>
 * Each step keeps sqrt(mean((k₆ᵢ/scᵢ)²)) ≤ 1 with scᵢ = atol + rtol·max(|y₀ᵢ|, |y₁ᵢ|), the
 * scaled norm of commons-math3's adaptive integrators. Being L-stable it takes steps limited by
 * accuracy, not by the stiff eigenvalues of J that cap an explicit method's step.
 */
final class Rodas4 {
  /** The right-hand side and its Jacobian. */
  interface Field {
    int dimension();

    /** dy ← F(y). */
    void derivative(double[] y, double[] dy);

    /** jac ← F'(y), dimension² column-major. */
    void jacobian(double[] y, double[] jac);
  }

  /** Thrown when the step size falls below the resolution of t: the solution blows up. */
  static final class StepSizeUnderflow extends RuntimeException {
    StepSizeUnderflow(double t, double h) {
      super("step size " + h + " underflow at t = " + t, null, false, false);
    }
  }

  private static final double GAMMA = 0.25;
  private static final double A21 = 1.544;
  private static final double A31 = 0.9466785280815826;
  private static final double A32 = 0.2557011698983284;
  private static final double A41 = 3.314825187068521;
  private static final double A42 = 2.896124015972201;
  private static final double A43 = 0.9986419139977817;
  private static final double A51 = 1.221224509226641;
  private static final double A52 = 6.019134481288629;
  private static final double A53 = 12.53708332932087;
  private static final double A54 = -0.687886036105895;
  private static final double C21 = -5.6688;
  private static final double C31 = -2.430093356833875;
  private static final double C32 = -0.2063599157091915;
  private static final double C41 = -0.1073529058151375;
  private static final double C42 = -9.594562251023355;
  private static final double C43 = -20.47028614809616;
  private static final double C51 = 7.496443313967647;
  private static final double C52 = -10.24680431464352;
  private static final double C53 = -33.99990352819905;
  private static final double C54 = 11.7089089320616;
  private static final double C61 = 8.083246795921522;
  private static final double C62 = -7.981132988064893;
  private static final double C63 = -31.52159432874371;
  private static final double C64 = 16.31930543123136;
  private static final double C65 = -6.058818238834054;
  private static final double D21 = 10.12623508344586;
  private static final double D22 = -7.487995877610167;
  private static final double D23 = -34.80091861555747;
  private static final double D24 = -7.992771707568823;
  private static final double D25 = 1.025137723295662;
  private static final double D31 = -0.6762803392801253;
  private static final double D32 = 6.087714651680015;
  private static final double D33 = 16.43084320892478;
  private static final double D34 = 24.76722511418386;
  private static final double D35 = -6.594389125716872;
  /** Step-size controller of RODAS: h·min(6, max(1/5, 0.9·err^(−1/4))). */
  private static final double SAFETY = 0.9;
  private static final double MAX_GROWTH = 6.0;
  private static final double MAX_SHRINK = 0.2;
  /** Below this dimension the LU is a Java loop; above, LAPACK's dgetrf. */
  private static final int LAPACK_MIN_DIMENSION = 48;

  private final Field system;
  private final int dim;
  private final double rtol;
  private final double atol;
  private final double[] jac;
  private final double[] w;
  private final int[] pivot;
  /** 1 / U_cc of the last {@link #factor}, so that the solves multiply. */
  private final double[] inverseDiagonal;
  private final double[][] k = new double[6][];
  private final double[] stage;
  private final double[] f0;
  private final double[] y0;
  private final double[] y1;
  private final double[] f1;
  private final double[] dense2;
  private final double[] dense3;
  private double t0;
  private double t1;
  private double h;
  private boolean jacobianCurrent;
  private int evaluations;
  private int rejections;

  Rodas4(Field system, double relativeTolerance, double absoluteTolerance) {
    this.system = system;
    this.dim = system.dimension();
    this.rtol = relativeTolerance;
    this.atol = absoluteTolerance;
    this.jac = new double[dim * dim];
    this.w = new double[dim * dim];
    this.pivot = new int[dim];
    this.inverseDiagonal = new double[dim];
    for (int i = 0; i < 6; i++) {
      k[i] = new double[dim];
    }
    this.stage = new double[dim];
    this.f0 = new double[dim];
    this.y0 = new double[dim];
    this.y1 = new double[dim];
    this.f1 = new double[dim];
    this.dense2 = new double[dim];
    this.dense3 = new double[dim];
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
    System.arraycopy(y1, 0, y0, 0, dim);
    System.arraycopy(f1, 0, f0, 0, dim);
    t0 = t1;
    if (!jacobianCurrent) {
      system.jacobian(y0, jac);
      jacobianCurrent = true;
    }
    boolean rejected = false;
    while (true) {
      double hTry = Math.min(h, end - t0);
      boolean last = hTry == end - t0;
      if (hTry <= Math.ulp(t0) * 4 || !Double.isFinite(hTry)) {
        throw new StepSizeUnderflow(t0, hTry);
      }
      double err = attempt(hTry);
      if (err <= 1.0) {
        double grow = err == 0 ? MAX_GROWTH : Math.min(MAX_GROWTH, SAFETY * Math.pow(err, -0.25));
        if (rejected) {
          grow = Math.min(1.0, grow);
        }
        h = hTry * Math.max(MAX_SHRINK, grow);
        t1 = last ? end : t0 + hTry;
        system.derivative(y1, f1);
        evaluations++;
        jacobianCurrent = false;
        return;
      }
      rejections++;
      rejected = true;
      // a NaN error (overflow in a stage) shrinks as hard as the controller allows
      h = hTry * (Double.isNaN(err) ? MAX_SHRINK : Math.max(MAX_SHRINK, SAFETY * Math.pow(err, -0.25)));
    }
  }

  /** One try with step hs from (t0, y0): fills y1, the k's and the dense output; returns the scaled error. */
  private double attempt(double hs) {
    double fac = 1.0 / (hs * GAMMA);
    for (int i = 0; i < dim * dim; i++) {
      w[i] = -jac[i];
    }
    for (int i = 0; i < dim; i++) {
      w[i + i * dim] += fac;
    }
    if (!factor()) {
      return Double.NaN;
    }
    double[] k1 = k[0];
    double[] k2 = k[1];
    double[] k3 = k[2];
    double[] k4 = k[3];
    double[] k5 = k[4];
    double[] k6 = k[5];
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

    // the embedded order-3 solution, where stage 6 is evaluated
    for (int i = 0; i < dim; i++) {
      stage[i] += k5[i];
    }
    evaluate(stage, k6);
    for (int i = 0; i < dim; i++) {
      k6[i] += (C61 * k1[i] + C62 * k2[i] + C63 * k3[i] + C64 * k4[i] + C65 * k5[i]) / hs;
    }
    solve(k6);

    double sum = 0;
    for (int i = 0; i < dim; i++) {
      y1[i] = stage[i] + k6[i];
      double sc = atol + rtol * Math.max(Math.abs(y0[i]), Math.abs(y1[i]));
      double e = k6[i] / sc;
      sum += e * e;
      dense2[i] = D21 * k1[i] + D22 * k2[i] + D23 * k3[i] + D24 * k4[i] + D25 * k5[i];
      dense3[i] = D31 * k1[i] + D32 * k2[i] + D33 * k3[i] + D34 * k4[i] + D35 * k5[i];
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
      out[i] = (1 - s) * y0[i] + s * (y1[i] + (1 - s) * (dense2[i] + s * dense3[i]));
    }
  }

  private void evaluate(double[] y, double[] dy) {
    system.derivative(y, dy);
    evaluations++;
  }

  /** LU of w with partial pivoting, in place; false when w is singular or not finite. */
  private boolean factor() {
    if (dim >= LAPACK_MIN_DIMENSION) {
      intW info = new intW(0);
      Netlib.lapack.dgetrf(dim, dim, w, dim, pivot, info);
      if (info.val != 0) {
        return false;
      }
      for (int i = 0; i < dim; i++) {
        pivot[i]--;
        inverseDiagonal[i] = 1.0 / w[i + i * dim];
      }
      return true;
    }
    for (int c = 0; c < dim; c++) {
      int p = c;
      double best = Math.abs(w[c + c * dim]);
      for (int i = c + 1; i < dim; i++) {
        double a = Math.abs(w[i + c * dim]);
        if (a > best) {
          best = a;
          p = i;
        }
      }
      if (!(best > 0) || !Double.isFinite(best)) {
        return false;
      }
      pivot[c] = p;
      if (p != c) {
        for (int j = 0; j < dim; j++) {
          double tmp = w[c + j * dim];
          w[c + j * dim] = w[p + j * dim];
          w[p + j * dim] = tmp;
        }
      }
      double inv = 1.0 / w[c + c * dim];
      inverseDiagonal[c] = inv;
      for (int i = c + 1; i < dim; i++) {
        w[i + c * dim] *= inv;
      }
      for (int j = c + 1; j < dim; j++) {
        double a = w[c + j * dim];
        if (a != 0) {
          for (int i = c + 1; i < dim; i++) {
            w[i + j * dim] -= w[i + c * dim] * a;
          }
        }
      }
    }
    return true;
  }

  /**
   * b ← w⁻¹·b with the factors of {@link #factor}: P·w = L·U with the interchanges applied to whole
   * rows (LAPACK's convention), so all of them go first, then the two triangular solves.
   */
  private void solve(double[] b) {
    for (int c = 0; c < dim; c++) {
      int p = pivot[c];
      if (p != c) {
        double tmp = b[c];
        b[c] = b[p];
        b[p] = tmp;
      }
    }
    for (int c = 0; c < dim; c++) {
      double v = b[c];
      int col = c * dim;
      for (int i = c + 1; i < dim; i++) {
        b[i] -= w[i + col] * v;
      }
    }
    for (int c = dim - 1; c >= 0; c--) {
      double v = b[c] * inverseDiagonal[c];
      b[c] = v;
      int col = c * dim;
      for (int i = 0; i < c; i++) {
        b[i] -= w[i + col] * v;
      }
    }
  }
}
