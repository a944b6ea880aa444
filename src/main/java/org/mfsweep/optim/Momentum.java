package org.mfsweep.optim;

import java.util.List;
import org.mfsweep.problem.BuiltProblem;
import org.mfsweep.spec.RunSpec;

/**
 * Heavy-ball momentum ({@code momentum}, Polyak 1964), setting β ∈ [0, 1) (grid.beta):
 * <pre>  V₀ = 0,   V_{k+1} = β·V_k − η·∇f(U_k),   U_{k+1} = U_k + V_{k+1}.</pre>
 * β = 0 is gradient descent. Batched like gd.
 */
public final class Momentum extends BatchedSolver {
  static final SettingDeclaration BETA = SettingDeclaration.real("grid.beta", "beta", 0, false, 1, true, true,
      "momentum of momentum and nesterov, 0 ≤ β < 1");

  public static final Optimizer OPTIMIZER = new Optimizer() {
    @Override public String name() {
      return "momentum";
    }

    @Override public boolean usesStepSize() {
      return true;
    }

    @Override public List<SettingDeclaration> settings() {
      return List.of(BETA);
    }

    @Override public int batchCapacity(RunSpec run) {
      return BatchedSolver.capacity(run, DEFAULT_MAX_BATCH);
    }

    @Override public Solver solver(BuiltProblem problem, double[] reference) {
      Momentum m = new Momentum(problem, DEFAULT_MAX_BATCH);
      m.reference(reference);
      return m;
    }
  };

  public Momentum(BuiltProblem problem, int maxBatch) {
    super(problem, maxBatch, 1, 2);
  }

  @Override protected void prepare(RunSpec run, int slot) {
    parameter(0)[slot] = -run.eta();
    parameter(1)[slot] = run.optimizer().real("beta");
  }

  /** g_s = −η∇f(U_s); V_s ← β V_s + g_s; U_s ← U_s + V_s. */
  @Override protected void advance(int count, int k) {
    double[] g = next();
    objective().gradient(count, theta(), parameter(0), g);
    double[] v = state(0);
    double[] u = theta();
    double[] beta = parameter(1);
    int dim = dimension();
    for (int s = 0; s < count; s++) {
      double b = beta[s];
      for (int t = s * dim; t < (s + 1) * dim; t++) {
        v[t] = b * v[t] + g[t];
        u[t] += v[t];
      }
    }
  }
}
