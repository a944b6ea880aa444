package org.mfsweep.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfsweep.spec.RunSpec;
import org.mfsweep.sweep.SweepFiles;
import org.mfsweep.sweep.SweepSpec;

/** Cost-balanced tasks: complete, longest first, big problems split, none far above its share. */
class PlanTest {
  @TempDir Path dir;

  SweepSpec sweep(String grid, String... sets) throws IOException {
    Path conf = dir.resolve("s.conf");
    Files.writeString(conf, "name = s\noutput = unused\ngrid {\n" + grid + "\n}\nrun.max-iterations = 1000\n");
    return SweepFiles.load(conf, List.of(sets), dir.resolve("out").toString());
  }

  /** The build-cost cases are sized for well-polar's builds (ziggurat builds their problem 7× cheaper). */
  private static final String COSTLY_BUILDS = "generator=well-polar";

  @Test
  void mixedSizesAreSplitByCostAndOrderedLongestFirst() throws IOException {
    SweepSpec s = sweep("""
        n = [20, 200]
        m = "3*n*rank"
        rank = 2
        alpha = {from = 1e-7, to = 1, steps = 8, scale = log}
        eta = 0.25
        seed = [1, 2, 3, 4]
        width = [n, 4]
        """);
    int slots = 2;
    Plan plan = Plan.of(s, slots);
    // every run in exactly one task, on the task's problem
    List<RunSpec> all = new ArrayList<>();
    for (Task t : plan.tasks()) {
      for (RunSpec r : t.runs()) {
        assertEquals(t.problem(), r.problem());
        all.add(r);
      }
    }
    assertEquals(s.runs().size(), all.size());
    assertEquals(new HashSet<>(s.runs()), new HashSet<>(all));
    // indices follow the order, costs never increase, and they add up
    double sum = 0;
    for (int i = 0; i < plan.tasks().size(); i++) {
      assertEquals(i, plan.tasks().get(i).index());
      if (i > 0) {
        assertTrue(plan.costs().get(i) <= plan.costs().get(i - 1), "longest first at " + i);
      }
      sum += plan.costs().get(i);
    }
    assertEquals(sum, plan.worstCaseFlops(), 1e-9 * sum);
    // the n = 200 problems are split; no task costs more than its share plus one run
    double share = plan.worstCaseFlops() / (slots * Plan.TASKS_PER_SLOT);
    Set<Object> bigProblems = new HashSet<>();
    int bigTasks = 0;
    for (int i = 0; i < plan.tasks().size(); i++) {
      Task t = plan.tasks().get(i);
      double maxRun = t.runs().stream().mapToDouble(Plan::runCost).max().orElseThrow();
      assertTrue(plan.costs().get(i) <= share + maxRun + Plan.buildCost(t.problem(), 1000),
          "task " + i + " costs " + plan.costs().get(i) + " > share " + share);
      if (t.problem().n() == 200) {
        bigProblems.add(t.problem());
        bigTasks++;
        // runs of one width stay together, so they batch
        for (int k = 1; k < t.runs().size(); k++) {
          assertTrue(t.runs().get(k).width() >= t.runs().get(k - 1).width());
        }
      }
    }
    assertTrue(bigTasks > bigProblems.size(), "big problems were split: " + bigTasks + " tasks");
    // the cheapest tasks come last: every n = 20 task after every n = 200 task
    int lastBig = -1;
    int firstSmall = Integer.MAX_VALUE;
    for (Task t : plan.tasks()) {
      if (t.problem().n() == 200) {
        lastBig = Math.max(lastBig, t.index());
      } else {
        firstSmall = Math.min(firstSmall, t.index());
      }
    }
    assertTrue(lastBig < firstSmall);
  }

  @Test
  void aProblemIsNotSplitBelowItsBuildCost() throws IOException {
    SweepSpec s = sweep("""
        n = 30
        m = 100
        rank = 1
        alpha = [1, 0.1]
        eta = 0.1
        """, COSTLY_BUILDS);
    Plan plan = Plan.of(s, 64);
    assertEquals(1, plan.tasks().size(), "two cheap runs of one problem: one build");
  }

