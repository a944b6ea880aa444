package org.mfsweep.engine;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * What one task produced: rows for the runs and traces tables, and what the executor ran on.
 *
 * @param statuses status name of each run, in task order
 * @param blas the executor's {@link org.mfsweep.linalg.Netlib.Implementation#summary()}
 * @param problemSeconds wall seconds this task spent building its problem (0 when it reused one; NaN when the build failed)
 * @param problemsBuilt 1 when this task built its problem, else 0
 * @param problemsReused 1 when it took its problem from the executor's {@link ProblemCache}, else 0
 */
public record TaskOutput(int task, List<Row> runs, List<Row> traces, List<String> statuses, String blas,
                         boolean nativeBlas, String host, double problemSeconds, int problemsBuilt,
                         int problemsReused) implements Serializable {

  /** The same without the rows, for the driver's summary. */
  public TaskOutput summary() {
    return new TaskOutput(task, List.of(), List.of(), statuses, blas, nativeBlas, host, problemSeconds, problemsBuilt,
        problemsReused);
  }
}
