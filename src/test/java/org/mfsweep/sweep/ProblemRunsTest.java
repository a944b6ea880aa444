package org.mfsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfsweep.spec.Init;
import org.mfsweep.spec.OptimizerSpec;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.spec.RunSettings;
import org.mfsweep.spec.RunSpec;

/**
 * The streamed expansion against the materialised one it replaced: every grid point in nested-loop
 * order, merged by run_id into a LinkedHashMap. Same runs, same order, same count of merged points.
 * (Axes refuse repeated values; points repeat when values resolve alike: m = 6 and 2·n·rank,
 * width n and 3.)
 */
class ProblemRunsTest {
  @TempDir Path dir;

  @Test
  void pointsThatResolveToOneRunMergeAsARunIdMapWould() throws IOException {
    Path conf = dir.resolve("r.conf");
    Files.writeString(conf, """
        name = r
        output = unused
        grid {
          kind = sensing, n = 3, rank = 1
          m = [6, "2*n*rank"]
          width = [n, 3, 1]
          alpha = [1e-2, 1e-3]
          optimizer = [gd, momentum]
          eta = [0.1, 0.2]
          beta = [0.5, 0.9]
          seed = [7, 8]
        }
        """);
    SweepSpec s = SweepFiles.load(conf, List.of(), null);
    RunSettings settings = s.settings();
    List<OptimizerSpec> momentum = new ArrayList<>();
    for (double b : new double[] {0.5, 0.9}) {
      momentum.add(new OptimizerSpec("momentum", List.of(new OptimizerSpec.Setting("beta", b))));
    }
    Map<String, RunSpec> merged = new LinkedHashMap<>();
    int points = 0;
    for (long seed : new long[] {7, 8}) {
      for (int m : new int[] {6, 6}) {
        ProblemSpec p = new ProblemSpec(org.mfsweep.problem.Kinds.parse("sensing").kind(), 3, m, 1, seed)
            .withGenerator(org.mfsweep.spec.Generator.ZIGGURAT); // the sweep file's default
        for (int w : new int[] {3, 3, 1}) {
          for (double a : new double[] {1e-2, 1e-3}) {
            for (String o : new String[] {"gd", "momentum"}) {
              for (double e : new double[] {0.1, 0.2}) {
                for (OptimizerSpec os : o.equals("gd") ? List.of(OptimizerSpec.GD) : momentum) {
                  points++;
                  RunSpec r = new RunSpec(p, w, Init.IDENTITY, a, e, settings, os);
                  merged.putIfAbsent(r.runId(), r);
                }
              }
            }
          }
        }
      }
    }
    assertEquals(new ArrayList<>(merged.values()), s.runs(), "the same runs in the same order");
    assertEquals(points - merged.size(), s.duplicatesMerged());
    assertEquals(merged.size(), s.runCount());
    assertEquals(2, s.problemCount(), "seeds 7 and 8, m = 6 twice");
  }

  /**
   * A grid's cost representatives against its expanded runs: one per set of runs that differ only
   * in start, α and η, that set's first run of the smallest η in grid order, with the set's size.
   */
  @Test
  void costRepresentativesAreEachCostSetsFirstRunOfTheSmallestEta() throws IOException {
    Path conf = dir.resolve("c.conf");
    Files.writeString(conf, """
        name = c
        output = unused
        grid {
          kind = completion, n = 4, m = 6, rank = 1
          width = [n, 2]
          init = [identity, orthogonal]
          alpha = [1e-2, 1e-3, 1e-1]
          optimizer = [gd, momentum, sgd]
          eta = [0.2, 0.05, 0.1]
          beta = [0.5, 0.9]
          batch-size = [2, 3]
          seed = [1, 2]
        }
        """);
    SweepSpec s = SweepFiles.load(conf, List.of(), null);
    for (ProblemRuns g : s.groups()) {
      Map<String, RunSpec> first = new LinkedHashMap<>();
      Map<String, Integer> count = new LinkedHashMap<>();
      g.forEach(r -> {
        String key = r.factorization() + "|" + r.depth() + "|" + r.width() + "|" + r.optimizer();
        count.merge(key, 1, Integer::sum);
        RunSpec f = first.get(key);
        if (f == null || Double.compare(r.eta(), f.eta()) < 0) {
          first.put(key, r);
        }
      });
      List<RunSpec> representatives = new ArrayList<>();
      List<Integer> counts = new ArrayList<>();
      g.forEachCostRepresentative((r, n) -> {
        representatives.add(r);
        counts.add(n);
      });
      assertEquals(new ArrayList<>(first.values()), representatives, "one per cost set, in grid order");
      assertEquals(new ArrayList<>(count.values()), counts, "with the set's size");
      assertEquals(g.size(), counts.stream().mapToInt(Integer::intValue).sum());
      List<Integer> listed = new ArrayList<>();
      ProblemRuns.of(g.problem(), g.list()).forEachCostRepresentative((r, n) -> listed.add(n));
      assertEquals(g.size(), listed.size(), "a listed problem gives every run, once");
    }
  }
}
