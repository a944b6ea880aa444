package org.mfsweep.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * RODAS5 on problems with closed-form solutions: a stiff linear system (eigenvalues −1 and −10⁴,
 * not normal) whose solution is exp(At)·y₀, and the nonlinear y' = −y², y = 1/(1 + t). Checked: the
 * endpoint, the dense output inside every step, and the order the step counts show (steps grow like
 * tol^(−1/5) for order 5, tol^(−1/4) would be order 4).
 */
class Rodas5Test {
  private static final double L1 = -1.0;
  private static final double L2 = -1e4;

  /** y' = A·y with A = V·diag(L1, L2)·V⁻¹, V = [[1, 1], [0, 1]]: A = [[L1, L2 − L1], [0, L2]]. */
  private static final Rodas5.DenseField LINEAR = new Rodas5.DenseField() {
    @Override public int dimension() {
      return 2;
    }

    @Override public void derivative(double[] y, double[] dy) {
      dy[0] = L1 * y[0] + (L2 - L1) * y[1];
      dy[1] = L2 * y[1];
    }

    @Override public void jacobian(double[] y, double[] jac) {
      jac[0] = L1;
      jac[1] = 0;
      jac[2] = L2 - L1;
      jac[3] = L2;
    }
  };

  /**
   * exp(At)·y₀ for y₀ = (2, 1) = V·(1, 1): V·diag(e^{L1 t}, e^{L2 t})·(1, 1) = (e^{L1 t} + e^{L2 t}, e^{L2 t}).
   */
  private static double[] linearExact(double t) {
    double slow = Math.exp(L1 * t);
    double fast = Math.exp(L2 * t);
    return new double[] {slow + fast, fast};
  }

  private static final Rodas5.DenseField QUADRATIC = new Rodas5.DenseField() {
    @Override public int dimension() {
      return 1;
    }

    @Override public void derivative(double[] y, double[] dy) {
      dy[0] = -y[0] * y[0];
    }

    @Override public void jacobian(double[] y, double[] jac) {
      jac[0] = -2 * y[0];
    }
  };

  /** Integrates to end; returns {steps, worst dense-output error at θ = 0.3, 0.5, 0.8 relative to atol + rtol·|y|}. */
  private static double[] integrate(Rodas5 r, double[] y0, double end, double rtol, double atol,
                                    java.util.function.DoubleFunction<double[]> exact) {
    r.start(0.0, y0);
    int steps = 0;
    double worst = 0;
    double[] at = new double[y0.length];
    while (r.currentTime() < end) {
      r.step(end);
      steps++;
      double t0 = r.previousTime();
      double t1 = r.currentTime();
      for (double theta : new double[] {0.3, 0.5, 0.8}) {
        double t = t0 + theta * (t1 - t0);
        r.interpolate(t, at);
        double[] e = exact.apply(t);
        for (int i = 0; i < at.length; i++) {
          worst = Math.max(worst, Math.abs(at[i] - e[i]) / (atol + rtol * Math.abs(e[i])));
        }
      }
    }
    return new double[] {steps, worst};
  }

  @Test
  void stiffLinearSystemMatchesTheMatrixExponential() {
    double rtol = 1e-10;
    double atol = 1e-14;
    Rodas5 r = new Rodas5(LINEAR, rtol, atol);
    double[] result = integrate(r, new double[] {2, 1}, 10.0, rtol, atol, Rodas5Test::linearExact);
    double[] y = r.state();
    double[] e = linearExact(10.0);
    assertEquals(10.0, r.currentTime(), 0.0);
    assertEquals(e[0], y[0], 1e-8 * Math.abs(e[0]), "slow component");
    assertEquals(e[1], y[1], 1e-12, "stiff component");
    // L-stable: the stiff mode does not limit the step. An explicit method is stable only for
    // h·|L2| below about 3.3 (Dormand–Prince), at least 10·10⁴/3.3 ≈ 30 000 steps to t = 10.
    assertTrue(result[0] < 3000, result[0] + " steps");
    assertTrue(result[1] < 100, "dense output error " + result[1] + " tolerances");
  }

  @Test
  void quadraticDecayIsFifthOrder() {
    double[] steps = new double[2];
    double[] rtols = {1e-5, 1e-10};
    for (int i = 0; i < 2; i++) {
      double rtol = rtols[i];
      Rodas5 r = new Rodas5(QUADRATIC, rtol, rtol * 1e-3);
      double[] result = integrate(r, new double[] {1.0}, 100.0, rtol, rtol * 1e-3, t -> new double[] {1 / (1 + t)});
      steps[i] = result[0];
      double exact = 1 / 101.0;
      assertEquals(exact, r.state()[0], 100 * rtol * exact, "endpoint at rtol " + rtol);
      assertTrue(result[1] < 100, "dense output error " + result[1] + " tolerances at rtol " + rtol);
    }
    double ratio = steps[1] / steps[0];
    // order p: steps ∝ tol^(−1/p), so 10^(5/p) over five decades: 10 for p = 5, 17.8 for p = 4
    assertTrue(ratio > 7 && ratio < 13, steps[0] + " → " + steps[1] + " steps: ratio " + ratio);
  }

  /**
   * One step of y' = −y² from y = 1 at h and h/2: the local error of an order-5 method falls like
   * h⁶ (ratio 64), that of the embedded order-4 solution (the error estimate) like h⁵, and the dense
   * output (order 4) at mid-step like h⁵ (ratio 32). One wrong coefficient in the fourth digit
   * drops the solution's order, which the adaptive tests above can hide.
   */
  @Test
  void oneStepErrorsFallAtTheirOrders() {
    double[][] errs = new double[2][3];
    double[] hs = {0.02, 0.01};
    double[] at = new double[1];
    for (int i = 0; i < 2; i++) {
      double h = hs[i];
      Rodas5 r = new Rodas5(QUADRATIC, 1.0, 1.0);
      r.start(0.0, new double[] {1.0});
      double estimate = r.fixedStep(h);
      r.interpolate(h / 2, at);
      errs[i][0] = Math.abs(r.state()[0] - 1 / (1 + h));
      errs[i][1] = estimate;
      errs[i][2] = Math.abs(at[0] - 1 / (1 + h / 2));
    }
    double solution = Math.log(errs[0][0] / errs[1][0]) / Math.log(2);
    double embedded = Math.log(errs[0][1] / errs[1][1]) / Math.log(2);
    double dense = Math.log(errs[0][2] / errs[1][2]) / Math.log(2);
    assertEquals(6.0, solution, 0.4, "local error of the solution: h^" + solution);
    assertEquals(5.0, embedded, 0.4, "error estimate: h^" + embedded);
    assertEquals(5.0, dense, 0.5, "dense output at mid-step: h^" + dense);
  }
}
