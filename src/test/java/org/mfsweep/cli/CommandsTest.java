package org.mfsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfsweep.testing.Spark;

/** The commands as a user calls them, through picocli, with their output and exit codes. */
class CommandsTest {
  @TempDir static Path dir;
  static SparkSession spark;
  static Path job;
  static Path output;

  record Result(int code, String out, String err) {}

  static Result call(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  @BeforeAll
  static void sweep() throws IOException {
    spark = Spark.local();
    job = dir.resolve("small.conf");
    output = dir.resolve("out");
    Files.writeString(job, """
        name = small
        output = %s
        grid {
          n = 6
          m = "3*n*rank"
          rank = 1
          alpha = [1e-1, 1e-3]
          eta = 0.25
          seed = [1, 2, 3]
        }
        run.max-iterations = 200
        """.formatted(output));
    Result r = call("run", job.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("6 runs on 3 problems"), r.out());
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void planCountsWithoutRunning() {
    Result r = call("plan", job.toString(), "--set", "grid.seed=[1,2,3,4]");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("problems  4"), r.out());
    assertTrue(r.out().contains("runs      8"), r.out());
    assertTrue(r.out().contains("GFLOP/s per core"), r.out());
  }

  @Test
  void aBadSweepFileExitsWithTwoAndNamesTheLine() throws IOException {
    Path bad = dir.resolve("bad.conf");
    Path badOut = dir.resolve("never");
    Files.writeString(bad, "name = b\noutput = \"" + badOut + "\"\ngrid { n = 5, m = 10, rank = 1, eta = 1\n"
        + "  alpha = 0 }\n");
    Result r = call("run", bad.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains(bad + ":4: grid.alpha: must be > 0"), r.err());
    assertFalse(Files.exists(badOut), "nothing written");
    assertEquals(2, call("plan", bad.toString()).code());
  }

  @Test
  void runningAFinishedSweepAgainDoesNothingAndSaysSo() {
    Result r = call("run", job.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("all 6 planned runs are already in"), r.out());
  }

  @Test
  void queryPrintsATable() {
    Result r = call("query", output.toString(),
        "SELECT alpha, count(*) AS runs, max(iterations) AS it FROM runs GROUP BY alpha ORDER BY alpha");
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    assertTrue(lines.get(0).matches("alpha\\s+runs\\s+it"), lines.get(0));
    assertTrue(lines.get(1).matches("-+  -+  -+"), lines.get(1));
    assertTrue(lines.get(2).matches("\\s*0\\.001\\s+3\\s+\\d+"), lines.get(2));
    assertTrue(lines.get(3).matches("\\s*0\\.1\\s+3\\s+\\d+"), lines.get(3));
    assertEquals("(2 rows)", lines.get(4));
  }

  @Test
  void queryPrintsCsvAndJsonAtFullPrecision() {
    Result csv = call("query", output.toString(), "SELECT run_id, alpha FROM runs ORDER BY alpha, run_id",
        "--format", "csv");
    assertEquals(0, csv.code(), csv.err());
    List<String> lines = csv.out().lines().toList();
    assertEquals("run_id,alpha", lines.get(0));
    assertEquals(7, lines.size());
    assertTrue(lines.get(1).endsWith(",0.001"), lines.get(1));
    Result json = call("query", output.toString(), "SELECT kind, n, count(*) AS c FROM traces GROUP BY kind, n",
        "--format", "json");
    assertEquals(0, json.code(), json.err());
    assertTrue(json.out().strip().matches("\\{\"kind\":\"sensing\",\"n\":6,\"c\":\\d+}"), json.out());
  }

  @Test
  void badQueriesAndFoldersExitWithTwo() {
    Result sql = call("query", output.toString(), "SELEC nonsense");
    assertEquals(2, sql.code());
    assertTrue(sql.err().contains("bad query"), sql.err());
    Result missing = call("query", output.toString(), "SELECT no_such_column FROM runs");
    assertEquals(2, missing.code());
    Result folder = call("query", dir.toString(), "SELECT 1");
    assertEquals(2, folder.code());
    assertTrue(folder.err().contains("holds no runs/ table"), folder.err());
  }

  /** A command whose code has a bug: an IllegalArgumentException from inside, not bad input. */
  @picocli.CommandLine.Command(name = "boom")
  static final class Boom implements java.util.concurrent.Callable<Integer> {
    @Override public Integer call() {
      throw new IllegalArgumentException("index 7 out of bounds for length 3\nsecond line");
    }
  }

  @Test
  void anInternalIllegalArgumentExceptionIsExitOneWithOneLine() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    picocli.CommandLine cl = Main.commandLine(new PrintWriter(out), new PrintWriter(err));
    cl.addSubcommand("boom", new Boom());
    cl.setOut(new PrintWriter(out)).setErr(new PrintWriter(err)); // reach the subcommand added after them
    assertEquals(1, cl.execute("boom"));
    List<String> lines = err.toString().lines().toList();
    assertEquals(1, lines.size(), err.toString());
    assertTrue(lines.get(0).startsWith("error: IllegalArgumentException: index 7 out of bounds for length 3 …"),
        lines.get(0));
    assertEquals(1, Main.exitCode(new IllegalArgumentException("x")));
    assertEquals(2, Main.exitCode(new UsageError("x")));
    assertEquals(2, Main.exitCode(new org.mfsweep.engine.SetupException("x")));
  }

  @Test
  void usageErrorsExitWithTwo() {
    assertEquals(2, call().code());
    assertEquals(2, call("launch").code());
    assertEquals(2, call("run").code());
    assertEquals(2, call("query", output.toString(), "SELECT 1", "--format", "xml").code());
    assertEquals(0, call("--help").code());
  }

  @Test
  void plotWritesReadablePngsAndReportOnePageWithThemEmbedded() throws IOException {
    Path plots = dir.resolve("plots");
    Result p = call("plot", output.toString(), "--out", plots.toString());
    assertEquals(0, p.code(), p.err());
    List<Path> pngs;
    try (var s = Files.list(plots)) {
      pngs = s.filter(f -> f.toString().endsWith(".png")).sorted().toList();
    }
    // four trace metrics for the one group (err_ref among them); four final metrics against α
    assertEquals(8, pngs.size(), pngs.toString());
    for (Path png : pngs) {
      java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(png.toFile());
      assertEquals(900, image.getWidth(), png.toString());
      assertEquals(600, image.getHeight(), png.toString());
    }
    Path pageDir = dir.resolve("report");
    Result r = call("report", output.toString(), "--out", pageDir.toString());
    assertEquals(0, r.code(), r.err());
    String html = Files.readString(pageDir.resolve("index.html"));
    assertEquals(8, html.split("<img ", -1).length - 1, "every figure embedded");
    assertTrue(html.contains("data:image/png;base64,"));
    assertTrue(html.contains("<th>status</th>"), "a status column");
    assertTrue(html.contains("MAX_ITERATIONS") || html.contains("CONVERGED"), "the runs' statuses");
    assertTrue(html.contains("JNIBLAS") || html.contains("VectorBLAS") || html.contains("Java11BLAS"), "BLAS named");
  }
}