  /**
   * On one JVM the tasks share the problem cache: the same cheap problem is split by its runs'
   * cost, and only its first task counts the build, so the plan's total is runs + one build. (Flow
   * runs, which step alone: a cheap gd batch is never cut.)
   */
  @Test
  void onOneJvmAProblemIsBuiltOnceHoweverItIsSplit() throws IOException {
    SweepSpec s = sweep("""
        n = 30
        m = 100
        rank = 1
        alpha = {from = 1e-4, to = 1, steps = 8, scale = log}
        eta = 0.1
        optimizer = flow
        """, COSTLY_BUILDS);
    Plan apart = Plan.of(s, 4);
    Plan shared = Plan.of(s, 4, true);
    assertTrue(shared.tasks().size() > apart.tasks().size(), "one JVM: split further, " + shared.tasks().size()
        + " tasks, not " + apart.tasks().size());
    double runs = 0;
    for (RunSpec r : s.runs()) {
      runs += Plan.runCost(r);
    }
    double build = Plan.buildCost(s.runs().get(0).problem(), s.settings().testSize());
    assertEquals(runs + build, shared.worstCaseFlops(), 1e-9 * (runs + build));
    assertEquals(runs + apart.tasks().size() * build, apart.worstCaseFlops(), 1e-9 * (runs + build));
    int withBuild = 0;
    for (int i = 0; i < shared.tasks().size(); i++) {
      double taskRuns = 0;
      for (RunSpec r : shared.tasks().get(i).runs()) {
        taskRuns += Plan.runCost(r);
      }
      withBuild += shared.costs().get(i) > taskRuns * (1 + 1e-12) ? 1 : 0;
    }
    assertEquals(1, withBuild, "the build is counted in one task");
  }

  /** Asymmetric runs cost by depth and width; a task keeps each (factorization, depth, width) together. */
  @Test
  void asymmetricRunsCostByDepthAndAreGroupedForBatching() throws IOException {
    SweepSpec s = sweep("kind = sensing, n = 8, m = 40, rank = 1, alpha = [1e-1, 1e-2], eta = 0.1, "
        + "factorization = [symmetric, asymmetric], depth = [3, 1, 2], problem = symmetric");
    Plan plan = Plan.of(s, 1);
    java.util.Map<String, Double> cost = new java.util.TreeMap<>();
    for (RunSpec r : s.runs()) {
      cost.put(r.factorization() + "/" + r.depth(), Plan.iterationFlops(r));
    }
    assertTrue(cost.get("ASYMMETRIC/1") < cost.get("ASYMMETRIC/2"), cost.toString());
    assertTrue(cost.get("ASYMMETRIC/2") < cost.get("ASYMMETRIC/3"), cost.toString());
    // the operator part A(X), A*(r) is the symmetric one's plus forming (X + Xᵀ)/2
    org.mfsweep.problem.ProblemKind k = org.mfsweep.problem.Kinds.of(org.mfsweep.spec.Kind.SENSING);
    RunSpec any = s.runs().get(0);
    assertEquals(org.mfsweep.optim.AsymmetricObjective.iterationFlops(8, 8, 8, 3, k.applyFlops(any.problem())),
        cost.get("ASYMMETRIC/3"));
    for (Task t : plan.tasks()) {
      List<String> order = t.runs().stream().map(r -> r.factorization().ordinal() + "/" + r.depth() + "/" + r.width())
          .toList();
      List<String> sorted = new ArrayList<>(order);
      sorted.sort(java.util.Comparator.naturalOrder()); // one-digit fields: text order is numeric order
      assertEquals(sorted, order, "grouped by factorization, depth and width");
    }
  }

