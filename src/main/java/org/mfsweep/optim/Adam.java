package org.mfsweep.optim;

import java.util.List;
import org.mfsweep.problem.BuiltProblem;
import org.mfsweep.spec.RunSpec;

/**
 * Adam ({@code adam}, Kingma and Ba 2015, Algorithm 1, with bias correction), elementwise on the
 * parameters θ (U, or x), settings β₁, β₂ ∈ [0, 1) and ε &gt; 0 (grid.beta1, grid.beta2,
 * grid.epsilon; defaults 0.9, 0.999, 1e-8): with g_t = ∇f(θ_{t−1}) and t = k + 1,
 * <pre>
 *   m_t = β₁·m_{t−1} + (1 − β₁)·g_t,        v_t = β₂·v_{t−1} + (1 − β₂)·g_t²,     m₀ = v₀ = 0,
 *   m̂_t = m_t / (1 − β₁ᵗ),  v̂_t = v_t / (1 − β₂ᵗ),   θ_t = θ_{t−1} − η·m̂_t / (√v̂_t + ε).
 * </pre>
 * Batched like gd.
 */
public final class Adam extends BatchedSolver {
  public static final Optimizer OPTIMIZER = new Optimizer() {
    @Override public String name() {
      return "adam";
    }

    @Override public boolean usesStepSize() {
      return true;
    }

    @Override public List<SettingDeclaration> settings() {
      return List.of(
          SettingDeclaration.real("grid.beta1", "beta1", 0, false, 1, true, true, "Adam's β₁, 0 ≤ β₁ < 1"),
          SettingDeclaration.real("grid.beta2", "beta2", 0, false, 1, true, true, "Adam's β₂, 0 ≤ β₂ < 1"),
          SettingDeclaration.real("grid.epsilon", "epsilon", 0, true, Double.POSITIVE_INFINITY, true, true,
              "Adam's ε > 0"));
    }

    @Override public int batchCapacity(RunSpec run) {
      return BatchedSolver.capacity(run, DEFAULT_MAX_BATCH);
    }

    @Override public Solver solver(BuiltProblem problem, double[] reference) {
      Adam a = new Adam(problem, DEFAULT_MAX_BATCH);
      a.reference(reference);
      return a;
    }
  };

  private double[] ones = new double[0];

  public Adam(BuiltProblem problem, int maxBatch) {
    super(problem, maxBatch, 2, 4);
  }

  @Override protected void prepare(RunSpec run, int slot) {
    parameter(0)[slot] = run.eta();
    parameter(1)[slot] = run.optimizer().real("beta1");
    parameter(2)[slot] = run.optimizer().real("beta2");
    parameter(3)[slot] = run.optimizer().real("epsilon");
  }

  @Override protected void advance(int count, int k) {
    if (ones.length < count) {
      ones = new double[loss().length];
      java.util.Arrays.fill(ones, 1.0);
    }
    double[] g = next();
    objective().gradient(count, theta(), ones, g);
    double[] m1 = state(0);
    double[] m2 = state(1);
    double[] u = theta();
    int t = k + 1;
    int dim = dimension();
    for (int s = 0; s < count; s++) {
      double eta = parameter(0)[s];
      double b1 = parameter(1)[s];
      double b2 = parameter(2)[s];
      double eps = parameter(3)[s];
      double c1 = 1 - Math.pow(b1, t);
      double c2 = 1 - Math.pow(b2, t);
      for (int i = s * dim; i < (s + 1) * dim; i++) {
        double gi = g[i];
        m1[i] = b1 * m1[i] + (1 - b1) * gi;
        m2[i] = b2 * m2[i] + (1 - b2) * gi * gi;
        double mHat = m1[i] / c1;
        double vHat = m2[i] / c2;
        u[i] -= eta * mHat / (Math.sqrt(vHat) + eps);
      }
    }
  }
}
