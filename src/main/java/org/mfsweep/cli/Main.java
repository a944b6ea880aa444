package org.mfsweep.cli;

import java.io.PrintWriter;
import org.mfsweep.engine.BuildInfo;
import org.mfsweep.engine.OutputException;
import org.mfsweep.sweep.SweepFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The mfsweep command line: {@code run}, {@code plan}, {@code query}, {@code bench}. Exit codes: 0 success,
 * 1 failure (including runs that FAILED), 2 bad usage or bad sweep file.
 */
@Command(name = "mfsweep", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Sweeps of gradient descent on matrix factorization, on Apache Spark.",
    subcommands = {RunCommand.class, PlanCommand.class, QueryCommand.class, PlotCommand.class, ReportCommand.class,
        BenchCommand.class, ServeCommand.class, SqlCommand.class})
public final class Main implements Runnable {
  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int USAGE = 2;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command: run, plan, query, plot, report or bench");
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
      if (e instanceof SweepFileException || e instanceof OutputException || e instanceof UsageError
          || e instanceof IllegalArgumentException) {
        line.getErr().println("error: " + e.getMessage());
        line.getErr().flush();
        return USAGE;
      }
      line.getErr().println("error: " + e);
      e.printStackTrace(line.getErr());
      line.getErr().flush();
      return FAILURE;
    });
    return cl;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override public String[] getVersion() {
      String commit = BuildInfo.gitCommit();
      return new String[] {"mfsweep " + BuildInfo.version() + (commit == null ? "" : " (" + commit + ")")};
    }
  }
}
