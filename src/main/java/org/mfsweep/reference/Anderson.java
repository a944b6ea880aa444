package org.mfsweep.reference;

import org.mfsweep.linalg.Netlib;
import org.netlib.util.intW;

/**
 * Safeguarded type-II Anderson acceleration of a fixed-point iteration v ← T(v) (Walker and Ni
 * 2011; the safeguard as in Zhang, O'Donoghue and Boyd 2020): with fₖ = T(vₖ) − vₖ and the last
 * `memory` differences ΔF of f and ΔG of T,
 * <pre>  γ = argmin ‖fₖ − ΔF γ‖,   vₖ₊₁ = T(vₖ) − ΔG γ,</pre>
 * an extrapolated point whose residual ‖f‖ grew by more than {@link #SAFEGUARD} is replaced by
 * the plain step from the point before, with the history cleared, and an extrapolation longer
 * than {@link #MAX_EXTRAPOLATION} is not taken. Owns its buffers; allocates nothing per step.
 */
final class Anderson {
  /** Largest growth of ‖f‖ accepted at an extrapolated point. */
  static final double SAFEGUARD = 1.0;
  /**
   * Largest distance from the plain step T(vₖ) to the extrapolated point, in units of ‖fₖ‖; a
   * longer extrapolation is dropped for the plain step. A nearly singular ΔF otherwise throws v
   * far along a direction where T is almost the identity (seen: 10¹² ‖f‖ along a dual ray of a
   * diagonal problem), a point the safeguard accepts and plain steps take ages to leave.
   */
  static final double MAX_EXTRAPOLATION = 100;
  /** Tikhonov term of the least-squares problem, relative to the trace of ΔFᵀΔF. */
  static final double REGULARIZATION = 1e-10;

  private final int size;
  private final int memory;
  private final double[] dF;
  private final double[] dG;
  private final double[] f;
  private final double[] previousF;
  private final double[] previousG;
  private final double[] gram;
  private final double[] gamma;
  private final intW info = new intW(0);
  private int count;
  private int next;
  private boolean hasPrevious;
  private boolean extrapolated;
  private double previousNorm;
  private int rejected;
  private int capped;

  Anderson(int size, int memory) {
    this.size = size;
    this.memory = memory;
    this.dF = new double[memory == 0 ? 0 : Math.multiplyExact(size, memory)];
    this.dG = new double[dF.length];
    this.f = new double[memory == 0 ? 0 : size];
    this.previousF = new double[f.length];
    this.previousG = new double[f.length];
    this.gram = new double[memory * memory];
    this.gamma = new double[memory];
  }

  void reset() {
    count = 0;
    next = 0;
    hasPrevious = false;
    extrapolated = false;
  }

  /** v ← the next point, given g = T(v). g is not modified. */
  void next(double[] v, double[] g) {
    if (memory == 0) {
      System.arraycopy(g, 0, v, 0, size);
      return;
    }
    double norm2 = 0;
    for (int t = 0; t < size; t++) {
      f[t] = g[t] - v[t];
      norm2 += f[t] * f[t];
    }
    double norm = Math.sqrt(norm2);
    if (extrapolated && norm > SAFEGUARD * previousNorm) {
      System.arraycopy(previousG, 0, v, 0, size);
      reset();
      rejected++;
      return;
    }
    if (hasPrevious) {
      int base = next * size;
      for (int t = 0; t < size; t++) {
        dF[base + t] = f[t] - previousF[t];
        dG[base + t] = g[t] - previousG[t];
      }
      next = (next + 1) % memory;
      count = Math.min(count + 1, memory);
    }
    System.arraycopy(f, 0, previousF, 0, size);
    System.arraycopy(g, 0, previousG, 0, size);
    previousNorm = norm;
    hasPrevious = true;
    System.arraycopy(g, 0, v, 0, size);
    extrapolated = false;
    if (count == 0) {
      return;
    }
    Netlib.blas.dsyrk("U", "T", count, size, 1.0, dF, size, 0.0, gram, count);
    double trace = 0;
    for (int k = 0; k < count; k++) {
      trace += gram[k + k * count];
    }
    if (!(trace > 0)) {
      reset();
      return;
    }
    for (int k = 0; k < count; k++) {
      gram[k + k * count] += REGULARIZATION * trace;
    }
    Netlib.blas.dgemv("T", size, count, 1.0, dF, size, f, 1, 0.0, gamma, 1);
    Netlib.lapack.dposv("U", count, 1, gram, count, gamma, count, info);
    if (info.val != 0) {
      reset();
      return;
    }
    Netlib.blas.dgemv("N", size, count, -1.0, dG, size, gamma, 1, 1.0, v, 1);
    double move2 = 0;
    for (int t = 0; t < size; t++) {
      move2 += (v[t] - g[t]) * (v[t] - g[t]);
    }
    if (Math.sqrt(move2) > MAX_EXTRAPOLATION * norm) {
      System.arraycopy(g, 0, v, 0, size);
      capped++;
      return;
    }
    extrapolated = true;
  }

  @Override public String toString() {
    return "memory " + memory + ", " + count + " stored, " + rejected + " rejected, " + capped + " capped";
  }
}
