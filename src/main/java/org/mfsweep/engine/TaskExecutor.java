package org.mfsweep.engine;

import java.io.IOException;
import java.io.Serializable;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.mfsweep.linalg.Netlib;
import org.mfsweep.optim.GradientDescent;
import org.mfsweep.optim.GradientFlow;
import org.mfsweep.optim.LeastSquaresDescent;
import org.mfsweep.optim.RunOutcome;
import org.mfsweep.optim.Status;
import org.mfsweep.optim.Trace;
import org.mfsweep.problem.Problem;
import org.mfsweep.problem.Problems;
import org.mfsweep.problem.VectorProblem;
import org.mfsweep.sweep.Kind;
import org.mfsweep.sweep.ObservedData;
import org.mfsweep.sweep.Optimizer;
import org.mfsweep.sweep.ProblemSpec;
import org.mfsweep.sweep.RunSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Executor side of a sweep: one {@link Task} in, its rows out. No Spark context is used here. */
public final class TaskExecutor {
  private static final Logger log = LoggerFactory.getLogger(TaskExecutor.class);

  private TaskExecutor() {}

  /**
   * A problem's reference as the runs need it.
   *
   * @param x X_ref (n × n column-major) for matrix kinds, x_ref for least-squares
   * @param norm the reference's norm (the ref_norm column)
   */
  public record Reference(double[] x, double norm) implements Serializable {}

  /** A task on a generated problem without a reference. */
  public static TaskOutput execute(Task task) {
    return execute(task, null, null);
  }

  /**
   * Builds the problem once (from data when given), then runs the task's runs: gradient descent in
   * batches of one width ({@link GradientDescent#batches}), gradient flow and least squares one by
   * one. A run that throws becomes a FAILED row and the others land: when a batch throws, its runs
   * are run again one by one, so that only the culprit fails.
   *
   * @param reference the problem's reference, or null
   * @param data the observations of a data-file problem, or null for a generated one
   */
  public static TaskOutput execute(Task task, Reference reference, ObservedData data) {
    List<RunSpec> specs = task.runs();
    RunOutcome[] outcomes = new RunOutcome[specs.size()];
    String[] errors = new String[specs.size()];
    double[] failedSeconds = new double[specs.size()];
    double[] refX = reference == null ? null : reference.x();
    Problem problem = null;
    VectorProblem vector = null;
    double buildSeconds = Double.NaN;
    try {
      ProblemSpec spec = task.problem();
      int testSize = specs.get(0).settings().testSize();
      if (spec.kind() == Kind.LEAST_SQUARES) {
        vector = Problems.buildVector(spec, testSize);
        buildSeconds = vector.seconds();
      } else {
        problem = data != null ? Problems.build(spec, data) : Problems.build(spec, testSize);
        buildSeconds = problem.seconds();
      }
    } catch (RuntimeException e) {
      log.error("task {}: building problem {} failed", task.index(), task.problem(), e);
      java.util.Arrays.fill(errors, "building the problem failed: " + e);
    }
    if (vector != null) {
      LeastSquaresDescent ls = new LeastSquaresDescent(vector);
      ls.reference(refX);
      for (int i = 0; i < specs.size(); i++) {
        runOne(specs.get(i), ls::run, i, outcomes, errors, failedSeconds);
      }
    } else if (problem != null) {
      List<RunSpec> gdRuns = new ArrayList<>();
      List<Integer> gdIndex = new ArrayList<>();
      GradientFlow flow = null;
      for (int i = 0; i < specs.size(); i++) {
        if (specs.get(i).optimizer() == Optimizer.FLOW) {
          if (flow == null) {
            flow = new GradientFlow(problem);
            flow.reference(refX);
          }
          runOne(specs.get(i), flow::run, i, outcomes, errors, failedSeconds);
        } else {
          gdRuns.add(specs.get(i));
          gdIndex.add(i);
        }
      }
      if (!gdRuns.isEmpty()) {
        GradientDescent gd = new GradientDescent(problem);
        gd.reference(refX);
        for (List<Integer> batch : gd.batches(gdRuns)) {
          List<Integer> indices = new ArrayList<>(batch.size());
          for (int b : batch) {
            indices.add(gdIndex.get(b));
          }
          runBatch(task, gd, specs, indices, outcomes, errors, failedSeconds);
        }
      }
    }

    List<Row> runs = new ArrayList<>(specs.size());
    List<Row> traces = new ArrayList<>();
    List<String> statuses = new ArrayList<>(specs.size());
    Double truthNorm = problem != null && problem.truth() != null ? (Double) problem.truthNuclearNorm() : null;
    Double refNorm = reference == null ? null : reference.norm();
    boolean matrix = task.problem().kind().factored();
    for (int i = 0; i < specs.size(); i++) {
      RunSpec run = specs.get(i);
      RunOutcome o = outcomes[i];
      if (o == null) {
        runs.add(row(run, Status.FAILED.name(), 0, null, null, null, null, truthNorm, null, null, refNorm, null,
            failedSeconds[i], errors[i]));
        statuses.add(Status.FAILED.name());
        continue;
      }
      runs.add(row(run, o.status().name(), o.iterations(), o.time(), o.trainLoss(), o.testError(),
          matrix ? o.nuclearNorm() : null, truthNorm, task.problem().fromData() ? null : (Double) o.errTruth(),
          refX == null ? null : (Double) o.errRef(), refNorm, matrix ? o.effectiveRank() : null, o.seconds(), null));
      statuses.add(o.status().name());
      Trace t = o.trace();
      for (int k = 0; k < t.size(); k++) {
        traces.add(RowFactory.create(run.runId(), run.problem().kind().configName(), run.problem().n(),
            t.iterations()[k], t.time()[k], t.trainLoss()[k], t.testError()[k],
            matrix ? (Double) t.nuclearNorm()[k] : null, refX == null ? null : (Double) t.errRef()[k]));
      }
    }
    Netlib.Implementation blas = Netlib.implementation();
    return new TaskOutput(task.index(), runs, traces, statuses, blas.summary(), blas.isNative(), hostName(),
        buildSeconds);
  }

