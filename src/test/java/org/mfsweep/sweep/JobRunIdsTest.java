package org.mfsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.mfsweep.spec.RunSpec;

/**
 * The run_ids (and problem_ids) of the repository's jobs, pinned before the factorization axes
 * existed: adding grid.factorization, depth, problem, rows and cols must not change one of them,
 * or resuming an existing output would recompute it.
 */
class JobRunIdsTest {
  /** job file → SHA-256 (16 hex digits) of its run_ids and problem_ids in planned order, and the run count. */
  static final Map<String, String> PINNED = Map.of(
      "commutative.conf", "a0e53f739d7fda06 30",
      "completion.conf", "535862a938b21ede 54",
      "exhaustive-3x3.conf", "d2b48c935cf3dbbe 900",
      "figure1-sensing.conf", "af1e94502b083d7c 30",
      "least-squares.conf", "d8cb84a84bf85890 15",
      "optimizers-sensing.conf", "e7760827823c9868 138",
      "optimizers.conf", "65b9df3211125f69 138",
      "quickstart.conf", "c4189999a093b09d 15",
      "sensing-m-sweep.conf", "7838fc62fb3d6473 42");

  /** Jobs whose α axis grew after the pin (issue 9): loaded with the α axis they had then. */
  static final Map<String, List<String>> AS_PINNED = Map.of(
      "exhaustive-3x3.conf", List.of("grid.alpha=[1e-2, 1e-4, 1e-6]"),
      "sensing-m-sweep.conf", List.of("grid.alpha=[1e-3, 1e-6]"));

  static String digest(SweepSpec s) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    for (RunSpec r : s.runs()) {
      md.update((r.runId() + "|" + r.problem().id() + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(md.digest(), 0, 8) + " " + s.runs().size();
  }

  @Test
  void theJobsRunIdsAreThoseOfBeforeTheFactorizationAxes() throws Exception {
    Map<String, String> now = new TreeMap<>();
    try (Stream<Path> jobs = Files.list(Path.of("jobs"))) {
      for (Path job : jobs.filter(p -> p.toString().endsWith(".conf")).sorted().toList()) {
        now.put(job.getFileName().toString(), digest(SweepFiles.load(job,
            AS_PINNED.getOrDefault(job.getFileName().toString(), List.of()), "out/x")));
      }
    }
    assertFalse(now.isEmpty());
    StringBuilder all = new StringBuilder();
    now.forEach((k, v) -> all.append("      \"").append(k).append("\", \"").append(v).append("\",\n"));
    // jobs added later (the factorization jobs) are not pinned here
    for (Map.Entry<String, String> e : PINNED.entrySet()) {
      assertEquals(e.getValue(), now.get(e.getKey()), e.getKey() + "; now:\n" + all);
    }
  }
}
