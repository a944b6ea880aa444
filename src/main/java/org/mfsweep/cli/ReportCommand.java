package org.mfsweep.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.mfsweep.results.Report;
import org.mfsweep.results.Views;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code report DIR [DIR2...] [--where SQL] [--out FOLDER]}: one self-contained HTML page. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Write one self-contained HTML page of a sweep: what was run (status counts, resolved "
        + "configuration), the reference certificates, the verdict on small α reaching the reference, the final "
        + "metrics (medians and range over seeds, only the columns that vary) and every figure (SVG, embedded).",
        "With two or more folders, the sweeps side by side, section by section."})
final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "DIR", description = "a sweep's output folder; several to compare")
  List<String> dirs;

  @Option(names = "--where", paramLabel = "SQL", description = "only runs matching this predicate (in every folder)")
  String where;

  @Option(names = "--out", paramLabel = "FOLDER",
      description = "where to write (default DIR/report; with several folders DIR/report-vs-NAME2)")
  Path out;

  @Override public Integer call() throws IOException {
    PrintWriter w = spec.commandLine().getOut();
    SparkSession spark = Sessions.start(SparkSession.builder().appName("mfsweep report")
        .config("spark.ui.enabled", false));
    for (String dir : dirs) { // every folder and the predicate checked before any page is written
      Views.register(spark, dir);
      Printing.checkWhere(spark, where);
    }
    Path folder = out != null ? out : dirs.size() == 1 ? Path.of(dirs.get(0), "report")
        : Path.of(dirs.get(0), "report-vs-" + Path.of(dirs.get(1)).toAbsolutePath().normalize().getFileName());
    Path page = Report.write(spark, dirs, folder, where);
    w.println(page);
    w.flush();
    return Main.OK;
  }
}
