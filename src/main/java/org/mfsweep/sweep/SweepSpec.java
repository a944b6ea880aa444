package org.mfsweep.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mfsweep.spec.Generator;
import org.mfsweep.spec.ObservedData;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.spec.ReferenceSettings;
import org.mfsweep.spec.RunSettings;
import org.mfsweep.spec.RunSpec;

/**
 * A validated sweep: its problems, each with its runs ({@link ProblemRuns}, expanded on demand), in a
 * deterministic order, with no two problems sharing a problem_id and no two runs a run_id. It knows
 * its run count without expanding a run, so planning a sweep of 10⁷ runs holds only its problems.
 *
 * @param source the sweep file as given on the command line
 * @param resolvedJson the sweep file merged with overrides and defaults, as JSON (for the manifest)
 * @param data the observations of a data file, or null when problems are generated
 * @param groups the problems in order of first appearance, each with its runs
 * @param duplicatesMerged grid points that named a run already planned (e.g. m = [300, "3*n*rank"])
 */
public record SweepSpec(String name, String output, String source, String resolvedJson,
                        RunSettings settings, EngineSettings engine, ReferenceSettings reference,
                        ObservedData data, List<ProblemRuns> groups, int duplicatesMerged) {

  public SweepSpec {
    groups = List.copyOf(groups);
    long n = 0;
    for (ProblemRuns g : groups) {
      n += g.size();
    }
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("a sweep of " + n + " runs is more than an int counts");
    }
  }

  /** How many runs, without expanding them. */
  public int runCount() {
    long n = 0;
    for (ProblemRuns g : groups) {
      n += g.size();
    }
    return (int) n;
  }

  /** The generator of its problems (a sweep file has one), or the default when it has none. */
  public Generator generator() {
    return groups.isEmpty() ? Generator.ZIGGURAT : groups.get(0).problem().generator();
  }

  /** How many problems. */
  public int problemCount() {
    return groups.size();
  }

  /**
   * Every run, expanded into one list, problems in order and runs in grid order. For small sweeps
   * and tests: the engine and {@code plan} walk {@link #groups} instead.
   */
  public List<RunSpec> runs() {
    List<RunSpec> out = new ArrayList<>();
    for (ProblemRuns g : groups) {
      g.forEach(out::add);
    }
    return out;
  }

  /** The same sweep restricted to some of its runs (a wave, or the runs left to compute). */
  public SweepSpec withRuns(List<RunSpec> subset) {
    Map<ProblemSpec, List<RunSpec>> byProblem = new LinkedHashMap<>();
    ProblemSpec last = null;
    List<RunSpec> current = null;
    for (RunSpec r : subset) {
      if (r.problem() != last) { // runs come problem by problem: hash a problem when it changes, not per run
        last = r.problem();
        current = byProblem.computeIfAbsent(last, p -> new ArrayList<>());
      }
      current.add(r);
    }
    List<ProblemRuns> listed = new ArrayList<>(byProblem.size());
    byProblem.forEach((p, runs) -> listed.add(ProblemRuns.of(p, runs)));
    return new SweepSpec(name, output, source, resolvedJson, settings, engine, reference, data, listed,
        duplicatesMerged);
  }

  /** The runs grouped by problem, problems in order of first appearance (expanded: small sweeps and tests). */
  public Map<ProblemSpec, List<RunSpec>> runsByProblem() {
    Map<ProblemSpec, List<RunSpec>> out = new LinkedHashMap<>();
    for (ProblemRuns g : groups) {
      out.computeIfAbsent(g.problem(), p -> new ArrayList<>()).addAll(g.list());
    }
    return out;
  }
}
