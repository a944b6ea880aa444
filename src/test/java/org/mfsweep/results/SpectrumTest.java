package org.mfsweep.results;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfsweep.engine.SweepRunner;
import org.mfsweep.spec.RunSpec;
import org.mfsweep.spec.Trace;
import org.mfsweep.sweep.SweepFiles;
import org.mfsweep.sweep.SweepSpec;
import org.mfsweep.testing.Spark;

/**
 * traces.singular_values through the real table code on local[2], and the spectrum figure: drawn per α when
 * the traces hold singular values, absent (and every other figure still drawn) for outputs without them.
 */
class SpectrumTest {
  static SparkSession spark;
  @TempDir static Path dir;
  static SweepSpec sweep;
  /** A real sweep's output, its traces rewritten with hand-made singular values through TracesTable. */
  static Path spectrum;
  /** The same output as an earlier version wrote it: traces without the singular_values column. */
  static Path old;
  /** The real sweep's output, as the engine wrote it. */
  static Path real;

  @BeforeAll
  static void start() throws IOException {
    spark = Spark.local();
    Path f = dir.resolve("spectrum.conf");
    Files.writeString(f, """
        name = spectrum
        output = unused
        grid { kind = sensing, n = 8, m = "3*n*rank", rank = 2, alpha = [1e-1, 1e-3, 1e-5], eta = 0.25,
               seed = [1, 2, 3] }
        run { max-iterations = 3000, tolerance = 1e-10, trace-growth = 1.25 }
        reference.enabled = false
        """);
    real = dir.resolve("real");
    sweep = SweepFiles.load(f, List.of(), real.toString());
    new SweepRunner(spark, null).run(sweep, new PrintWriter(new StringWriter()));

    spectrum = dir.resolve("with-spectrum");
    old = dir.resolve("old");
    for (String table : List.of(Tables.RUNS, Tables.PROBLEMS)) {
      if (Files.exists(real.resolve(table))) {
        for (Path to : List.of(spectrum, old)) {
          spark.read().parquet(real.resolve(table).toString()).write().partitionBy("kind", "n")
              .parquet(to.resolve(table).toString());
        }
      }
    }
    spark.read().parquet(real.resolve(Tables.TRACES).toString()).drop(Figures.SINGULAR_VALUES)
        .write().partitionBy("kind", "n").parquet(old.resolve(Tables.TRACES).toString());
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<RunSpec, Trace> e : handMade(real).entrySet()) {
      for (int k = 0; k < e.getValue().size(); k++) {
        rows.add(TracesTable.TABLE.row(new TracesTable.Source(e.getKey(), e.getValue(), k, true, false, true)));
      }
    }
    spark.createDataFrame(rows, Tables.TRACES_SCHEMA).write().partitionBy("kind", "n")
        .parquet(spectrum.resolve(Tables.TRACES).toString());
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /**
   * Each run's stored trace, with σ₁ … σ₅ of a small start learned one at a time: σᵢ grows from α at rate
   * rᵢ ∝ its target sᵢ = 1, 1/2, 1/4 (a logistic, as for one mode of gradient descent), σ₄, σ₅ stay at α.
   */
  private static Map<RunSpec, Trace> handMade(Path real) {
    Map<String, RunSpec> specs = new LinkedHashMap<>();
    sweep.runs().forEach(r -> specs.put(r.runId(), r));
    Map<RunSpec, Trace> out = new LinkedHashMap<>();
    for (RunSpec run : specs.values()) {
      List<Row> points = spark.read().parquet(real.resolve(Tables.TRACES).toString())
          .where(org.apache.spark.sql.functions.col("run_id").equalTo(run.runId()))
          .orderBy("iteration").select("iteration", "time", "train_loss", "test_error", "nuclear_norm")
          .collectAsList();
      int n = points.size();
      int[] it = new int[n];
      double[][] v = new double[4][n];
      double[][] sv = new double[n][];
      double jitter = 1 + 0.1 * (run.problem().seed() - 2);
      for (int k = 0; k < n; k++) {
        Row p = points.get(k);
        it[k] = p.getInt(0);
        for (int c = 0; c < 4; c++) {
          v[c][k] = p.isNullAt(c + 1) ? Double.NaN : p.getDouble(c + 1);
        }
        double[] s = {1, 0.5, 0.25};
        sv[k] = new double[5];
        for (int i = 0; i < 3; i++) {
          double rate = 0.04 * s[i] * jitter;
          double a = run.alpha();
          sv[k][i] = s[i] / (1 + (s[i] / a - 1) * Math.exp(-rate * it[k]));
        }
        sv[k][3] = run.alpha() * 0.8;
        sv[k][4] = run.alpha() * 0.5;
      }
      if (n > 2) {
        sv[1] = null; // a point that recorded none
      }
      out.put(run, new Trace(it, v[0], v[1], v[2], v[3], new double[n], sv));
    }
    return out;
  }

