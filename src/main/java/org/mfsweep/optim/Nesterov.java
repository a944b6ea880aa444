package org.mfsweep.optim;

import java.util.List;
import org.mfsweep.problem.BuiltProblem;
import org.mfsweep.spec.RunSpec;

/**
 * Nesterov's accelerated gradient ({@code nesterov}, in the form of Sutskever et al. 2013), setting
 * β ∈ [0, 1) (grid.beta):
 * <pre>  V₀ = 0,   V_{k+1} = β·V_k − η·∇f(U_k + β·V_k),   U_{k+1} = U_k + V_{k+1}.</pre>
 * Each update evaluates the loss twice: at the look-ahead point U_k + β·V_k for the gradient, and at
 * U_{k+1} for the stopping rule and traces. Batched like gd.
 */
public final class Nesterov extends BatchedSolver {
  public static final Optimizer OPTIMIZER = new Optimizer() {
    @Override public String name() {
      return "nesterov";
    }

    @Override public boolean usesStepSize() {
      return true;
    }

    @Override public List<SettingDeclaration> settings() {
      return List.of(Momentum.BETA);
    }

    /** A second evaluation of A(UUᵀ) per update: about 1.5 gradient steps. */
    @Override public double iterationFlops(RunSpec run, double stepFlops) {
      return 1.5 * stepFlops;
    }

    @Override public int batchCapacity(RunSpec run) {
      return BatchedSolver.capacity(run, DEFAULT_MAX_BATCH);
    }

    @Override public Solver solver(BuiltProblem problem, double[] reference) {
      Nesterov n = new Nesterov(problem, DEFAULT_MAX_BATCH);
      n.reference(reference);
      return n;
    }
  };

  private double[] lookahead = new double[0];
  private double[] lookaheadLoss = new double[0];

  public Nesterov(BuiltProblem problem, int maxBatch) {
    super(problem, maxBatch, 1, 2);
  }

  @Override protected void prepare(RunSpec run, int slot) {
    parameter(0)[slot] = -run.eta();
    parameter(1)[slot] = run.optimizer().real("beta");
  }

  /** W_s = U_s + βV_s; g_s = −η∇f(W_s); V_s ← βV_s + g_s; U_s ← U_s + V_s. */
  @Override protected void advance(int count, int k) {
    int dim = dimension();
    if (lookahead.length < theta().length) {
      lookahead = new double[theta().length];
      lookaheadLoss = new double[loss().length];
    }
    double[] v = state(0);
    double[] u = theta();
    double[] beta = parameter(1);
    for (int s = 0; s < count; s++) {
      double b = beta[s];
      for (int t = s * dim; t < (s + 1) * dim; t++) {
        lookahead[t] = u[t] + b * v[t];
      }
    }
    objective().evaluate(count, lookahead, lookaheadLoss);
    double[] g = next();
    objective().gradient(count, lookahead, parameter(0), g);
    for (int s = 0; s < count; s++) {
      double b = beta[s];
      for (int t = s * dim; t < (s + 1) * dim; t++) {
        v[t] = b * v[t] + g[t];
        u[t] += v[t];
      }
    }
  }
}
