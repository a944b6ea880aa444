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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sweep's output folder and the protocol that keeps it consistent across interrupted attempts.
 *
 * <p>Each wave is first written by Spark's Parquet writer into {@code DIR/_staging/WAVE/{runs,traces}}
 * (invisible to readers of DIR/runs and DIR/traces). Once both writes succeeded, their part files are
 * renamed into the tables, traces first, and the staging folder is deleted. A rename is atomic, so a
 * reader never sees a partial file. A driver killed during the renames leaves a staging folder whose
 * two writes both succeeded: the next attempt finishes its renames ("rolls forward") before anything
 * else. A staging folder without both writes is discarded. Runs whose run_id is in DIR/runs are
 * done; nothing else is, so no run lands twice.
 */
final class OutputStore {
  private static final Logger log = LoggerFactory.getLogger(OutputStore.class);
  static final String STAGING = "_staging";
  static final String LOCK = "_lock";
  static final String MANIFEST = "manifest.json";

  private final SparkSession spark;
  private final Configuration hadoop;
  private final FileSystem fs;
  private final Path root;
  private boolean locked;

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

  Path root() {
    return root;
  }

  // ---- lock ----

  /**
   * Takes DIR/_lock, creating DIR. A lock left by a process of this host that no longer runs is
   * taken over; any other is refused.
   */
  void lock() {
    Path lock = new Path(root, LOCK);
    String me = ProcessHandle.current().pid() + "@" + host();
    try {
      if (!fs.mkdirs(root)) {
        throw new OutputException("cannot create output folder " + root);
      }
      if (fs.exists(lock)) {
        String owner = read(lock).trim();
        String[] parts = owner.split("[@ ]", 3);
        boolean sameHost = parts.length >= 2 && parts[1].equals(host());
        boolean alive = sameHost && parts[0].matches("\\d+")
            && ProcessHandle.of(Long.parseLong(parts[0])).map(ProcessHandle::isAlive).orElse(false);
        if (!sameHost || alive) {
          throw new OutputException(root + " is being written by another mfsweep (" + owner + "); if that "
              + "process is gone, remove " + lock);
        }
        log.info("taking over the lock of {}, whose process is gone", owner);
        fs.delete(lock, false);
      }
      try (OutputStream out = fs.create(lock, false)) {
        out.write((me + " " + Instant.now() + "\n").getBytes(StandardCharsets.UTF_8));
      }
      locked = true;
    } catch (FileAlreadyExistsException e) {
      throw new OutputException(root + " is being written by another mfsweep that started just now", e);
    } catch (IOException e) {
      throw new OutputException("cannot write to output folder " + root + ": " + e.getMessage(), e);
    }
  }

  void unlock() {
    if (!locked) {
      return;
    }
    try {
      fs.delete(new Path(root, LOCK), false);
      locked = false;
    } catch (IOException e) {
      log.warn("could not remove {}: {}", new Path(root, LOCK), e.getMessage());
    }
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
        // runs are written last: their _SUCCESS means every table of the wave was written
        if (fs.exists(new Path(w, Tables.RUNS + "/_SUCCESS")) && fs.exists(new Path(w, Tables.TRACES + "/_SUCCESS"))) {
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

  /** The run_ids already in DIR/runs. */
  Set<String> existingRunIds() {
    return ids(Tables.RUNS, "run_id");
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
    Path w = new Path(new Path(root, STAGING), wave);
    for (String table : Tables.ALL) {
      JavaRDD<Row> r = rows.get(table);
      if (r != null) {
        write(r, Tables.schema(table), new Path(w, table), partitions, sortKeys(table));
      }
    }
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

  private static String[] sortKeys(String table) {
    return switch (table) {
      case Tables.TRACES -> new String[] {"run_id", "iteration"};
      case Tables.PROBLEMS -> new String[] {"problem_id"};
      default -> new String[] {"run_id"};
    };
  }

  /** One file per (kind, n) folder: the rows are shuffled into as many partitions as there are folders. */
  private void write(JavaRDD<Row> rows, StructType schema, Path path, int partitions, String... sortBy) {
    Dataset<Row> df = spark.createDataFrame(rows, schema);
    df.repartition(Math.max(1, partitions), functions.col("kind"), functions.col("n"))
        .sortWithinPartitions(sortBy[0], java.util.Arrays.copyOfRange(sortBy, 1, sortBy.length))
        .write()
        .mode(SaveMode.ErrorIfExists)
        .partitionBy(Tables.PARTITION_COLUMNS.toArray(new String[0]))
        .parquet(path.toString());
  }

  /** Renames the part files of a staged wave into the tables, traces first, then deletes the wave. */
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
    }
    fs.delete(wave, true);
  }

  // ---- manifest ----

  /** The attempts recorded in DIR/manifest.json so far (empty when there is none). */
  List<Map<String, Object>> previousAttempts() {
    Path file = new Path(root, MANIFEST);
    try {
      if (!fs.exists(file)) {
        return new ArrayList<>();
      }
      Map<String, Object> old = com.typesafe.config.ConfigFactory.parseString(read(file)).root().unwrapped();
      Object attempts = old.get("attempts");
      List<Map<String, Object>> out = new ArrayList<>();
      if (attempts instanceof List<?> list) {
        for (Object a : list) {
          if (a instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put(String.valueOf(k), v));
            out.add(copy);
          }
        }
      }
      return out;
    } catch (IOException | RuntimeException e) {
      log.warn("ignoring an unreadable {}: {}", file, e.getMessage());
      return new ArrayList<>();
    }
  }

  void writeManifest(Manifest manifest) {
    manifest.write(root, hadoop);
  }

  // ---- helpers ----

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

  private String read(Path p) throws IOException {
    try (InputStream in = fs.open(p)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
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
