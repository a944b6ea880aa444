package org.mfsweep.optim;

import java.util.List;
import org.mfsweep.problem.BuiltProblem;
import org.mfsweep.spec.RunSpec;

/**
 * Gradient descent ({@code gd}):
 * <pre>  θ_{k+1} = θ_k − η·∇f(θ_k),   θ₀ = the run's start,</pre>
 * on the problem's objective: for X = UUᵀ, U_{k+1} = U_k − (η/m)·A*(r_k)·U_k with
 * f(U) = (1/4m)·‖A(UUᵀ) − y‖² from U₀ = α·U_init; for least squares x_{k+1} = x_k − (η/m)·Aᵀ(Ax_k − y)
 * from x₀ = α·1. Runs on one problem with one width step together ({@link BatchedSolver}).
 */
public final class GradientDescent extends BatchedSolver {
  public static final Optimizer OPTIMIZER = new Optimizer() {
    @Override public String name() {
      return "gd";
    }

    @Override public boolean usesStepSize() {
      return true;
    }

    @Override public List<SettingDeclaration> settings() {
      return List.of();
    }

    @Override public int batchCapacity(RunSpec run) {
      return BatchedSolver.capacity(run, DEFAULT_MAX_BATCH);
    }

    @Override public Solver solver(BuiltProblem problem, double[] reference) {
      GradientDescent gd = new GradientDescent(problem);
      gd.reference(reference);
      return gd;
    }
  };

  public GradientDescent(BuiltProblem problem) {
    this(problem, DEFAULT_MAX_BATCH);
  }

  /** @param maxBatch most runs stepped together (≥ 1); 1 steps every run alone */
  public GradientDescent(BuiltProblem problem, int maxBatch) {
    super(problem, maxBatch, 0, 1);
  }

  @Override protected void prepare(RunSpec run, int slot) {
    parameter(0)[slot] = -run.eta();
  }

  @Override protected void advance(int count, int k) {
    objective().step(count, theta(), parameter(0), next());
    swap();
  }
}
