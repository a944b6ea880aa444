package org.mfsweep.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.mfsweep.results.Views;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code query DIR "SQL" [--format table|csv|json]} over the views runs, traces and problems. */
@Command(name = "query", mixinStandardHelpOptions = true,
    description = {"Run Spark SQL over a sweep's output. The views are the output's tables: runs (one row per run), "
        + "traces (one row per run and trace point) and problems (one row per problem, with its reference "
        + "solution and certificate), and two views computed from them: limits (per α-path group, the change of X "
        + "between consecutive α) and outcomes (per group at its smallest α, the outcome class).",
        "A query that does not parse or names what does not exist prints Spark's one-line message and exits 2."})
final class QueryCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "a sweep's output folder")
  String dir;

  @Parameters(index = "1", paramLabel = "SQL", description = "a query, e.g. \"SELECT status, count(*) FROM runs GROUP BY status\"")
  String sql;

  @Option(names = "--format", description = "table (default; doubles to 6 digits), csv (full precision; arrays as "
      + "JSON) or json (one object per line; nulls kept)")
  Printing.Format format = Printing.Format.table;

  @Option(names = "--limit", description = "print at most this many rows (default ${DEFAULT-VALUE})")
  int limit = 10_000;

  @Override public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    SparkSession spark = Sessions.start(SparkSession.builder().appName("mfsweep query")
        .config("spark.ui.enabled", false));
    Views.register(spark, dir);
    try {
      Dataset<Row> result = spark.sql(sql);
      Printing.print(out, spec.commandLine().getErr(), result, format, limit);
    } catch (Exception e) {
      // Scala does not declare AnalysisException (parse errors included), so javac cannot catch it by type;
      // errors on the data (a bad cast, say) come only when the rows are computed, hence the whole block
      if (Printing.isQueryError(e)) {
        throw new UsageError("bad query: " + Printing.oneLine(e));
      }
      throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }
    return Main.OK;
  }
}
