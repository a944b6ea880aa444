package org.mfsweep.optim;

import java.util.Arrays;
import org.mfsweep.spec.Trace;

/** Collects a run's trace points into preallocated arrays; {@link #build} trims them into a {@link Trace}. */
final class TraceBuilder {
  private final int[] iterations;
  private final double[] time;
  private final double[] trainLoss;
  private final double[] testError;
  private final double[] nuclearNorm;
  private final double[] errRef;
  private final double[][] singularValues;
  private boolean spectrum;
  private int count;

  /** @param capacity most points: the schedule's, plus one for the end */
  TraceBuilder(int capacity) {
    iterations = new int[capacity];
    time = new double[capacity];
    trainLoss = new double[capacity];
    testError = new double[capacity];
    nuclearNorm = new double[capacity];
    errRef = new double[capacity];
    singularValues = new double[capacity][];
  }

  void add(int iteration, double t, double loss, double test, double nuclear, double ref) {
    add(iteration, t, loss, test, nuclear, ref, null);
  }

  /** @param sv the top singular values of X at this point, largest first, or null */
  void add(int iteration, double t, double loss, double test, double nuclear, double ref, double[] sv) {
    singularValues[count] = sv;
    spectrum |= sv != null;
    iterations[count] = iteration;
    time[count] = t;
    trainLoss[count] = loss;
    testError[count] = test;
    nuclearNorm[count] = nuclear;
    errRef[count] = ref;
    count++;
  }

  /** Whether the last point added is at this iteration (gd) or time (flow); false when empty. */
  boolean endsAt(int iteration, double t) {
    return count > 0 && iterations[count - 1] == iteration && time[count - 1] == t;
  }

  Trace build() {
    return new Trace(Arrays.copyOf(iterations, count), Arrays.copyOf(time, count), Arrays.copyOf(trainLoss, count),
        Arrays.copyOf(testError, count), Arrays.copyOf(nuclearNorm, count), Arrays.copyOf(errRef, count),
        spectrum ? Arrays.copyOf(singularValues, count) : null);
  }
}
