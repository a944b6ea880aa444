package org.mfsweep.engine;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.mfsweep.results.Tables;
import org.mfsweep.spec.Generator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sweep's output folder and the protocol that keeps it consistent across interrupted attempts.
 *
 * <p>Each wave is first written by Spark's Parquet writer into {@code DIR/_staging/WAVE/{traces,problems,runs}}
 * (invisible to readers of the tables). Once every write succeeded, {@code _READY} is written; then
 * the part files are renamed into the tables, traces first, and the staging folder is deleted. A
 * rename is atomic, so a reader never sees a partial file. A driver killed during the renames
 * leaves a ready staging folder: the next attempt finishes its renames ("rolls forward") before
 * anything else. A staging folder that is not ready is discarded. Runs whose run_id is in DIR/runs
 * are done; nothing else is, so no run lands twice.
 *
 * <p>A wave may also replace rows ({@code run --retry-failed}, {@code --repair}): it then lists the
 * table files it replaces in {@code _REPLACES} before writing anything, stages their rewrite without
 * those rows beside its new rows, and deletes them after its renames. Rolling such a wave forward
 * repeats the deletions, so a cut-short replacement never leaves a run_id twice.
 *
 * <p>A wave writes one file per table per (kind, n) folder, so the files of a folder are the waves
 * that wrote to it; the engine sizes waves (up to {@code engine.wave-runs} runs) so that tiny runs
 * make few files. Files are never compacted afterwards: merging k files into one is a rename of the
 * new file and k deletions, and a reader between them sees every row twice (a reader that lists
 * the folder before and reads after can also miss one), a window this protocol does not open.
 */
final class OutputStore {
  private static final Logger log = LoggerFactory.getLogger(OutputStore.class);
  static final String STAGING = "_staging";
  static final String LOCK = OutputLock.LOCK;
  static final String MANIFEST = Manifest.FILE;
  /** Where {@code run --repair} moves files it cannot read. */
  static final String QUARANTINE = "_quarantine";
  /** In a staged wave: written last, once every table of the wave is written. */
  static final String READY = "_READY";
  /** In a staged wave: the table files (relative to DIR) that the wave's files replace. */
  static final String REPLACES = "_REPLACES";

  private final SparkSession spark;
  private final Configuration hadoop;
  private final FileSystem fs;
  private final Path root;

  private OutputStore(SparkSession spark, FileSystem fs, Path root) {
    this.spark = spark;
    this.hadoop = spark.sparkContext().hadoopConfiguration();
    this.fs = fs;
    this.root = root;
  }

  /** Qualifies the path; fails (before anything is written) when it cannot be a folder. */
  static OutputStore open(SparkSession spark, String output) {
    Path p = new Path(output);
    try {
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      Path root = fs.makeQualified(p);
      for (Path a = root; a != null; a = a.getParent()) {
        if (fs.exists(a)) {
          if (!fs.getFileStatus(a).isDirectory()) {
            throw new OutputException("cannot use output " + root + ": " + a + " is a file, not a folder");
          }
          break;
        }
      }
      return new OutputStore(spark, fs, root);
    } catch (IOException e) {
      throw new OutputException("cannot use output " + output + ": " + e.getMessage(), e);
    }
  }

  /** The output a lock holds (taken before Spark started). */
  static OutputStore open(SparkSession spark, OutputLock lock) {
    try {
      return new OutputStore(spark, lock.root().getFileSystem(spark.sparkContext().hadoopConfiguration()),
          lock.root());
    } catch (IOException e) {
      throw new OutputException("cannot use output " + lock.root() + ": " + e.getMessage(), e);
    }
  }

  Path root() {
    return root;
  }

  // ---- recovery and schema ----

