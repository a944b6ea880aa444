package org.mfsweep.sweep;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mfsweep.spec.ObservedData;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.spec.ReferenceSettings;
import org.mfsweep.spec.RunSettings;
import org.mfsweep.spec.RunSpec;

/**
 * A validated sweep: every run it plans, in a deterministic order, with no two runs sharing a run_id.
 *
 * @param source the sweep file as given on the command line
 * @param resolvedJson the sweep file merged with overrides and defaults, as JSON (for the manifest)
 * @param data the observations of a data file, or null when problems are generated
 * @param duplicatesMerged grid points that named a run already planned (e.g. m = [300, "3*n*rank"])
 */
public record SweepSpec(String name, String output, String source, String resolvedJson,
                        RunSettings settings, EngineSettings engine, ReferenceSettings reference,
                        ObservedData data, List<RunSpec> runs, int duplicatesMerged) {

  public SweepSpec {
    runs = List.copyOf(runs);
  }

  /** The same sweep restricted to some of its runs (a wave, or the runs left to compute). */
  public SweepSpec withRuns(List<RunSpec> subset) {
    return new SweepSpec(name, output, source, resolvedJson, settings, engine, reference, data, subset,
        duplicatesMerged);
  }

  /** The runs grouped by problem, problems in order of first appearance. */
  public Map<ProblemSpec, List<RunSpec>> runsByProblem() {
    Map<ProblemSpec, List<RunSpec>> groups = new LinkedHashMap<>();
    for (RunSpec r : runs) {
      groups.computeIfAbsent(r.problem(), p -> new java.util.ArrayList<>()).add(r);
    }
    return groups;
  }
}
