package org.mfsweep.engine;

import java.io.Serializable;
import java.util.List;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.spec.RunSpec;

/** The unit of Spark work: runs on one problem, which the task builds once. */
public record Task(int index, ProblemSpec problem, List<RunSpec> runs) implements Serializable {
  public Task {
    runs = List.copyOf(runs);
  }
}
