package org.mfsweep.engine;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.mfsweep.optim.Optimizers;
import org.mfsweep.problem.BuiltProblem;
import org.mfsweep.problem.EntryOperator;
import org.mfsweep.problem.Kinds;
import org.mfsweep.problem.MeasurementOperator;
import org.mfsweep.problem.Problem;
import org.mfsweep.results.Views;
import org.mfsweep.spec.Generator;
import org.mfsweep.spec.Kind;
import org.mfsweep.spec.ObservedData;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.spec.Sampling;
import org.mfsweep.sweep.DataFiles;
import org.mfsweep.sweep.DataSpec;

/**
 * Writes one problem of an output — generated or from a file — as a data file in the engine's own
 * input format, so that anyone can solve it with another tool, and a sweep file that runs it:
 * <ul>
 *   <li>completion: {@code observations.csv} (row, col, value; 0-based, j ≤ k, in measurement order);
 *   <li>sensing: {@code measurements.parquet} (value, matrix: Aᵢ as n² doubles column-major);
 *   <li>the held-out test set beside it ({@code test.csv} / {@code test.parquet}) and the truth
 *       X* ({@code truth.csv}, the upper triangle as row, col, value) where known;
 *   <li>{@code sweep.conf}: the data file with test-fraction 0 (the problem is exactly the file, in
 *       its order) and the original sweep's grid, run and reference settings.
 * </ul>
 * General rows × cols problems (those of asymmetric runs) are refused with a clear error: the
 * engine's input format for them is the rectangular completion file, and sensing files hold
 * symmetric matrices only.
 * The measurements and values are written exactly (doubles in full), so the exported problem's
 * operator and y are the original's bit for bit and its runs give the same numbers.
 */
public final class ProblemExport {
  private ProblemExport() {}

  /** What was written. */
  public record Result(ProblemSpec problem, Path sweepFile, List<Path> files) {}

  /** @throws IllegalArgumentException when the output has no such problem or the kind has no data-file form */
  public static Result export(SparkSession spark, String dir, String problemId, Path out) throws IOException {
    Views.register(spark, dir);
    List<Row> rows = spark.table("problems").where(org.apache.spark.sql.functions.col("problem_id").equalTo(problemId))
        .select("kind", "n", "m", "rank", "seed", "sampling", "power_law_exponent", "pattern", "data_id", "data_file",
            "general", "cols", "generator")
        .collectAsList();
    if (rows.isEmpty()) {
      throw new IllegalArgumentException(dir + " holds no problem " + problemId + " (see: ./submit.sh query " + dir
          + " \"SELECT problem_id, kind, n, m FROM problems\")");
    }
    Row r = rows.get(0);
    Kind kind = new Kind(r.getString(0));
    if (!r.isNullAt(10) && r.getBoolean(10)) {
      throw new IllegalArgumentException("problem " + problemId + " is a general " + r.getInt(1) + " × " + r.getInt(11)
          + " " + kind + " problem (X = W_N ⋯ W_1 runs); export writes symmetric problems only, in the engine's "
          + "symmetric input format");
    }
    if (!Kinds.of(kind).fromFiles()) {
      throw new IllegalArgumentException("problem " + problemId + " is " + kind + "; data files hold completion or "
          + "sensing problems only");
    }
    ProblemSpec spec = new ProblemSpec(kind, r.getInt(1), r.getInt(2), r.getInt(3), r.getLong(4),
        Sampling.parse(r.getString(5)), r.isNullAt(6) ? 0 : r.getDouble(6), r.isNullAt(7) ? -1 : r.getLong(7),
        r.isNullAt(8) ? null : r.getString(8))
        // outputs of before the ziggurat generator have no generator column: their problems are well-polar's
        .withGenerator(r.isNullAt(12) ? Generator.WELL_POLAR : Generator.parse(r.getString(12)));
    Config sweep = attemptConfig(dir, r.isNullAt(9) ? null : r.getString(9));
    BuiltProblem built;
    if (spec.fromData()) {
      built = Kinds.of(kind).build(spec, dataOf(sweep));
    } else {
      built = Kinds.of(kind).build(spec, sweep.getInt("run.test-size"));
    }
    if (!spec.id().equals(problemId)) {
      throw new IllegalStateException("problem " + problemId + " rebuilt as " + spec.id());
    }
    Problem p = (Problem) built;
    Files.createDirectories(out);
    List<Path> files = new ArrayList<>();
    Path data;
    String format;
    if (kind.equals(Kind.COMPLETION)) {
      data = out.resolve("observations.csv");
      writeEntries(data, (EntryOperator) p.train(), p.y());
      if (p.test().m() > 0) {
        files.add(writeEntries(out.resolve("test.csv"), (EntryOperator) p.test(), p.yTest()));
      }
      format = "csv";
    } else {
      data = out.resolve("measurements.parquet");
      writeMatrices(spark, data, p.train(), p.y());
      if (p.test().m() > 0) {
        files.add(writeMatrices(spark, out.resolve("test.parquet"), p.test(), p.yTest()));
      }
      format = "parquet";
    }
    files.add(0, data);
    if (p.truth() != null) {
      files.add(writeTruth(out.resolve("truth.csv"), p.n(), p.truth()));
    }
    Path conf = out.resolve("sweep.conf");
    Files.writeString(conf, sweepFile(problemId, spec, sweep, data.toAbsolutePath(), format,
        out.resolve("out").toAbsolutePath()), StandardCharsets.UTF_8);
    files.add(conf);
    return new Result(spec, conf, files);
  }

