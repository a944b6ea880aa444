package org.mfsweep.engine;

import java.io.IOException;
import java.io.Serializable;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mfsweep.linalg.Netlib;
import org.mfsweep.linalg.Packed;
import org.mfsweep.optim.Optimizers;
import org.mfsweep.optim.Solver;
import org.mfsweep.problem.BuiltProblem;
import org.mfsweep.problem.Kinds;
import org.mfsweep.problem.GeneralProblem;
import org.mfsweep.problem.Problem;
import org.mfsweep.problem.ProblemKind;
import org.mfsweep.problem.VectorProblem;
import org.mfsweep.results.RunsTable;
import org.mfsweep.results.TracesTable;
import org.mfsweep.spec.ObservedData;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.spec.RunOutcome;
import org.mfsweep.spec.RunSpec;
import org.mfsweep.spec.Status;
import org.mfsweep.spec.Trace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Executor side of a sweep: one {@link Task} in, its rows out. No Spark context is used here. */
public final class TaskExecutor {
  private static final Logger log = LoggerFactory.getLogger(TaskExecutor.class);

  private TaskExecutor() {}

  /**
   * A problem's reference as the runs need it.
   *
   * @param x X_ref (n × n column-major) for matrix kinds, x_ref for least-squares; null when the solve failed
   * @param norm the reference's norm (the ref_norm column)
   * @param status the solve's ref_status; only a CONVERGED (certified) reference gives err_ref and ref_norm
   */
  public record Reference(double[] x, double norm, String status) implements Serializable {
    /** Whether the certificate held at the sweep's reference tolerance. */
    public boolean certified() {
      return "CONVERGED".equals(status) && x != null;
    }
  }

  /** A task on a generated problem without a reference. */
  public static TaskOutput execute(Task task) {
    return execute(task, null, null);
  }

  /**
   * Takes the problem from this JVM's {@link ProblemCache} (building it, from data when given, if
   * no task of this JVM built it before), then runs the task's runs, optimizer by
   * optimizer in the batches each optimizer's solver forms (gradient descent and its relatives
   * batch the runs of one width; flow and sgd run one by one). A run that throws becomes a FAILED
   * row and the others land: when a batch throws, its runs are run again one by one, so that only
   * the culprit fails.
   *
   * @param reference the problem's reference, or null
   * @param data the observations of a data-file problem, or null for a generated one
   */
  public static TaskOutput execute(Task task, Reference reference, ObservedData data) {
    List<RunSpec> specs = task.runs();
    RunOutcome[] outcomes = new RunOutcome[specs.size()];
    String[] errors = new String[specs.size()];
    double[] failedSeconds = new double[specs.size()];
    // an uncertified reference is no reference: its err_ref and ref_norm stay null, ref_status says why
    double[] refX = reference != null && reference.certified() ? reference.x() : null;
    String refStatus = reference == null ? "OFF" : reference.status();
    ProblemSpec spec = task.problem();
    ProblemKind kind = Kinds.of(spec.kind());
    BuiltProblem built = null;
    double buildSeconds = Double.NaN;
    boolean reused = false;
    try {
      int testSize = specs.get(0).settings().testSize();
      ProblemCache.Lookup got = ProblemCache.shared().get(spec, testSize, data);
      built = got.problem();
      reused = !got.built();
      buildSeconds = got.seconds();
      log.debug("task {}: problem {} {}", task.index(), spec.id(), reused ? "reused" : "built");
    } catch (RuntimeException e) {
      log.error("task {}: building problem {} failed", task.index(), task.problem(), e);
      java.util.Arrays.fill(errors, "building the problem failed: " + e);
    }
    if (built != null) {
      Map<String, List<Integer>> byOptimizer = new LinkedHashMap<>();
      for (int i = 0; i < specs.size(); i++) {
        byOptimizer.computeIfAbsent(specs.get(i).optimizer().name(), o -> new ArrayList<>()).add(i);
      }
      for (Map.Entry<String, List<Integer>> e : byOptimizer.entrySet()) {
        List<Integer> indices = e.getValue();
        Solver solver;
        try {
          solver = Optimizers.of(e.getKey()).solver(built, refX);
        } catch (RuntimeException ex) {
          log.error("task {}: optimizer {} cannot start", task.index(), e.getKey(), ex);
          for (int i : indices) {
            errors[i] = ex.toString();
          }
          continue;
        }
        List<RunSpec> group = new ArrayList<>(indices.size());
        for (int i : indices) {
          group.add(specs.get(i));
        }
        for (List<Integer> batch : batches(solver, group)) {
          List<Integer> mapped = new ArrayList<>(batch.size());
          for (int b : batch) {
            mapped.add(indices.get(b));
          }
          runBatch(task, solver, specs, mapped, outcomes, errors, failedSeconds);
        }
      }
    }

    List<Row> runs = new ArrayList<>(specs.size());
    List<Row> traces = new ArrayList<>();
    List<String> statuses = new ArrayList<>(specs.size());
    Double truthNorm = built instanceof Problem p && p.truth() != null ? (Double) p.truthNuclearNorm()
        : built instanceof GeneralProblem g && g.truth() != null ? (Double) g.truthNuclearNorm() : null;
    Double refNorm = refX == null ? null : reference.norm();
    boolean testSet = built instanceof Problem p ? p.test().m() > 0
        : built instanceof GeneralProblem g ? g.test().m() > 0
        : built instanceof VectorProblem v && v.testSize() > 0;
    boolean matrix = kind.matrix();
    for (int i = 0; i < specs.size(); i++) {
      RunSpec run = specs.get(i);
      RunOutcome o = outcomes[i];
      double[] x = o == null || Math.max(spec.n(), spec.cols()) > run.settings().keepX() ? null
          : o.x() != null ? o.x() : matrix ? Packed.gram(spec.n(), run.width(), o.factor()) : o.factor();
      runs.add(RunsTable.TABLE.row(new RunsTable.Source(run, o, errors[i], failedSeconds[i], matrix, truthNorm,
          refNorm, refX != null, refStatus, testSet, x)));
      statuses.add(o == null ? Status.FAILED.name() : o.status().name());
      if (o != null) {
        Trace t = o.trace();
        for (int k = 0; k < t.size(); k++) {
          traces.add(TracesTable.TABLE.row(new TracesTable.Source(run, t, k, matrix, refX != null, testSet)));
        }
      }
    }
    Netlib.Implementation blas = Netlib.implementation();
    return new TaskOutput(task.index(), runs, traces, statuses, blas.summary(), blas.isNative(), hostName(),
        buildSeconds, built != null && !reused ? 1 : 0, reused ? 1 : 0);
  }

  /**
   * The batches one optimizer's runs of a task step in (indices into group): the solver's, each cut
   * to {@link Plan#batchSize}, so that with the plan's cuts a run has the same partners in any task.
   */
  static List<List<Integer>> batches(Solver solver, List<RunSpec> group) {
    List<List<Integer>> out = new ArrayList<>();
    for (List<Integer> batch : solver.batches(group)) {
      int size = Plan.batchSize(group.get(batch.get(0)));
      for (int from = 0; from < batch.size(); from += size) {
        out.add(batch.subList(from, Math.min(batch.size(), from + size)));
      }
    }
    return out;
  }

  /** Steps one batch together; if it throws, runs its runs one by one and records who failed. */
  private static void runBatch(Task task, Solver solver, List<RunSpec> specs, List<Integer> batch,
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
      List<RunOutcome> done = solver.runBatch(together);
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
      runBatch(task, solver, specs, List.of(i), outcomes, errors, failedSeconds);
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
