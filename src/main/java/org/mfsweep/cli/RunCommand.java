package org.mfsweep.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.mfsweep.engine.SweepRunner;
import org.mfsweep.sweep.SweepFiles;
import org.mfsweep.sweep.SweepSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code run JOB.conf [--output DIR] [--set path=value]...} */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run every run of a sweep file and write runs/, traces/ and manifest.json.")
final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "JOB.conf", description = "the sweep file (HOCON)")
  Path job;

  @Option(names = "--output", paramLabel = "DIR", description = "output folder (replaces the file's output)")
  String output;

  @Option(names = "--set", paramLabel = "path=value", description = "override a key of the sweep file, e.g. --set grid.alpha=[1e-3,1e-4]")
  List<String> sets = new ArrayList<>();

  @Override public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    // every check of the sweep file and of the setup happens here, before Spark starts
    SweepSpec sweep = SweepFiles.load(job, sets, output);
    SparkSession spark = Sessions.start(SparkSession.builder()
        .appName("mfsweep " + sweep.name())
        .config("spark.ui.enabled", sweep.engine().ui()));
    SweepRunner.Summary summary = new SweepRunner(spark).run(sweep, out);
    if (summary.failed() > 0) {
      spec.commandLine().getErr().printf("%d of %d runs FAILED (see the error column of runs)%n", summary.failed(),
          summary.runs());
      return Main.FAILURE;
    }
    return Main.OK;
  }
}