  /** The resolved sweep file of the latest attempt that made this problem (matching data file, if any). */
  private static Config attemptConfig(String dir, String dataFile) throws IOException {
    Path manifest = Path.of(dir, OutputStore.MANIFEST);
    if (!Files.isRegularFile(manifest)) {
      throw new IllegalArgumentException(dir + " has no " + OutputStore.MANIFEST + ": cannot tell the problem's settings");
    }
    Config m = ConfigFactory.parseString(Files.readString(manifest, StandardCharsets.UTF_8));
    List<? extends Config> attempts = m.getConfigList("attempts");
    for (int i = attempts.size() - 1; i >= 0; i--) {
      Config c = attempts.get(i).getConfig("config");
      String file = c.hasPath("data.file") ? c.getString("data.file").trim() : "";
      if (dataFile == null ? file.isEmpty() : file.equals(dataFile) || Path.of(file).toAbsolutePath()
          .equals(Path.of(dataFile).toAbsolutePath())) {
        return c;
      }
    }
    throw new IllegalArgumentException("no attempt in " + manifest + " made this problem"
        + (dataFile == null ? "" : " (data file " + dataFile + ")"));
  }

  private static ObservedData dataOf(Config c) {
    Config d = c.getConfig("data");
    String file = d.getString("file").trim();
    String format = d.getString("format");
    if (format.equals("auto")) {
      String lower = file.toLowerCase(java.util.Locale.ROOT);
      format = lower.endsWith(".csv") || lower.endsWith(".csv.gz") ? "csv" : "parquet";
    }
    DataSpec spec = new DataSpec(file, new Kind(d.getString("kind")), format, d.getInt("index-base"),
        d.getString("shape").equals("rectangular"), d.getInt("rows"), d.getInt("cols"), d.getString("row-column"),
        d.getString("col-column"), d.getString("value-column"), d.getString("matrix-column"),
        d.getDouble("test-fraction"));
    return DataFiles.load(spec, "data.file");
  }