  /** Finishes or discards the staging folders an interrupted attempt left; returns how many rolled forward. */
  int recover() {
    Path staging = new Path(root, STAGING);
    int rolled = 0;
    try {
      if (!fs.exists(staging)) {
        return 0;
      }
      for (FileStatus wave : fs.listStatus(staging)) {
        Path w = wave.getPath();
        // _READY is written once every table of the wave is (older versions: runs, written last, has _SUCCESS)
        if (fs.exists(new Path(w, READY))
            || fs.exists(new Path(w, Tables.RUNS + "/_SUCCESS")) && fs.exists(new Path(w, Tables.TRACES + "/_SUCCESS"))
            && !fs.exists(new Path(w, REPLACES))) {
          log.info("finishing the commit of {} left by an interrupted attempt", w.getName());
          publish(w);
          rolled++;
        } else {
          log.info("discarding {}: an interrupted attempt did not finish writing it", w.getName());
          fs.delete(w, true);
        }
      }
      fs.delete(staging, true);
      return rolled;
    } catch (IOException e) {
      throw new OutputException("cannot recover " + staging + ": " + e.getMessage(), e);
    }
  }

  /** Refuses tables whose columns differ from this version's (another tool's, or an older schema). */
  void checkSchema() {
    for (String table : Tables.ALL) {
      Path path = new Path(root, table);
      if (!exists(path)) {
        continue;
      }
      String stranger = firstNonParquetFile(path);
      if (stranger != null) {
        throw new OutputException(path + " holds files that are not Parquet (" + stranger + "); write this sweep "
            + "to another --output");
      }
      if (!hasParquet(path)) {
        continue;
      }
      StructType found = spark.read().option("basePath", path.toString()).option("mergeSchema", "true")
          .parquet(path.toString()).schema();
      List<String> problems = new ArrayList<>();
      Map<String, StructField> foundByName = new LinkedHashMap<>();
      for (StructField f : found.fields()) {
        foundByName.put(f.name(), f);
      }
      for (StructField f : Tables.schema(table).fields()) {
        StructField g = foundByName.remove(f.name());
        if (g == null) {
          if (!f.nullable()) { // a nullable column an older version did not write reads as null
            problems.add("missing column " + f.name());
          }
        } else if (!g.dataType().catalogString().equals(f.dataType().catalogString())) { // nullability aside
          problems.add(f.name() + " is " + g.dataType().simpleString() + ", expected " + f.dataType().simpleString());
        }
      }
      for (String extra : foundByName.keySet()) {
        problems.add("unexpected column " + extra);
      }
      if (!problems.isEmpty()) {
        throw new OutputException(path + " holds a table of another schema (" + String.join("; ", problems)
            + "); write this sweep to another --output");
      }
    }
  }

  /**
   * The run_ids already in DIR/runs, streamed to the driver one partition at a time into a sorted
   * long[] (8 bytes a run; see {@link RunIds}).
   */
  RunIds existingRunIds() {
    return runIds(table(Tables.RUNS));
  }

  private RunIds runIds(Dataset<Row> rows) {
    if (rows == null) {
      return RunIds.EMPTY;
    }
    Iterator<Row> it = rows.select("run_id").toLocalIterator();
    return RunIds.of(new Iterator<>() {
      @Override public boolean hasNext() {
        return it.hasNext();
      }

      @Override public String next() {
        return it.next().getString(0);
      }
    }, new Path(root, Tables.RUNS).toString());
  }

  /**
   * Refuses (exit 2, before anything is computed) a sweep whose problems another generator draws
   * than the problems already in the output: the two generators' problems of one grid point have
   * different problem_ids and run_ids, so a resumed sweep would compute every run again beside the
   * old ones. Problems written before generators existed (a null column) are well-polar's.
   */
  void checkGenerator(Generator wanted, String sweepFile) {
    Dataset<Row> t = table(Tables.PROBLEMS);
    if (t == null) {
      return;
    }
    List<String> found = new ArrayList<>();
    for (Row r : t.select(functions.coalesce(functions.col("generator"),
        functions.lit(Generator.WELL_POLAR.configName()))).distinct().collectAsList()) {
      found.add(r.getString(0));
    }
    found.remove(wanted.configName());
    if (!found.isEmpty()) {
      String theirs = found.get(0);
      throw new OutputException(root + " holds problems drawn by generator " + String.join(" and ", found)
          + ", and this sweep draws them by " + wanted.configName() + " (one output holds one generator's problems; "
          + "before the ziggurat generator every output was well-polar's). To resume it, set generator = " + theirs
          + " in " + sweepFile + " (or --set generator=" + theirs + "); to draw by " + wanted.configName()
          + ", choose another --output");
    }
  }

