package org.mfsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mfsweep.testing.Scripts.submit;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfsweep.testing.Scripts;
import org.mfsweep.testing.Scripts.Result;

/**
 * `serve` and `sql` as a user runs them through ./submit.sh. Two outputs: one from a small sweep,
 * and an "older" one made from it (the runs of α ≥ 0.01 only, without the err_ref column). The
 * served side is read by Spark's JVM Connect client in a JVM of its own; what it reads is compared
 * with the Parquet folders read directly here.
 */
class ServeIT {
  @TempDir static Path dir;
  static Path sweep;
  static Path older;
  static SparkSession spark;

  @BeforeAll
  static void outputs() throws Exception {
    sweep = dir.resolve("sweep-a");
    Result run = submit("run", "jobs/quickstart.conf", "--output", sweep.toString(), "--set", "grid.n=8",
        "--set", "grid.seed=[1,2]", "--set", "run.max-iterations=100", "--set", "engine.ui=false");
    assertEquals(0, run.code(), run.err());
    spark = org.mfsweep.testing.Spark.local();
    older = dir.resolve("2025 sweep");  // not SQL-safe, starts with a digit
    spark.read().parquet(sweep.resolve("runs").toString()).where("alpha >= 0.01").drop("err_ref")
        .write().partitionBy("kind", "n").parquet(older.resolve("runs").toString());
    for (String t : List.of("traces", "problems")) {
      spark.read().parquet(sweep.resolve(t).toString()).write().partitionBy("kind", "n")
          .parquet(older.resolve(t).toString());
    }
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  private static long count(Path table, String where) {
    return spark.read().parquet(table.toString()).where(where).count();
  }

  @Test
  void aConnectClientReadsEveryTableAndComparesTwoSweeps() throws Exception {
    Scripts.Running server = Scripts.start(Map.of(), "./submit.sh", "serve", sweep.toString(), older.toString(),
        "--port", "0");
    try {
      String address = awaitAddress(server);
      List<String> out = client(address,
          "SHOW DATABASES",
          "table:sweep_a.runs", "table:sweep_a.traces", "table:sweep_a.problems",
          "SELECT count(*) FROM o_2025_sweep.runs",
          "SELECT output, count(*), count(err_ref), count(test_error) FROM runs GROUP BY output ORDER BY output",
          "SELECT output, count(*) FROM traces GROUP BY output ORDER BY output",
          "SELECT count(*) FROM problems WHERE output = 'sweep_a'");
      assertEquals(List.of("default", "mfsweep_parquet", "o_2025_sweep", "sweep_a"), rowsOf(out, "SHOW DATABASES"));

      long runs = count(sweep.resolve("runs"), "true");
      long olderRuns = count(sweep.resolve("runs"), "alpha >= 0.01");
      long traces = count(sweep.resolve("traces"), "true");
      assertEquals(10, runs, "the sweep: 5 alphas × 2 seeds");
      assertTrue(olderRuns > 0 && olderRuns < runs, "the older output is a part: " + olderRuns);
      assertEquals(runs, rowsOf(out, "table:sweep_a.runs").size());
      assertEquals(traces, rowsOf(out, "table:sweep_a.traces").size());
      assertEquals(count(sweep.resolve("problems"), "true"), rowsOf(out, "table:sweep_a.problems").size());
      assertEquals(String.join(",", org.mfsweep.results.Tables.columns(org.mfsweep.results.Tables.RUNS_SCHEMA)),
          columnsOf(out, "table:sweep_a.runs"), "contract order, partition columns included");
      assertEquals(List.of(Long.toString(olderRuns)), rowsOf(out, "SELECT count(*) FROM o_2025_sweep.runs"));
      // the older output lacks err_ref: NULL there, every value in the newer one
      assertEquals(List.of("o_2025_sweep|" + olderRuns + "|0|" + olderRuns, "sweep_a|" + runs + "|" + runs + "|" + runs),
          rowsOf(out, "SELECT output, count(*), count(err_ref), count(test_error) FROM runs GROUP BY output ORDER BY output"));
      assertEquals(List.of("o_2025_sweep|" + traces, "sweep_a|" + traces),
          rowsOf(out, "SELECT output, count(*) FROM traces GROUP BY output ORDER BY output"));
      assertFalse(server.err().contains("Exception"), server.err());
    } finally {
      server.process().destroy();
    }
    assertTrue(server.process().waitFor(60, TimeUnit.SECONDS), "stops on SIGTERM");
    assertTrue(server.err().contains("serve: stopped"), server.err());
  }

  /**
   * The notebook of the README, with the official Python client (pyspark-client, installed by
   * .ci/run from the package registry). Skipped where it is not installed, unless
   * MFSWEEP_REQUIRE_PYTHON_CONNECT=1 (which .ci/run sets when its install succeeded).
   */
  @Test
  void thePythonClientReadsEveryTableIntoPandas() throws Exception {
    boolean installed = new ProcessBuilder("python3", "-c", "import pyspark.sql.connect.session, pandas, pyarrow")
        .redirectErrorStream(true).start().waitFor() == 0;
    if (!installed) {
      assertTrue(!"1".equals(System.getenv("MFSWEEP_REQUIRE_PYTHON_CONNECT")),
          "MFSWEEP_REQUIRE_PYTHON_CONNECT=1 but python3 cannot import pyspark-client");
      org.junit.jupiter.api.Assumptions.abort("the Python Spark Connect client (pyspark-client 4.2.0) is not installed");
    }
    Scripts.Running server = Scripts.start(Map.of(), "./submit.sh", "serve", sweep.toString(), older.toString(),
        "--port", "0");
    try {
      String address = awaitAddress(server);
      Process py = new ProcessBuilder("python3", "src/test/connect-client/notebook.py", address)
          .directory(Scripts.projectDir().toFile()).redirectErrorStream(true).start();
      String printed = new String(py.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertTrue(py.waitFor(5, TimeUnit.MINUTES), "the notebook finishes");
      assertEquals(0, py.exitValue(), printed);
      List<String> lines = printed.lines().toList();
      long runs = count(sweep.resolve("runs"), "true");
      long olderRuns = count(sweep.resolve("runs"), "alpha >= 0.01");
      long traces = count(sweep.resolve("traces"), "true");
      long problems = count(sweep.resolve("problems"), "true");
      assertTrue(lines.contains("rows:sweep_a.runs|" + runs), printed);
      assertTrue(lines.contains("rows:sweep_a.traces|" + traces), printed);
      assertTrue(lines.contains("rows:sweep_a.problems|" + problems), printed);
      assertTrue(lines.contains("rows:runs|" + (runs + olderRuns)), printed);
      assertTrue(lines.contains("rows:traces|" + 2 * traces), printed);
      assertTrue(lines.contains("runs-of:o_2025_sweep|" + olderRuns + "|0"), printed);
      assertTrue(lines.contains("runs-of:sweep_a|" + runs + "|" + runs), printed);
      assertTrue(lines.contains("joined|" + (runs + olderRuns) + "|" + (runs + olderRuns)), printed);
      assertTrue(lines.stream().anyMatch(l -> l.startsWith("alphas|")), printed);
    } finally {
      server.process().destroy();
    }
    assertTrue(server.process().waitFor(60, TimeUnit.SECONDS), "stops on SIGTERM");
  }

  @Test
  void theShellAnswersAPipedQuery() throws Exception {
    Result r = withStdin("SELECT count(*) AS runs FROM runs;\n-- a comment; not a statement\n"
        + "SELECT output, count(*) AS n FROM runs GROUP BY output ORDER BY output", "--format", "csv",
        sweep.toString(), older.toString());
    assertEquals(0, r.code(), r.err());
    long runs = count(sweep.resolve("runs"), "true");
    long olderRuns = count(sweep.resolve("runs"), "alpha >= 0.01");
    assertEquals(List.of("runs", Long.toString(runs + olderRuns), "output,n", "o_2025_sweep," + olderRuns,
        "sweep_a," + runs), r.out().lines().toList());

    Result bad = withStdin("SELECT count(*) FROM runs; SELECT nope FROM runs; SELECT 1;", sweep.toString());
    assertEquals(2, bad.code(), bad.err());
    assertEquals(List.of("count(1)", "--------", "      10", "(1 row)"), bad.out().lines().toList(), "stops at the error");
    List<String> errors = bad.err().lines().filter(l -> l.startsWith("error:")).toList();
    assertEquals(1, errors.size(), bad.err());
    assertTrue(errors.get(0).startsWith("error: statement 2: [UNRESOLVED_COLUMN"), errors.get(0));
    assertTrue(errors.get(0).contains("`nope`"), errors.get(0));
    assertFalse(bad.err().contains("\tat "), "no stack trace: " + bad.err());
  }

  /** Bad input, as a new user meets it: one line, exit 2, before Spark starts. */
  @Test
  void badFoldersAndATakenPortAreNamed() throws Exception {
    Result missing = submit("serve", dir.resolve("nope").toString());
    assertEquals(2, missing.code(), missing.err());
    assertTrue(missing.err().contains(dir.resolve("nope") + ": no such folder"), missing.err());
    Result notAnOutput = withStdin("SELECT 1;", dir.toString());
    assertEquals(2, notAnOutput.code(), notAnOutput.err());
    assertTrue(notAnOutput.err().contains(dir + " holds no runs/ table (is it the output folder of a sweep?)"),
        notAnOutput.err());
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Result busy = submit("serve", sweep.toString(), "--port", Integer.toString(taken.getLocalPort()));
      assertEquals(2, busy.code(), busy.err());
      assertTrue(busy.err().contains("port " + taken.getLocalPort() + " on 127.0.0.1 is in use"), busy.err());
    }
    for (Result r : List.of(missing, notAnOutput)) {
      assertFalse(r.err().contains("SparkContext"), "no Spark context was started: " + r.err());
    }
  }

  /** ./submit.sh sql ARGS… with text on its standard input. */
  private static Result withStdin(String stdin, String... args) throws IOException, InterruptedException {
    Path in = Files.createTempFile(dir, "stdin", ".sql");
    Files.writeString(in, stdin);
    List<String> cmd = new ArrayList<>(List.of("./submit.sh", "sql"));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "sql", ".out");
    Path err = Files.createTempFile(dir, "sql", ".err");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(Scripts.projectDir().toFile())
        .redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().remove("SPARK_HOME");
    Process p = pb.start();
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "sql finished");
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err), 0);
  }

  private static String awaitAddress(Scripts.Running server) throws Exception {
    Pattern line = Pattern.compile("serve: Spark Connect on (sc://127\\.0\\.0\\.1:\\d+) \\(loopback only\\)");
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
    while (System.nanoTime() < deadline) {
      Matcher m = line.matcher(Files.readString(server.out()));
      if (m.find()) {
        return m.group(1);
      }
      assertTrue(server.process().isAlive(), "serve exited: " + server.err());
      Thread.sleep(500);
    }
    throw new AssertionError("no address printed within 4 min: " + server.err());
  }

  /** Runs src/test/connect-client/ConnectClientCheck.java on the JVM client's class path; its output lines. */
  private static List<String> client(String address, String... queries) throws Exception {
    Path cpFile = dir.resolve("connect-client-classpath.txt");
    Process mvn = new ProcessBuilder("mvn", "-q", "-B", "-f", "src/test/connect-client/pom.xml",
        "dependency:build-classpath", "-Dmdep.outputFile=" + cpFile).directory(Scripts.projectDir().toFile())
        .redirectErrorStream(true).redirectOutput(dir.resolve("mvn.log").toFile()).start();
    assertTrue(mvn.waitFor(5, TimeUnit.MINUTES), "mvn finished");
    assertEquals(0, mvn.exitValue(), Files.readString(dir.resolve("mvn.log")));
    List<String> cmd = new ArrayList<>(List.of("java"));
    // Spark's flags, as this JVM got them (Arrow in the client needs java.nio opened)
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("--add-") || a.startsWith("--enable-native-access") || a.startsWith("-XX:+IgnoreUnrecognized")
          || a.startsWith("-Djdk.reflect") || a.startsWith("-Dio.netty")) {
        cmd.add(a);
      }
    }
    cmd.addAll(List.of("-cp", Files.readString(cpFile).trim(), "src/test/connect-client/ConnectClientCheck.java",
        address));
    cmd.addAll(List.of(queries));
    Result r = Scripts.start(Map.of(), cmd.toArray(new String[0])).await(5);
    assertEquals(0, r.code(), r.err());
    return r.out().lines().toList();
  }

  private static List<String> rowsOf(List<String> out, String query) {
    int at = out.indexOf("query " + query);
    assertTrue(at >= 0, "answered " + query + ": " + out);
    List<String> rows = new ArrayList<>();
    for (int i = at + 2; i < out.size() && out.get(i).startsWith("row "); i++) {
      rows.add(out.get(i).substring(4));
    }
    return rows;
  }

  private static String columnsOf(List<String> out, String query) {
    return out.get(out.indexOf("query " + query) + 1).substring("columns ".length());
  }
}
