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

  /** Executor side: build the problem once, run each of the task's runs on it. */
  public static TaskOutput execute(Task task) {
    List<Row> runs = new ArrayList<>(task.runs().size());
    List<Row> traces = new ArrayList<>();
    List<String> statuses = new ArrayList<>(task.runs().size());
    Problem problem = null;
    GradientDescent gd = null;
    String buildError = null;
    try {
      problem = Problems.build(task.problem(), task.runs().get(0).settings().testSize());
      gd = new GradientDescent(problem);
    } catch (RuntimeException e) {
      log.error("task {}: building problem {} failed", task.index(), task.problem(), e);
      buildError = "building the problem failed: " + e;
    }
    for (RunSpec run : task.runs()) {
      long start = System.nanoTime();
      RunOutcome outcome = null;
      String error = buildError;
      if (gd != null) {
        try {
          FailureInjection.check(run.runId());
          outcome = gd.run(run);
        } catch (RuntimeException e) {
          log.error("run {} failed", run.runId(), e);
          error = e.toString();
        }
      }
      if (outcome == null) {
        runs.add(failedRow(run, problem, error, (System.nanoTime() - start) * 1e-9));
        statuses.add(Status.FAILED.name());
        continue;
      }
      runs.add(runRow(run, problem, outcome));
      statuses.add(outcome.status().name());
      Trace t = outcome.trace();
      for (int i = 0; i < t.size(); i++) {
        traces.add(RowFactory.create(run.runId(), run.problem().kind().configName(), run.problem().n(),
            t.iterations()[i], t.trainLoss()[i], t.testError()[i], t.nuclearNorm()[i]));
      }
    }
    Netlib.Implementation blas = Netlib.implementation();
    return new TaskOutput(task.index(), runs, traces, statuses, blas.summary(), blas.isNative(), hostName(),
        problem == null ? Double.NaN : problem.seconds());
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
