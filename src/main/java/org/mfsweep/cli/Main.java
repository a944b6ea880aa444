package org.mfsweep.cli;

import java.io.PrintWriter;
import org.mfsweep.spec.BuildInfo;
import org.mfsweep.engine.OutputException;
import org.mfsweep.sweep.SweepFileException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The mfsweep command line: the subcommands listed below. Exit codes: 0 success,
 * 1 failure (including runs that FAILED), 2 bad usage or bad sweep file.
 */
@Command(name = "mfsweep", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Sweeps of gradient descent on matrix factorization, on Apache Spark.",
    subcommands = {RunCommand.class, PlanCommand.class, QueryCommand.class, PlotCommand.class, ReportCommand.class,
        ExportCommand.class, BenchCommand.class, ServeCommand.class, SqlCommand.class})
public final class Main implements Runnable {
  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int USAGE = 2;
  private static final Logger log = LoggerFactory.getLogger(Main.class);

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command: one of "
        + String.join(", ", spec.subcommands().keySet()));
  }

  public static void main(String[] args) {
    System.exit(commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true)).execute(args));
  }

  /** The command line with its output and error writers; exit codes as documented above. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler((e, line, parsed) -> {
      if (Printing.isQueryError(e)) { // Spark's own error in what the user wrote: its message, not its stack
        line.getErr().println("error: " + Printing.oneLine(e));
        line.getErr().flush();
        return USAGE;
      }
      int code = exitCode(e);
      if (e instanceof org.mfsweep.engine.SweepRunner.Interrupted) {
        line.getErr().println("mfsweep: " + e.getMessage() + "; run the same command again to finish the sweep");
        line.getErr().flush();
        return FAILURE; // the JVM is exiting already, with 128 + the signal's number
      }
      if (code == USAGE) {
        line.getErr().println("error: " + e.getMessage());
      } else {
        // an internal error: one line for the user, the stack trace in the log
        log.error("internal error", e);
        line.getErr().println("error: " + oneLine(e) + " (an internal error; the stack trace is in the log above)");
      }
      line.getErr().flush();
      return code;
    });
    return cl;
  }

  /**
   * USAGE for bad usage and bad input (the exceptions that say what the user must change), FAILURE
   * for anything else: an IllegalArgumentException from inside the engine is a bug, not bad input.
   */
  static int exitCode(Throwable e) {
    return e instanceof SweepFileException || e instanceof OutputException || e instanceof UsageError
        || e instanceof org.mfsweep.engine.SetupException || e instanceof org.mfsweep.results.NotAnOutputException
        ? USAGE : FAILURE;
  }

  /** The exception's class and the first line of its message. */
  static String oneLine(Throwable e) {
    String message = String.valueOf(e.getMessage());
    int newline = message.indexOf('\n');
    return e.getClass().getSimpleName() + ": " + (newline < 0 ? message : message.substring(0, newline) + " …");
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override public String[] getVersion() {
      String commit = BuildInfo.gitCommit();
      return new String[] {"mfsweep " + BuildInfo.version() + (commit == null ? "" : " (" + commit + ")")};
    }
  }
}