  @Test
  void theColumnRoundTripsAndOldOutputsReadAsNull() {
    Map<RunSpec, Trace> made = handMade(spectrum);
    RunSpec run = made.keySet().iterator().next();
    Trace trace = made.get(run);
    List<Row> back = Tables.read(spark, Tables.TRACES, spectrum.resolve(Tables.TRACES).toString())
        .where(org.apache.spark.sql.functions.col("run_id").equalTo(run.runId())).orderBy("iteration")
        .select("iteration", Figures.SINGULAR_VALUES).collectAsList();
    assertEquals(trace.size(), back.size());
    for (int k = 0; k < back.size(); k++) {
      assertEquals(trace.iterations()[k], back.get(k).getInt(0));
      if (trace.singularValues()[k] == null) {
        assertTrue(back.get(k).isNullAt(1), "no singular values recorded at point " + k);
      } else {
        List<Object> got = back.get(k).getList(1);
        assertArrayEquals(trace.singularValues()[k], got.stream().mapToDouble(o -> (Double) o).toArray(), 0.0);
      }
    }
    // a trace without singular values gives null, and a traces folder of an earlier version reads as null
    Trace none = new Trace(trace.iterations(), trace.time(), trace.trainLoss(), trace.testError(),
        trace.nuclearNorm(), trace.errRef());
    assertTrue(TracesTable.TABLE.row(new TracesTable.Source(run, none, 0, true, false, true))
        .isNullAt(Tables.TRACES_SCHEMA.fieldIndex(Figures.SINGULAR_VALUES)));
    assertFalse(List.of(spark.read().parquet(old.resolve(Tables.TRACES).toString()).columns())
        .contains(Figures.SINGULAR_VALUES), "an old-schema table");
    assertEquals(0, Tables.read(spark, Tables.TRACES, old.resolve(Tables.TRACES).toString())
        .where("singular_values IS NOT NULL").count());
  }

  /** The engine fills the column: σ₁ ≥ … ≥ σ₅ ≥ 0 at every trace point, and plot draws them. */
  @Test
  void theEngineRecordsTheSpectrumAndPlotDrawsIt() throws IOException {
    List<Row> rows = Tables.read(spark, Tables.TRACES, real.resolve(Tables.TRACES).toString())
        .select(Figures.SINGULAR_VALUES).collectAsList();
    assertFalse(rows.isEmpty());
    for (Row r : rows) {
      assertFalse(r.isNullAt(0), "every point of a matrix run records its spectrum");
      double[] sv = r.getList(0).stream().mapToDouble(o -> (Double) o).toArray();
      assertEquals(5, sv.length, "run.trace-singular-values = 5 by default");
      for (int i = 0; i < sv.length; i++) {
        assertTrue(sv[i] >= 0 && (i == 0 || sv[i] <= sv[i - 1] * (1 + 1e-12)), java.util.Arrays.toString(sv));
      }
    }
    Path plots = Path.of(System.getProperty("spectrum.plots", dir.toString())).resolve("real-plots");
    List<Figures.Figure> figures = Figures.write(spark, real.toString(), plots, null, "png");
    assertEquals(1, figures.stream().filter(f -> f.file().getFileName().toString().startsWith("spectrum-")).count(),
        figures.toString());
    // the report shows it too, inline with its hover values
    String html = Files.readString(Report.write(spark, real.toString(), plots.resolve("report"), null));
    assertTrue(html.contains("(spectrum-"), "the spectrum figure in the report");
    assertTrue(html.contains("<title>median over 3 seeds · α = 1e-05 · σ₁ · iteration "), "its hover values");
  }

  @Test
  void theSpectrumIsDrawnPerAlphaOnlyWhenTracesHoldSingularValues() throws IOException {
    for (String ext : List.of("png", "svg")) {
      // -Dspectrum.plots=FOLDER keeps the figures to look at
      Path plots = Path.of(System.getProperty("spectrum.plots", dir.toString())).resolve("plots-" + ext);
      List<Figures.Figure> figures = Figures.write(spark, spectrum.toString(), plots, null, ext);
      List<Figures.Figure> spectra = figures.stream()
          .filter(f -> f.file().getFileName().toString().startsWith("spectrum-")).toList();
      assertEquals(1, spectra.size(), figures.toString());
      assertTrue(spectra.get(0).title().contains("per α"), spectra.get(0).title());
      if (ext.equals("png")) {
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(spectra.get(0).file().toFile());
        assertEquals(2 * 600, image.getWidth(), "three α: panels on a 2-column grid");
      } else {
        String svg = Files.readString(spectra.get(0).file());
        // hover values: each median point names α, σᵢ, the iteration and the value; each seed its run
        assertTrue(svg.matches("(?s).*<title>median over 3 seeds · α = 1e-05 · σ₂ · iteration [0-9]+: [0-9.e+-]+</title>.*"),
            "hover on median points");
        assertTrue(svg.contains("<title>run " + sweep.runs().get(0).runId() + " · α = "), "hover on each seed");
        assertTrue(Files.size(spectra.get(0).file()) < 600_000, "small: " + Files.size(spectra.get(0).file()));
      }
    }
    // an earlier version's output: no spectrum figure, every other figure as before
    List<Figures.Figure> before = Figures.write(spark, old.toString(), dir.resolve("old-plots"), null, "png");
    assertTrue(before.stream().noneMatch(f -> f.file().getFileName().toString().startsWith("spectrum-")),
        before.toString());
    assertTrue(before.stream().anyMatch(f -> f.file().getFileName().toString().contains("train_loss")),
        before.toString());
  }
}
