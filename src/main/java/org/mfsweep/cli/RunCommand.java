package org.mfsweep.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.mfsweep.engine.OutputLock;
import org.mfsweep.engine.RunOptions;
import org.mfsweep.engine.SweepRunner;
import org.mfsweep.sweep.SweepFiles;
import org.mfsweep.sweep.SweepSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code run JOB.conf [--output DIR] [--set path=value]... [--retry-failed] [--repair] [--yes]} */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run every run of a sweep file and write runs/, traces/, problems/ and manifest.json.")
final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "JOB.conf", description = "the sweep file (HOCON)")
  Path job;

  @Option(names = "--output", paramLabel = "DIR", description = "output folder (replaces the file's output)")
  String output;

  @Option(names = "--set", paramLabel = "path=value", description = "override a key of the sweep file, e.g. --set grid.alpha=[1e-3,1e-4]")
  List<String> sets = new ArrayList<>();

  @Option(names = "--retry-failed", description = "compute again the planned runs whose status is FAILED, "
      + "replacing their rows in the same commit (runs not yet in the output are computed as always)")
  boolean retryFailed;

  @Option(names = "--repair", description = "move table files that cannot be read to DIR/_quarantine/ and "
      + "compute their runs again")
  boolean repair;

  @Option(names = "--yes", description = "start even when the worst case exceeds engine.confirm-above (30 minutes by "
      + "default)")
  boolean yes;

  @Override public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    // every check of the sweep file and of the setup happens here, before Spark starts
    SweepSpec sweep = SweepFiles.load(job, sets, output);
    // the setup's checks before anything is written, then the lock: a busy output is refused before
    // Spark starts (its start takes seconds); Sessions.start repeats the checks for the other commands
    Preflight.checkJavaFlags();
    Preflight.checkMaster(System.getProperty("spark.master"));
    // the worst case, calibrated here; above engine.confirm-above only --yes starts the sweep
    Confirmation.check(sweep, yes, out);
    OutputLock lock = OutputLock.acquire(sweep.output(), OutputLock.hadoopConfiguration());
    SweepRunner.Summary summary;
    try {
      SparkSession spark = Sessions.start(SparkSession.builder()
          .appName("mfsweep " + sweep.name())
          .config("spark.ui.enabled", sweep.engine().ui()));
      summary = new SweepRunner(spark).run(sweep, out, lock, new RunOptions(retryFailed, repair));
    } finally {
      lock.close();
    }
    if (summary.failed() > 0) {
      spec.commandLine().getErr().printf("%d of %d runs FAILED (see the error column of runs; `run --retry-failed` "
          + "computes them again)%n", summary.failed(), summary.runs());
      return Main.FAILURE;
    }
    return Main.OK;
  }
}