  /** The problem_ids already in DIR/problems. */
  Set<String> existingProblemIds() {
    return ids(Tables.PROBLEMS, "problem_id");
  }

  private Set<String> ids(String table, String column) {
    Dataset<Row> t = table(table);
    Set<String> ids = new HashSet<>();
    if (t != null) {
      for (Row r : t.select(column).collectAsList()) {
        ids.add(r.getString(0));
      }
    }
    return ids;
  }

  /** A table of the output, or null when it has no rows yet. */
  Dataset<Row> table(String table) {
    Path path = new Path(root, table);
    if (!exists(path) || !hasParquet(path)) {
      return null;
    }
    return Tables.read(spark, table, path.toString());
  }

  // ---- waves ----

  /**
   * Writes one wave's rows through staging into the tables (see the class comment): traces,
   * problems (when given), then runs, each partitioned into one file per (kind, n) folder.
   */
  void commitWave(String wave, Map<String, JavaRDD<Row>> rows, int partitions) {
    commitWave(wave, rows, partitions, Set.of());
  }

  /**
   * Like {@link #commitWave(String, Map, int)}, and the rows of the run_ids in replace leave the
   * runs and traces tables in the same commit: every table file holding one of them is rewritten
   * without them, staged beside the new rows, and deleted once the new files are in place. The
   * staged wave lists the files it replaces ({@link #REPLACES}, written before anything else), so
   * a driver killed between the renames and the deletions leaves a wave that recovery finishes.
   */
  void commitWave(String wave, Map<String, JavaRDD<Row>> rows, int partitions, Set<String> replace) {
    Path w = new Path(new Path(root, STAGING), wave);
    Map<String, List<String>> replaced = new LinkedHashMap<>();
    if (!replace.isEmpty()) {
      for (String table : List.of(Tables.TRACES, Tables.RUNS)) {
        replaced.put(table, filesHolding(table, replace));
      }
      List<String> lines = new ArrayList<>();
      replaced.forEach((table, files) -> files.forEach(f -> lines.add(table + "/" + f)));
      writeText(new Path(w, REPLACES), String.join("\n", lines) + "\n");
    }
    // the tables' writes are independent until READY: they run at once, so that one write's
    // planning on the driver and its tasks' start overlap the others' (three cold starts, not in a row)
    List<Thread> writers = new ArrayList<>();
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (String table : Tables.ALL) {
      List<String> rewrite = replaced.getOrDefault(table, List.of());
      if (rows.get(table) == null && rewrite.isEmpty()) {
        continue;
      }
      // a thread made here inherits this one's Spark job group, so an interruption cancels its write too
      Thread t = new Thread(() -> {
        try {
          Dataset<Row> df = rows.get(table) == null ? null : spark.createDataFrame(rows.get(table), Tables.schema(table));
          if (!rewrite.isEmpty()) {
            Dataset<Row> kept = keptRows(table, rewrite, replace);
            df = df == null ? kept : df.unionByName(kept);
          }
          write(df, new Path(w, table), partitions, sortKeys(table));
        } catch (Throwable e) {
          failures.add(e);
        }
      }, "mfsweep-commit-" + table);
      writers.add(t);
      t.start();
    }
    for (Thread t : writers) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new OutputException("interrupted while committing " + wave, e);
      }
    }
    if (!failures.isEmpty()) {
      Throwable first = failures.get(0);
      for (Throwable other : failures.subList(1, failures.size())) {
        first.addSuppressed(other);
      }
      throw OutputStore.<RuntimeException>rethrow(first);
    }
    writeText(new Path(w, READY), "");
    try {
      publish(w);
      FileStatus[] left = fs.listStatus(new Path(root, STAGING));
      if (left.length == 0) {
        fs.delete(new Path(root, STAGING), true);
      }
    } catch (IOException e) {
      throw new OutputException("cannot publish " + w + ": " + e.getMessage(), e);
    }
  }

  /** The files of a table (relative to the table's folder) holding a row of one of the run_ids. */
  private List<String> filesHolding(String table, Set<String> runIds) {
    Dataset<Row> t = table(table);
    if (t == null) {
      return List.of();
    }
    String prefix = new Path(root, table).toUri().getPath() + "/";
    List<String> files = new ArrayList<>();
    for (Row r : t.where(functions.col("run_id").isin(runIds.toArray())).select("_metadata.file_path").distinct()
        .collectAsList()) {
      String path = new Path(java.net.URI.create(r.getString(0))).toUri().getPath();
      if (!path.startsWith(prefix)) {
        throw new OutputException("cannot replace rows of " + path + ": it is not under " + prefix);
      }
      files.add(path.substring(prefix.length()));
    }
    java.util.Collections.sort(files);
    return files;
  }

  /** The rows of the given files of a table whose run_id is not in drop, in the table's schema. */
  private Dataset<Row> keptRows(String table, List<String> files, Set<String> drop) {
    Path dir = new Path(root, table);
    String[] paths = files.stream().map(f -> new Path(dir, f).toString()).toArray(String[]::new);
    // read with this version's schema: a column older files lack reads as null, and no cast is needed
    Dataset<Row> rows = spark.read().schema(Tables.schema(table)).option("basePath", dir.toString()).parquet(paths)
        .where(functions.not(functions.col("run_id").isin(drop.toArray())));
    return rows.select(Tables.columns(Tables.schema(table))[0], java.util.Arrays.copyOfRange(
        Tables.columns(Tables.schema(table)), 1, Tables.schema(table).fields().length));
  }

  private static String[] sortKeys(String table) {
    return switch (table) {
      case Tables.TRACES -> new String[] {"run_id", "iteration"};
      case Tables.PROBLEMS -> new String[] {"problem_id"};
      default -> new String[] {"run_id"};
    };
  }

  /**
   * One file per (kind, n) folder: the rows are shuffled into as many partitions as there are
   * folders. With partitions ≤ 1 (a wave of one folder, or one the caller finds small) they are
   * coalesced into one partition instead: one write task reads the computed rows where they are
   * cached and writes every folder's file, with no shuffle stage (a job and a cold start per
   * executor fewer in every commit).
   */
  private void write(Dataset<Row> df, Path path, int partitions, String... sortBy) {
    Dataset<Row> grouped = partitions <= 1 ? df.coalesce(1)
        : df.repartition(partitions, functions.col("kind"), functions.col("n"));
    // by folder first: a partition holding several folders is then written one file per folder, in
    // run_id order, with no sort of Spark's own on the folder columns in between
    List<String> keys = new ArrayList<>(Tables.PARTITION_COLUMNS);
    keys.addAll(List.of(sortBy));
    grouped.sortWithinPartitions(keys.get(0), keys.subList(1, keys.size()).toArray(new String[0]))
        .write()
        .mode(SaveMode.ErrorIfExists)
        .partitionBy(Tables.PARTITION_COLUMNS.toArray(new String[0]))
        .parquet(path.toString());
  }

  /**
   * Renames the part files of a staged wave into the tables, traces first, then deletes the files
   * the wave replaces, then the wave. Every step can be repeated, so recovery may call it again.
   */
  private void publish(Path wave) throws IOException {
    for (String table : Tables.ALL) {
      Path from = new Path(wave, table);
      if (!fs.exists(from)) {
        continue;
      }
      String prefix = from.toUri().getPath();
      RemoteIterator<LocatedFileStatus> files = fs.listFiles(from, true);
      List<Path> parts = new ArrayList<>();
      while (files.hasNext()) {
        Path f = files.next().getPath();
        String name = f.getName();
        if (!name.startsWith("_") && !name.startsWith(".")) {
          parts.add(f);
        }
      }
      for (Path f : parts) {
        String relative = f.toUri().getPath().substring(prefix.length() + 1);
        Path to = new Path(new Path(root, table), relative);
        fs.mkdirs(to.getParent());
        if (!fs.rename(f, to)) {
          throw new IOException("rename " + f + " → " + to + " failed");
        }
      }
      if (!parts.isEmpty()) {
        FailureInjection.commitPoint("mid-rename"); // a table renamed, the next not yet: a kill here rolls forward
      }
    }
    Path replaces = new Path(wave, REPLACES);
    if (fs.exists(replaces)) {
      FailureInjection.commitPoint("before-delete");
      for (String line : readText(replaces).split("\n")) {
        if (!line.isBlank()) {
          Path old = new Path(root, line.trim());
          fs.delete(old, false);
          fs.delete(new Path(old.getParent(), "." + old.getName() + ".crc"), false);
        }
      }
    }
    fs.delete(wave, true);
  }

  /**
   * Removes a staged wave that an interruption abandoned, unless it is ready (its renames may have
   * begun: recovery finishes it).
   */
  void discardStaged(String wave) {
    Path w = new Path(new Path(root, STAGING), wave);
    try {
      if (fs.exists(w) && !fs.exists(new Path(w, READY))) {
        fs.delete(w, true);
      }
    } catch (IOException e) {
      log.warn("could not remove the abandoned {}: {} (the next run discards it)", w, e.getMessage());
    }
  }

  /** The run_ids whose row in DIR/runs has status FAILED. */
  RunIds failedRunIds() {
    Dataset<Row> t = table(Tables.RUNS);
    return runIds(t == null ? null : t.where(functions.col("status").equalTo("FAILED")));
  }

  // ---- unreadable files ----

  /**
   * Checks that every Parquet file of the tables has a readable footer (a truncated or overwritten
   * file does not). Without repair an unreadable file is refused with one line naming it; with
   * repair it is moved to DIR/_quarantine/STAMP/TABLE/… and then {@link #dropOrphans} removes the
   * rows that lost their partners, so that their runs are computed again.
   *
   * @return the files quarantined, relative to DIR
   */
  List<String> checkReadable(boolean repair, String stamp) {
    List<String> bad = new ArrayList<>();
    List<String> why = new ArrayList<>();
    for (String table : Tables.ALL) {
      Path dir = new Path(root, table);
      if (!exists(dir)) {
        continue;
      }
      try {
        RemoteIterator<LocatedFileStatus> files = fs.listFiles(dir, true);
        while (files.hasNext()) {
          Path f = files.next().getPath();
          if (!f.getName().endsWith(".parquet") || f.getName().startsWith(".") || f.getName().startsWith("_")) {
            continue;
          }
          try (org.apache.parquet.hadoop.ParquetFileReader reader = org.apache.parquet.hadoop.ParquetFileReader.open(
              org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(f, hadoop))) {
            reader.getFooter();
          } catch (IOException | RuntimeException e) {
            bad.add(f.toUri().getPath().substring(root.toUri().getPath().length() + 1));
            why.add(String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
          }
        }
      } catch (IOException e) {
        throw new OutputException("cannot list " + dir + ": " + e.getMessage(), e);
      }
    }
    if (bad.isEmpty()) {
      return bad;
    }
    if (!repair) {
      throw new OutputException(new Path(root, bad.get(0)) + " cannot be read (" + why.get(0) + ")"
          + (bad.size() > 1 ? " and " + (bad.size() - 1) + " more file(s)" : "") + "; nothing was changed: run "
          + "again with --repair, which moves unreadable files to " + new Path(root, QUARANTINE)
          + "/ and computes their runs again, or move the file(s) aside yourself");
    }
    try {
      for (String f : bad) {
        Path to = new Path(new Path(new Path(root, QUARANTINE), stamp), f);
        fs.mkdirs(to.getParent());
        if (!fs.rename(new Path(root, f), to)) {
          throw new IOException("rename " + f + " → " + to + " failed");
        }
        Path crc = new Path(new Path(root, f).getParent(), "." + new Path(f).getName() + ".crc");
        fs.delete(crc, false);
        log.warn("moved the unreadable {} to {}", f, to);
      }
    } catch (IOException e) {
      throw new OutputException("cannot quarantine unreadable files of " + root + ": " + e.getMessage(), e);
    }
    return bad;
  }

  /**
   * After files were quarantined: the run_ids whose rows no longer agree across tables (traces
   * without their runs row; a runs row without its traces, unless FAILED; a runs row whose problem
   * has no problems row) leave runs and traces in one commit, so that the sweep computes them again.
   *
   * @return how many run_ids were dropped
   */
  int dropOrphans(String wave) {
    Dataset<Row> runs = table(Tables.RUNS);
    Dataset<Row> traces = table(Tables.TRACES);
    Dataset<Row> problems = table(Tables.PROBLEMS);
    Set<String> drop = new HashSet<>();
    Dataset<Row> traced = traces == null ? null : traces.select("run_id").distinct();
    if (traced != null) {
      Dataset<Row> orphans = runs == null ? traced : traced.join(runs.select("run_id"), "run_id", "left_anti");
      orphans.collectAsList().forEach(r -> drop.add(r.getString(0)));
    }
    if (runs != null) {
      Dataset<Row> ok = runs.where(functions.col("status").notEqual("FAILED")).select("run_id");
      Dataset<Row> untraced = traced == null ? ok : ok.join(traced, "run_id", "left_anti");
      untraced.collectAsList().forEach(r -> drop.add(r.getString(0)));
      Dataset<Row> unknown = problems == null ? runs.select("run_id")
          : runs.join(problems.select("problem_id"), "problem_id", "left_anti").select("run_id");
      unknown.collectAsList().forEach(r -> drop.add(r.getString(0)));
    }
    if (!drop.isEmpty()) {
      commitWave(wave, Map.of(), 1, drop);
    }
    return drop.size();
  }

  // ---- manifest ----

  /**
   * The attempts recorded in DIR/manifest.json so far (empty when there is none).
   *
   * @throws OutputException when manifest.json exists but cannot be read
   */
  List<Map<String, Object>> previousAttempts() {
    return Manifest.attempts(fs, root);
  }

  void writeManifest(Manifest manifest) {
    manifest.write(root, hadoop);
  }

  // ---- helpers ----

  /** Rethrows t as it is, checked or not (Spark's checked exceptions pass through Java undeclared). */
  @SuppressWarnings("unchecked")
  private static <T extends Throwable> RuntimeException rethrow(Throwable t) throws T {
    throw (T) t;
  }

  private boolean exists(Path p) {
    try {
      return fs.exists(p);
    } catch (IOException e) {
      throw new OutputException("cannot look at " + p + ": " + e.getMessage(), e);
    }
  }

  private boolean hasParquet(Path p) {
    try {
      RemoteIterator<LocatedFileStatus> files = fs.listFiles(p, true);
      while (files.hasNext()) {
        if (files.next().getPath().getName().endsWith(".parquet")) {
          return true;
        }
      }
      return false;
    } catch (FileNotFoundException e) {
      return false;
    } catch (IOException e) {
      throw new OutputException("cannot list " + p + ": " + e.getMessage(), e);
    }
  }

  /** A visible file under p that is not a Parquet part file, or null. */
  private String firstNonParquetFile(Path p) {
    try {
      if (!fs.getFileStatus(p).isDirectory()) {
        return p.getName();
      }
      RemoteIterator<LocatedFileStatus> files = fs.listFiles(p, true);
      while (files.hasNext()) {
        String name = files.next().getPath().getName();
        if (!name.startsWith("_") && !name.startsWith(".") && !name.endsWith(".parquet")) {
          return name;
        }
      }
      return null;
    } catch (IOException e) {
      throw new OutputException("cannot list " + p + ": " + e.getMessage(), e);
    }
  }

  private String readText(Path p) throws IOException {
    try (InputStream in = fs.open(p)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private void writeText(Path p, String text) {
    try (OutputStream out = fs.create(p, true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new OutputException("cannot write " + p + ": " + e.getMessage(), e);
    }
  }

  static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown-host";
    }
  }
}