  /**
   * A problem's cost is summed once per block and optimizer setting (a run's cost does not depend on
   * its start, α or η): it equals the sum over its runs, for every optimizer and both factorizations.
   */
  @Test
  void aProblemsCostIsTheSumOverItsRuns() throws IOException {
    SweepSpec s = sweep("kind = sensing, n = 6, m = 30, rank = 1, alpha = [1e-1, 1e-2, 1e-3], eta = [0.1, 0.05], "
        + "optimizer = [gd, momentum, nesterov, sgd, adam, flow], beta = [0.5, 0.9], batch-size = [5, 30], "
        + "factorization = [symmetric, asymmetric], depth = [2, 3], problem = symmetric, width = [n, 2], "
        + "init = [identity, gaussian], seed = [1, 2]");
    Plan plan = Plan.of(s, 2);
    for (int g = 0; g < s.groups().size(); g++) {
      double sum = 0;
      for (RunSpec r : s.groups().get(g).list()) {
        sum += Plan.runCost(r);
      }
      assertEquals(sum, plan.runCosts()[g], 1e-12 * sum, "problem " + g);
    }
  }

  /**
   * A batch's runs share BLAS calls whose rounding depends on who is in it, so a run must step with
   * the same partners however the plan cuts: for 1 to 64 slots, on one JVM or apart, every run's
   * batch (as the task executor forms it, from the real solvers) is the same set of run_ids.
   */
  @Test
  void aRunStepsWithTheSamePartnersWhateverTheSlots() throws IOException {
    SweepSpec s = sweep("""
        kind = sensing
        n = [6, 24]
        m = 40
        rank = 1
        alpha = {from = 1e-4, to = 1, steps = 12, scale = log}
        eta = 0.1
        optimizer = [gd, momentum, flow]
        beta = 0.5
        width = [n, 2]
        seed = [1, 2, 3]
        """, "run.max-iterations=2000000");
    java.util.Map<org.mfsweep.spec.ProblemSpec, org.mfsweep.problem.BuiltProblem> built = new java.util.HashMap<>();
    java.util.Map<String, Set<String>> first = null;
    int splitPlans = 0;
    Set<Integer> sizes = new java.util.TreeSet<>();
    for (int slots : new int[] {1, 2, 3, 8, 64}) {
      for (boolean oneJvm : new boolean[] {false, true}) {
        Plan plan = Plan.of(s, slots, oneJvm);
        splitPlans += plan.tasks().size() > plan.problems() ? 1 : 0;
        java.util.Map<String, Set<String>> partners = new java.util.HashMap<>();
        for (Task t : plan.tasks()) {
          org.mfsweep.problem.BuiltProblem b = built.computeIfAbsent(t.problem(), p -> org.mfsweep.problem.Problems.build(p, 0));
          java.util.Map<String, List<RunSpec>> byOptimizer = new java.util.LinkedHashMap<>();
          for (RunSpec r : t.runs()) {
            byOptimizer.computeIfAbsent(r.optimizer().name(), o -> new ArrayList<>()).add(r);
          }
          for (List<RunSpec> group : byOptimizer.values()) {
            org.mfsweep.optim.Solver solver = org.mfsweep.optim.Optimizers.of(group.get(0).optimizer().name())
                .solver(b, null);
            for (List<Integer> batch : TaskExecutor.batches(solver, group)) {
              Set<String> ids = new java.util.TreeSet<>();
              batch.forEach(k -> ids.add(group.get(k).runId()));
              sizes.add(ids.size());
              ids.forEach(id -> partners.put(id, ids));
            }
          }
        }
        assertEquals(s.runCount(), partners.size(), "every run in one batch");
        if (first == null) {
          first = partners;
        } else {
          for (java.util.Map.Entry<String, Set<String>> e : first.entrySet()) {
            assertEquals(e.getValue(), partners.get(e.getKey()),
                "run " + e.getKey() + "'s batch with " + slots + " slots, one JVM " + oneJvm);
          }
        }
      }
    }
    assertTrue(splitPlans > 0, "some plans cut a problem into several tasks");
    assertTrue(sizes.contains(1) && sizes.stream().anyMatch(k -> k > 2), "alone and in batches: " + sizes);
  }
}
