package org.mfsweep.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connect.service.SparkConnectService;
import org.mfsweep.results.SharedViews;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code serve DIR... [--port P]}: a Spark Connect server on 127.0.0.1 over sweeps' outputs. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Serve sweeps' outputs to Spark Connect clients (PySpark, notebooks) on 127.0.0.1 until Ctrl-C.",
        "Views runs, traces, problems, limits and outcomes in the default database; with several outputs they are the union "
            + "of all, with a first column `output`, and each output also has its own database."})
final class ServeCommand implements Callable<Integer> {
  /** Spark Connect's usual port. */
  static final int DEFAULT_PORT = 15002;

  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "DIR", description = "sweep output folders")
  List<String> dirs;

  @Option(names = "--port", description = "port on 127.0.0.1 (default ${DEFAULT-VALUE}; 0 picks a free one)")
  int port = DEFAULT_PORT;

  @Override public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    Outputs.check(dirs);
    if (port < 0 || port > 65535) {
      throw new UsageError("--port " + port + ": not a port number (0..65535)");
    }
    checkFree(port);
    SparkSession spark = Outputs.session("mfsweep serve", b -> b
        .config("spark.connect.grpc.binding.address", "127.0.0.1")
        .config("spark.connect.grpc.binding.port", port));
    List<SharedViews.Output> outputs = SharedViews.register(spark, dirs);
    SparkConnectService.start(spark.sparkContext());
    String address = "sc://127.0.0.1:" + org.apache.spark.sql.connect.service.SparkConnectService$.MODULE$.localPort();

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        SparkConnectService.stop(scala.Option.empty(), scala.Option.empty());
      } catch (RuntimeException e) {
        // Spark's own hook may have stopped the context first; the server is going away either way
      }
      spark.stop();
      System.err.println("serve: stopped");
      stopped.countDown();
    }, "mfsweep-serve-stop"));

    out.printf("serve: Spark Connect on %s (loopback only)%n", address);
    Outputs.describe(out, outputs);
    out.println("Connect from Python (pip install pyspark-client==" + org.apache.spark.package$.MODULE$.SPARK_VERSION()
        + ", or pyspark):");
    out.println("  from pyspark.sql import SparkSession");
    out.println("  spark = SparkSession.builder.remote(\"" + address + "\").getOrCreate()");
    out.println("  spark.table(\"runs\").toPandas()");
    out.println("Ctrl-C stops the server.");
    out.flush();
    stopped.await();
    return Main.OK;
  }

  /** A taken port is the user's to fix: say so before Spark starts, not in a gRPC stack trace. */
  static void checkFree(int port) {
    if (port == 0) {
      return;
    }
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    } catch (IOException e) {
      throw new UsageError("port " + port + " on 127.0.0.1 is in use (another serve?); choose one with --port");
    }
  }
}
