package org.mfsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mfsweep.testing.Scripts.submit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfsweep.testing.Scripts.Result;

/** ./submit.sh as a user runs it: the packaged jar, SparkSubmit, exit codes. Runs after `package`. */
class SubmitScriptIT {
  @TempDir Path dir;

  @Test
  void planOfTheQuickstart() throws Exception {
    Result r = submit("plan", "jobs/quickstart.conf");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("runs      15"), r.out());
  }

  /** Every job under jobs/ is a valid sweep file (docs/reproduction.md runs each of them). */
  @Test
  void everyJobPlans() throws Exception {
    try (var files = Files.list(Path.of("jobs"))) {
      for (Path job : files.filter(f -> f.toString().endsWith(".conf")).sorted().toList()) {
        Result r = submit("plan", job.toString());
        assertEquals(0, r.code(), job + ": " + r.err());
        assertTrue(r.out().contains("runs "), job + ": " + r.out());
      }
    }
  }

  @Test
  void runThenQueryInLocalMode() throws Exception {
    Path out = dir.resolve("out");
    Result run = submit("run", "jobs/quickstart.conf", "--output", out.toString(), "--set", "grid.n=8",
        "--set", "grid.seed=1", "--set", "run.max-iterations=100");
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("5 runs on 1 problems"), run.out());
    assertTrue(run.out().contains("Spark UI: http://"), run.out());
    assertTrue(Files.isDirectory(out.resolve("runs/kind=sensing/n=8")));
    Result q = submit("query", out.toString(), "SELECT count(*) AS runs, min(m) AS m FROM runs", "--format", "csv");
    assertEquals(0, q.code(), q.err());
    assertEquals(List.of("runs,m", "5,48"), q.out().lines().toList());
    Result more = submit("run", "jobs/quickstart.conf", "--output", out.toString(), "--set", "grid.n=8",
        "--set", "grid.seed=[1,2]", "--set", "run.max-iterations=100", "--set", "engine.ui=false");
    assertEquals(0, more.code(), more.err());
    assertTrue(more.out().contains("5 runs are already in"), more.out());
    assertFalse(more.out().contains("Spark UI"), "the UI is off: " + more.out());
  }

  /** --help and --version exit 0; help and the unknown-command message name every command of the one list. */
  @Test
  void helpVersionAndUnknownCommandsNameEveryCommand() throws Exception {
    String script = Files.readString(Path.of("submit.sh"));
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^COMMANDS=\"([^\"]+)\"").matcher(script);
    assertTrue(m.find(), "submit.sh has its COMMANDS list");
    List<String> commands = new java.util.ArrayList<>(List.of(m.group(1).split(" ")));
    commands.add("cluster");
    Result help = submit("--help");
    assertEquals(0, help.code(), help.err());
    Result version = submit("--version");
    assertEquals(0, version.code(), version.err());
    assertTrue(version.out().matches("(?s)mfsweep \\S+.*"), version.out());
    Result unknown = submit("launch");
    assertEquals(2, unknown.code());
    for (String c : commands) {
      assertTrue(help.out().contains(c), c + " in " + help.out());
      assertTrue(unknown.err().contains(c), c + " in " + unknown.err());
    }
    for (String c : m.group(1).split(" ")) { // every launcher command is one the program knows, and described
      assertTrue(help.out().matches("(?s).*\\n  " + c + " +\\S.*"), c + " described in " + help.out());
    }
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

  /** Bad input, as a new user meets it: one clear line, exit 2, nothing written. */
  @Test
  void anUnreachableMasterIsNamedBeforeAnythingIsWritten() throws Exception {
    Path out = dir.resolve("out");
    Result r = submit("--master", "spark://127.0.0.1:1", "run", "jobs/quickstart.conf", "--output", out.toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("cannot reach the Spark master at spark://127.0.0.1:1"), r.err());
    assertFalse(Files.exists(out));
    assertTrue(r.seconds() < 60, "fails fast: " + r.seconds() + " s");
  }

  @Test
  void aJvmWithoutSparksFlagsIsToldWhatIsMissing() throws Exception {
    Path out = dir.resolve("out");
    String cp = "target/mfsweep.jar:" + Files.readString(Path.of("target/classpath.txt")).trim();
    Result r = org.mfsweep.testing.Scripts.start(java.util.Map.of(), "java", "-cp", cp, "org.mfsweep.cli.Main",
        "run", "jobs/quickstart.conf", "--output", out.toString()).await(2);
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("started without the flags Spark needs on Java 17"), r.err());
    assertFalse(Files.exists(out));
  }
}
