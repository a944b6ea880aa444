package org.mfsweep.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.mfsweep.results.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code report DIR [--where SQL] [--out FOLDER]}: one self-contained HTML page. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Write one self-contained HTML page with a sweep's tables and figures (figures embedded).")
final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "a sweep's output folder")
  String dir;

  @Option(names = "--where", paramLabel = "SQL", description = "only runs matching this predicate")
  String where;

  @Option(names = "--out", paramLabel = "FOLDER", description = "where to write (default DIR/report)")
  Path out;

  @Override public Integer call() throws IOException {
    PrintWriter w = spec.commandLine().getOut();
    SparkSession spark = Sessions.start(SparkSession.builder().appName("mfsweep report")
        .config("spark.ui.enabled", false));
    Path page = Report.write(spark, dir, out != null ? out : Path.of(dir, "report"), where);
    w.println(page);
    w.flush();
    return Main.OK;
  }
}
