package org.mfsweep.engine;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.mfsweep.linalg.Netlib;
import org.mfsweep.optim.GradientDescent;
import org.mfsweep.optim.RunOutcome;
import org.mfsweep.optim.Status;
import org.mfsweep.optim.Trace;
import org.mfsweep.problem.Problem;
import org.mfsweep.problem.Problems;
import org.mfsweep.sweep.ProblemSpec;
import org.mfsweep.sweep.RunSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Executor side of a sweep: one {@link Task} in, its rows out. No Spark context is used here. */
public final class TaskExecutor {
  private static final Logger log = LoggerFactory.getLogger(TaskExecutor.class);

  private TaskExecutor() {}

  /**
   * Executor side: build the problem once, then step the task's runs in batches of one width
   * ({@link GradientDescent#batches}). A run that throws becomes a FAILED row and the others land:
   * when a batch throws, its runs are run again one by one, so that only the culprit fails.
   */
  public static TaskOutput execute(Task task) {
    List<RunSpec> specs = task.runs();
    List<Row> runs = new ArrayList<>(specs.size());
    List<Row> traces = new ArrayList<>();
    List<String> statuses = new ArrayList<>(specs.size());
    Problem problem = null;
    GradientDescent gd = null;
    String buildError = null;
    try {
      problem = Problems.build(task.problem(), specs.get(0).settings().testSize());
      gd = new GradientDescent(problem);
    } catch (RuntimeException e) {
      log.error("task {}: building problem {} failed", task.index(), task.problem(), e);
      buildError = "building the problem failed: " + e;
    }
    RunOutcome[] outcomes = new RunOutcome[specs.size()];
    String[] errors = new String[specs.size()];
    double[] failedSeconds = new double[specs.size()];
    if (gd == null) {
      java.util.Arrays.fill(errors, buildError);
    } else {
      for (List<Integer> batch : gd.batches(specs)) {
        runBatch(task, gd, specs, batch, outcomes, errors, failedSeconds);
      }
    }
    for (int i = 0; i < specs.size(); i++) {
      RunSpec run = specs.get(i);
      RunOutcome outcome = outcomes[i];
      if (outcome == null) {
        runs.add(failedRow(run, problem, errors[i], failedSeconds[i]));
        statuses.add(Status.FAILED.name());
        continue;
      }
      runs.add(runRow(run, problem, outcome));
      statuses.add(outcome.status().name());
      Trace t = outcome.trace();
      for (int k = 0; k < t.size(); k++) {
        traces.add(RowFactory.create(run.runId(), run.problem().kind().configName(), run.problem().n(),
            t.iterations()[k], t.trainLoss()[k], t.testError()[k], t.nuclearNorm()[k]));
      }
    }
    Netlib.Implementation blas = Netlib.implementation();
    return new TaskOutput(task.index(), runs, traces, statuses, blas.summary(), blas.isNative(), hostName(),
        problem == null ? Double.NaN : problem.seconds());
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
      long start = System.nanoTime();
      try {
        FailureInjection.check(specs.get(i).runId());
        outcomes[i] = gd.run(specs.get(i));
      } catch (RuntimeException e) {
        log.error("run {} failed", specs.get(i).runId(), e);
        errors[i] = e.toString();
        failedSeconds[i] = (System.nanoTime() - start) * 1e-9;
      }
    }
  }

  private static Row runRow(RunSpec run, Problem problem, RunOutcome o) {
    return row(run, o.status().name(), o.iterations(), o.trainLoss(), o.testError(), o.nuclearNorm(),
        problem.truthNuclearNorm(), o.errTruth(), o.effectiveRank(), o.seconds(), null);
  }

  private static Row failedRow(RunSpec run, Problem problem, String error, double seconds) {
    return row(run, Status.FAILED.name(), 0, null, null, null, problem == null ? null : problem.truthNuclearNorm(),
        null, null, seconds, error);
  }

  private static Row row(RunSpec run, String status, int iterations, Double trainLoss, Double testError,
                         Double nuclearNorm, Double truthNuclearNorm, Double errTruth, Double effectiveRank,
                         double seconds, String error) {
    ProblemSpec p = run.problem();
    return RowFactory.create(run.runId(), p.id(), p.kind().configName(), p.n(), p.m(), p.rank(), run.width(),
        run.init().configName(), run.alpha(), run.eta(), p.seed(), "gd", run.settings().maxIterations(),
        run.settings().tolerance(), status, iterations, trainLoss, testError, nuclearNorm, truthNuclearNorm,
        errTruth, effectiveRank, seconds, error);
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
