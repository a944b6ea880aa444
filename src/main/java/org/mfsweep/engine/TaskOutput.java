package org.mfsweep.engine;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * What one task produced: rows for the runs and traces tables, and what the executor ran on.
 *
 * @param statuses status name of each run, in task order
 * @param blas the executor's {@link org.mfsweep.linalg.Netlib.Implementation#summary()}
 */
public record TaskOutput(int task, List<Row> runs, List<Row> traces, List<String> statuses, String blas,
                         boolean nativeBlas, String host, double problemSeconds) implements Serializable {

  /** The same without the rows, for the driver's summary. */
  public TaskOutput summary() {
    return new TaskOutput(task, List.of(), List.of(), statuses, blas, nativeBlas, host, problemSeconds);
  }
}