  private static Path writeEntries(Path file, EntryOperator op, double[] values) throws IOException {
    int n = op.n();
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("row,col,value\n");
      for (int i = 0; i < op.m(); i++) {
        int index = op.index(i);
        w.write((index % n) + "," + (index / n) + "," + values[i] + "\n");
      }
    }
    return file;
  }

  private static Path writeTruth(Path file, int n, double[] truth) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("row,col,value\n");
      for (int k = 0; k < n; k++) {
        for (int j = 0; j <= k; j++) {
          w.write(j + "," + k + "," + truth[j + k * n] + "\n");
        }
      }
    }
    return file;
  }

  /** One row per measurement: its value and Aᵢ = A*(eᵢ) as n² doubles, column-major. */
  private static Path writeMatrices(SparkSession spark, Path file, MeasurementOperator op, double[] values) {
    int n = op.n();
    MeasurementOperator.Evaluator e = op.evaluator();
    double[] unit = new double[op.m()];
    List<Row> rows = new ArrayList<>(op.m());
    for (int i = 0; i < op.m(); i++) {
      unit[i] = 1;
      double[] a = new double[n * n];
      e.adjoint(unit, a);
      unit[i] = 0;
      rows.add(RowFactory.create(values[i], a));
    }
    StructType schema = new StructType().add("value", DataTypes.DoubleType, false)
        .add("matrix", DataTypes.createArrayType(DataTypes.DoubleType, false), false);
    spark.createDataFrame(rows, schema).coalesce(1).write().mode(SaveMode.ErrorIfExists).parquet(file.toString());
    return file;
  }

  /** The sweep file: the exported data, test-fraction 0, and the original grid, run and reference blocks. */
  private static String sweepFile(String id, ProblemSpec spec, Config original, Path data, String format,
                                  Path output) {
    Map<String, Object> dataBlock = new LinkedHashMap<>();
    dataBlock.put("file", data.toString());
    dataBlock.put("kind", spec.kind().configName());
    dataBlock.put("format", format);
    dataBlock.put("index-base", 0);
    dataBlock.put("shape", "symmetric");
    dataBlock.put("rows", spec.n());
    dataBlock.put("test-fraction", 0);
    Config grid = original.getConfig("grid");
    for (String fixed : List.of("kind", "n", "m", "rank", "seed", "sampling", "power-law-exponent", "pattern")) {
      grid = grid.withoutPath(fixed);
    }
    // the exported problem is symmetric: no general shape, and problem = auto fits it with every factorization
    for (String shape : List.of("rows", "cols", "problem")) {
      grid = grid.withoutPath(shape);
    }
    if (grid.hasPath("factorization") && !String.valueOf(grid.getValue("factorization").unwrapped())
        .contains("asymmetric")) {
      grid = grid.withoutPath("depth"); // the resolved default, read by asymmetric runs only
    }
    // the resolved file carries every default: keep only the settings its optimizers read
    List<String> optimizers = grid.getValue("optimizer").unwrapped() instanceof List<?> l
        ? l.stream().map(String::valueOf).toList() : List.of(grid.getString("optimizer"));
    for (Map.Entry<String, List<String>> e : Optimizers.keys().entrySet()) {
      if (e.getKey().startsWith("grid.") && e.getValue().stream().noneMatch(optimizers::contains)) {
        grid = grid.withoutPath(e.getKey().substring("grid.".length()));
      }
    }
    Config c = ConfigFactory.empty()
        .withValue("name", ConfigValueFactory.fromAnyRef("export-" + id))
        .withValue("output", ConfigValueFactory.fromAnyRef(output.toString()))
        .withValue("data", ConfigValueFactory.fromMap(dataBlock))
        .withValue("grid", grid.root())
        .withValue("run", original.getConfig("run").root())
        .withValue("reference", original.getConfig("reference").root());
    return "# Problem " + id + " (" + spec + "), exported by mfsweep: the data file holds exactly its\n"
        + "# training measurements; run it with ./submit.sh run " + "<this file>\n"
        + c.root().render(ConfigRenderOptions.defaults().setOriginComments(false).setJson(false)) + "\n";
  }
}
