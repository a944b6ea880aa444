package org.mfsweep.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.mfsweep.engine.ProblemExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code export DIR --problem ID --out FOLDER}: one problem as a data file and a sweep file that runs it. */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Write one problem of an output (generated or from a file) as a data file in mfsweep's input "
        + "format, with its test set and truth where known, and a sweep file that runs it.")
final class ExportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "a sweep's output folder")
  String dir;

  @Option(names = "--problem", paramLabel = "ID", required = true, description = "the problem_id to export")
  String problem;

  @Option(names = "--out", paramLabel = "FOLDER", required = true, description = "where to write the files")
  Path out;

  @Override public Integer call() throws IOException {
    PrintWriter w = spec.commandLine().getOut();
    SparkSession spark = Sessions.start(SparkSession.builder().appName("mfsweep export")
        .config("spark.ui.enabled", false));
    ProblemExport.Result r = ProblemExport.export(spark, dir, problem, out);
    w.printf("exported problem %s (%s, n = %d, m = %d):%n", problem, r.problem().kind(), r.problem().n(),
        r.problem().m());
    for (Path f : r.files()) {
      w.println("  " + f);
    }
    w.printf("run it with: ./submit.sh run %s%n", r.sweepFile());
    w.flush();
    return Main.OK;
  }
}