  private interface Solver {
    RunOutcome run(RunSpec run);
  }

  /** Runs one run alone; records its error if it throws. */
  private static void runOne(RunSpec run, Solver solver, int i, RunOutcome[] outcomes, String[] errors,
                             double[] failedSeconds) {
    long start = System.nanoTime();
    try {
      FailureInjection.check(run.runId());
      outcomes[i] = solver.run(run);
    } catch (RuntimeException e) {
      log.error("run {} failed", run.runId(), e);
      errors[i] = e.toString();
      failedSeconds[i] = (System.nanoTime() - start) * 1e-9;
    }
  }

  /** Steps one batch together; if it throws, runs its runs one by one and records who failed. */
  private static void runBatch(Task task, GradientDescent gd, List<RunSpec> specs, List<Integer> batch,
                               RunOutcome[] outcomes, String[] errors, double[] failedSeconds) {
    List<RunSpec> together = new ArrayList<>(batch.size());
    for (int i : batch) {
      together.add(specs.get(i));
    }
    long started = System.nanoTime();
    try {
      for (RunSpec r : together) {
        FailureInjection.check(r.runId());
      }
      List<RunOutcome> done = gd.runBatch(together);
      for (int t = 0; t < batch.size(); t++) {
        outcomes[batch.get(t)] = done.get(t);
      }
      return;
    } catch (RuntimeException e) {
      if (batch.size() > 1) {
        log.warn("task {}: a batch of {} runs failed ({}); running them one by one", task.index(), batch.size(),
            e.toString());
      } else {
        log.error("run {} failed", together.get(0).runId(), e);
        errors[batch.get(0)] = e.toString();
        failedSeconds[batch.get(0)] = (System.nanoTime() - started) * 1e-9;
        return;
      }
    }
    for (int i : batch) {
      runOne(specs.get(i), gd::run, i, outcomes, errors, failedSeconds);
    }
  }

  /** A runs row, columns in {@link org.mfsweep.results.Tables#RUNS_SCHEMA} order; null: not applicable. */
  private static Row row(RunSpec run, String status, int iterations, Double time, Double trainLoss, Double testError,
                         Double nuclearNorm, Double truthNuclearNorm, Double errTruth, Double errRef, Double refNorm,
                         Double effectiveRank, double seconds, String error) {
    ProblemSpec p = run.problem();
    return RowFactory.create(run.runId(), p.id(), p.kind().configName(), p.n(), p.m(), p.rank(), run.width(),
        run.init().configName(), run.alpha(), run.eta(), p.seed(), p.sampling().configName(),
        p.sampling() == org.mfsweep.sweep.Sampling.POWER_LAW ? (Double) p.exponent() : null,
        p.pattern() >= 0 ? (Long) p.pattern() : null, p.data(), run.optimizer().configName(),
        run.settings().maxIterations(), run.settings().tolerance(), status, iterations, time, trainLoss, testError,
        nuclearNorm, truthNuclearNorm, errTruth, errRef, refNorm, effectiveRank, seconds, error);
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
