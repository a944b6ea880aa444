package org.mfsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ./submit.sh as a user runs it: the packaged jar, SparkSubmit, exit codes. Runs after `package`. */
class SubmitScriptIT {
  @TempDir Path dir;

  record Result(int code, String out, String err) {}

  static Result submit(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add("./submit.sh");
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(new File(System.getProperty("user.dir")));
    pb.environment().remove("SPARK_HOME");
    Path out = Files.createTempFile("submit", ".out");
    Path err = Files.createTempFile("submit", ".err");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "submit.sh finished");
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void planOfTheQuickstart() throws Exception {
    Result r = submit("plan", "jobs/quickstart.conf");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("runs      15"), r.out());
  }

  @Test
  void runThenQueryInLocalMode() throws Exception {
    Path out = dir.resolve("out");
    Result run = submit("run", "jobs/quickstart.conf", "--output", out.toString(), "--set", "grid.n=8",
        "--set", "grid.seed=1", "--set", "run.max-iterations=100");
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("5 runs on 1 problems"), run.out());
    assertTrue(Files.isDirectory(out.resolve("runs/kind=sensing/n=8")));
    Result q = submit("query", out.toString(), "SELECT count(*) AS runs, min(m) AS m FROM runs", "--format", "csv");
    assertEquals(0, q.code(), q.err());
    assertEquals(List.of("runs,m", "5,48"), q.out().lines().toList());
  }

  @Test
  void badInputExitsWithTwoBeforeSparkStarts() throws Exception {
    Path bad = dir.resolve("bad.conf");
    Files.writeString(bad, "name = b\noutput = x\ngrid { n = 5, m = 10, rank = 6, alpha = 1, eta = 1 }\n");
    Result r = submit("run", bad.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains(bad + ":3: grid.rank: rank 6 > n 5"), r.err());
    assertFalse(r.err().contains("SparkContext"), "no Spark context was started: " + r.err());
    assertEquals(2, submit("launch").code());
    assertEquals(2, submit().code());
  }
}
