package org.mfsweep.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.mfsweep.results.Figures;
import org.mfsweep.results.Views;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code plot DIR [--where SQL] [--out FOLDER] [--format png|svg]}: figures of a sweep. */
@Command(name = "plot", mixinStandardHelpOptions = true,
    description = "Write figures of a sweep (PNG, or SVG with hover values): trace metrics against iteration per α "
        + "(each seed faint, the median bold), final metrics against α per m, the per-pattern summary of an "
        + "exhaustive search, and the largest singular values against iteration, one panel per α, when the traces "
        + "hold them.")
final class PlotCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "a sweep's output folder")
  String dir;

  @Option(names = "--where", paramLabel = "SQL", description = "only runs matching this predicate, e.g. \"kind = 'sensing'\"")
  String where;

  @Option(names = "--out", paramLabel = "FOLDER", description = "where to write (default DIR/plots)")
  Path out;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "png",
      description = "png (default) or svg: vector, and hovering a line or point names its run, α, iteration and value")
  String format;

  @Override public Integer call() throws IOException {
    if (!format.equals("png") && !format.equals("svg")) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--format must be png or svg, got '" + format + "'");
    }
    PrintWriter w = spec.commandLine().getOut();
    SparkSession spark = Sessions.start(SparkSession.builder().appName("mfsweep plot").config("spark.ui.enabled", false));
    Views.register(spark, dir);
    Printing.checkWhere(spark, where);
    Path folder = out != null ? out : Path.of(dir, "plots");
    List<Figures.Figure> figures = Figures.write(spark, dir, folder, where, format);
    for (Figures.Figure f : figures) {
      w.println(f.file());
    }
    w.printf("%d figure(s) in %s%n", figures.size(), folder);
    w.flush();
    return Main.OK;
  }
}
