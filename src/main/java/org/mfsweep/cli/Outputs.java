package org.mfsweep.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.mfsweep.results.SharedViews;

/** What `serve` and `sql` share: checking the output folders, the session, the listing of what is served. */
final class Outputs {
  private Outputs() {}

  /** Local folders (no URI scheme) are checked before Spark starts; others when the views are made. */
  static void check(List<String> dirs) {
    for (String dir : dirs) {
      boolean local = !dir.matches("^[A-Za-z][A-Za-z0-9+.-]+:.*");
      if (!local && !dir.startsWith("file:")) {
        continue;
      }
      Path p = Path.of(local ? dir : dir.substring("file:".length()));
      if (!Files.isDirectory(p)) {
        throw new UsageError(dir + ": no such folder");
      }
      if (!Files.isDirectory(p.resolve("runs"))) {
        throw new UsageError(dir + " holds no runs/ table (is it the output folder of a sweep?)");
      }
    }
  }

  /**
   * The session, with a throw-away warehouse: the session catalog keeps the views in memory, but
   * creating a database makes a folder under the warehouse, which must not litter the working directory.
   */
  static SparkSession session(String appName, UnaryOperator<SparkSession.Builder> more) {
    Path warehouse;
    try {
      warehouse = Files.createTempDirectory("mfsweep-warehouse");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make a temporary folder", e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(warehouse), "mfsweep-warehouse-cleanup"));
    SparkSession.Builder b = SparkSession.builder().appName(appName)
        .config("spark.ui.enabled", false)
        .config("spark.sql.warehouse.dir", warehouse.toUri().toString());
    if (System.getProperty("spark.sql.shuffle.partitions") == null) {
      // interactive queries over small tables: 200 shuffle partitions cost more to schedule than to compute
      b = b.config("spark.sql.shuffle.partitions", Math.max(2, Runtime.getRuntime().availableProcessors()));
    }
    return Sessions.start(more.apply(b));
  }

  static void describe(PrintWriter out, List<SharedViews.Output> outputs) {
    for (SharedViews.Output o : outputs) {
      out.printf("  database %-16s %s: %s%n", o.database(), o.dir(), String.join(", ", o.tables()));
    }
    out.println(outputs.size() == 1
        ? "  the same views in the default database: SELECT count(*) FROM runs"
        : "  the default database's views are the union of all, with a first column `output` (the database): "
            + "SELECT output, count(*) FROM runs GROUP BY output");
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a temporary folder left behind is harmless
    }
  }
}
