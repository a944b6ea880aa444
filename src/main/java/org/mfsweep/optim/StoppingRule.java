package org.mfsweep.optim;

import org.mfsweep.spec.RunSettings;
import org.mfsweep.spec.Status;

/**
 * The one stopping rule of every optimizer, in order of precedence: DIVERGED when f is not finite
 * or exceeds divergence-factor·f(θ₀); CONVERGED when f ≤ tolerance; MAX_ITERATIONS after
 * max-iterations updates (integrator steps for flow). {@link #judge} returns null to go on.
 */
public final class StoppingRule {
  private final RunSettings settings;
  private final double limit;

  /** @param startLoss f(θ₀), which fixes the divergence limit */
  public StoppingRule(RunSettings settings, double startLoss) {
    this.settings = settings;
    this.limit = settings.divergenceFactor() * startLoss;
  }

  /** Whether f = loss counts as diverged: not finite, or above divergence-factor·f(θ₀). */
  public boolean diverged(double loss) {
    return !Double.isFinite(loss) || loss > limit;
  }

  public boolean converged(double loss) {
    return loss <= settings.tolerance();
  }

  /** divergence-factor·f(θ₀). */
  public double limit() {
    return limit;
  }

  /** The status after k updates with f = loss, or null to go on. */
  public Status judge(double loss, int k) {
    if (diverged(loss)) {
      return Status.DIVERGED;
    }
    if (converged(loss)) {
      return Status.CONVERGED;
    }
    return k >= settings.maxIterations() ? Status.MAX_ITERATIONS : null;
  }
}
