package org.mfsweep.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;
import org.apache.spark.scheduler.SparkListenerApplicationStart;
import org.apache.spark.scheduler.SparkListenerExecutorAdded;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * The Spark events {@code bench --cases cluster} splits a sweep's wall time by, written by the
 * sweep's own driver (a separate {@code ./submit.sh run}) as they happen, one line each, to the
 * file of {@code spark.mfsweep.bench.events}; {@link ClusterBench.Split#parse} reads them. Enabled
 * with {@code --conf spark.extraListeners=org.mfsweep.cli.ClusterEvents}. Times are epoch
 * milliseconds:
 * <pre>
 * app-start T | app-end T | executor T | job ID START COMPUTE(0/1) STAGE... | job-end ID T | task STAGE LAUNCH FINISH
 * </pre>
 */
public final class ClusterEvents extends SparkListener {
  /** The Spark property naming the events file. */
  public static final String FILE = "spark.mfsweep.bench.events";

  private final PrintWriter out;

  public ClusterEvents(SparkConf conf) {
    try {
      out = new PrintWriter(Files.newBufferedWriter(Path.of(conf.get(FILE)), StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND), true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the bench's events to " + conf.get(FILE), e);
    }
  }

  private synchronized void line(String format, Object... args) {
    out.println(String.format(Locale.ROOT, format, args));
  }

  @Override public void onApplicationStart(SparkListenerApplicationStart e) {
    line("app-start %d", e.time());
  }

  @Override public void onApplicationEnd(SparkListenerApplicationEnd e) {
    line("app-end %d", e.time());
  }

  @Override public void onExecutorAdded(SparkListenerExecutorAdded e) {
    line("executor %d", e.time());
  }

  @Override public void onJobStart(SparkListenerJobStart e) {
    boolean compute = e.properties() != null && e.properties().getProperty(ClusterBench.COMPUTE_PROPERTY) != null;
    StringBuilder stages = new StringBuilder();
    scala.jdk.javaapi.CollectionConverters.asJava(e.stageIds()).forEach(s -> stages.append(' ').append(s));
    line("job %d %d %d%s", e.jobId(), e.time(), compute ? 1 : 0, stages);
  }

  @Override public void onJobEnd(SparkListenerJobEnd e) {
    line("job-end %d %d", e.jobId(), e.time());
  }

  @Override public void onTaskEnd(SparkListenerTaskEnd e) {
    line("task %d %d %d", e.stageId(), e.taskInfo().launchTime(), e.taskInfo().finishTime());
  }
}
