package org.mfsweep.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.mfsweep.results.SharedViews;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sql DIR... [--format table|csv|json]}: a Spark SQL shell over the views of `serve`, one Spark start a session. */
@Command(name = "sql", mixinStandardHelpOptions = true,
    description = {"An interactive Spark SQL shell over sweeps' outputs (views runs, traces, problems, limits, outcomes; several outputs "
        + "as in serve). Statements end with ';'. Without a terminal it runs the statements read from standard "
        + "input, stopping at the first error (exit 2)."})
final class SqlCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "DIR", description = "sweep output folders")
  List<String> dirs;

  @Option(names = "--format", description = "table (default), csv or json (one object per line)")
  Printing.Format format = Printing.Format.table;

  @Option(names = "--limit", description = "print at most this many rows of each result (default ${DEFAULT-VALUE})")
  int limit = 10_000;

  @Override public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Outputs.check(dirs);
    if (limit < 1) {
      throw new UsageError("--limit " + limit + ": must be at least 1");
    }
    boolean interactive = System.console() != null;
    SparkSession spark = Outputs.session("mfsweep sql", b -> b);
    // a failing statement is reported in one line below; Spark's task-failure logs would repeat it with stack traces
    for (String logger : List.of("org.apache.spark.executor.Executor", "org.apache.spark.scheduler.TaskSetManager",
        "org.apache.spark.util.Utils")) {
      Configurator.setLevel(logger, Level.OFF);
    }
    List<SharedViews.Output> outputs = SharedViews.register(spark, dirs);
    return interactive ? shell(spark, outputs, out) : script(spark, err, out);
  }

  /** Statements from standard input, in order; the first error ends it with exit 2. */
  private int script(SparkSession spark, PrintWriter err, PrintWriter out) throws IOException {
    StringBuilder text = new StringBuilder();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      char[] buf = new char[8192];
      for (int n; (n = in.read(buf)) > 0; ) {
        text.append(buf, 0, n);
      }
    }
    Split split = split(text.toString());
    List<String> statements = new ArrayList<>(split.statements());
    if (!split.rest().isBlank()) {
      statements.add(split.rest());  // the last statement may omit its ';'
    }
    for (int i = 0; i < statements.size(); i++) {
      try {
        run(spark, statements.get(i), out);
      } catch (Exception e) {  // AnalysisException is a checked type, thrown undeclared by Scala
        out.flush();
        err.println("error: statement " + (i + 1) + ": " + oneLine(e));
        err.flush();
        return Main.USAGE;
      }
    }
    out.flush();
    return Main.OK;
  }

  private int shell(SparkSession spark, List<SharedViews.Output> outputs, PrintWriter out) throws IOException {
    try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
      LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("mfsweep-sql")
          .variable(LineReader.HISTORY_FILE, Path.of(System.getProperty("user.home"), ".mfsweep_sql_history"))
          .build();
      PrintWriter screen = terminal.writer();
      screen.println("mfsweep sql: Spark SQL over");
      Outputs.describe(screen, outputs);
      screen.println("End statements with ';'. Ctrl-D or quit leaves; Ctrl-C drops the statement being typed.");
      StringBuilder pending = new StringBuilder();
      while (true) {
        String line;
        try {
          line = reader.readLine(pending.length() == 0 ? "sql> " : "  -> ");
        } catch (UserInterruptException e) {
          pending.setLength(0);
          continue;
        } catch (EndOfFileException e) {
          return Main.OK;
        }
        if (pending.length() == 0 && List.of("quit", "exit", "\\q").contains(line.strip().toLowerCase())) {
          return Main.OK;
        }
        pending.append(line).append('\n');
        Split split = split(pending.toString());
        pending.setLength(0);
        pending.append(split.rest().isBlank() ? "" : split.rest());
        for (String statement : split.statements()) {
          long start = System.nanoTime();
          try {
            run(spark, statement, screen);
            screen.printf("(%.2f s)%n", (System.nanoTime() - start) * 1e-9);
          } catch (Exception e) {  // AnalysisException is a checked type, thrown undeclared by Scala
            screen.println("error: " + oneLine(e));
          }
          screen.flush();
        }
      }
    }
  }

  /** One statement, its result printed as `query` prints it; statements without a result print nothing. */
  private void run(SparkSession spark, String statement, PrintWriter out) {
    Dataset<Row> result = spark.sql(statement);
    if (result.schema().fields().length == 0) {
      result.collectAsList();  // commands run when their result is collected
      return;
    }
    Printing.print(out, out, result, format, limit); // the same printing as query (json keeps nulls, csv arrays as JSON)
  }

  /** Spark's message without the plan or SQL excerpt it appends on later lines, or the cause's when it has none. */
  static String oneLine(Throwable e) {
    Throwable t = e;
    while (t.getMessage() == null && t.getCause() != null) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().strip();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl).strip();
  }

  /** Complete statements (without their ';') and the unterminated rest. */
  record Split(List<String> statements, String rest) {}

  /** Splits at ';' outside quotes ('…', "…", `…`), line comments (--) and block comments. */
  static Split split(String text) {
    List<String> statements = new ArrayList<>();
    int start = 0;
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (c == '\'' || c == '"' || c == '`') {
        i++;
        while (i < n && text.charAt(i) != c) {
          i += text.charAt(i) == '\\' && c != '`' ? 2 : 1;
        }
        i++;
      } else if (c == '-' && i + 1 < n && text.charAt(i + 1) == '-') {
        while (i < n && text.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
        int end = text.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else if (c == ';') {
        String s = text.substring(start, i).strip();
        if (!s.isEmpty() && !onlyComments(s)) {
          statements.add(s);
        }
        start = ++i;
      } else {
        i++;
      }
    }
    String rest = start < n ? text.substring(start) : "";
    return new Split(statements, onlyComments(rest.strip()) ? "" : rest);
  }

  private static boolean onlyComments(String s) {
    return s.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("--[^\n]*", "").isBlank();
  }
}
