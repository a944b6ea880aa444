package org.mfsweep.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;

/** Checks made before a Spark session starts, so that a wrong setup gives one clear line. */
final class Preflight {
  private static final int CONNECT_TIMEOUT_MS = 3000;

  private Preflight() {}

  /**
   * Spark on Java 17 needs java.base opened to the class path (the flags of
   * org.apache.spark.launcher.JavaModuleOptions, which submit.sh passes); without them it fails
   * later with an InaccessibleObjectException deep inside Kryo or Netty.
   */
  static void checkJavaFlags() {
    Module ours = Preflight.class.getModule();
    for (String pkg : List.of("java.lang", "java.nio", "java.util", "sun.nio.ch", "java.lang.invoke")) {
      if (!Object.class.getModule().isOpen(pkg, ours)) {
        throw new UsageError("this JVM was started without the flags Spark needs on Java 17 (e.g. "
            + "--add-opens=java.base/" + pkg + "=ALL-UNNAMED): start mfsweep through ./submit.sh, or pass every "
            + "flag listed in submit.sh (JAVA_FLAGS)");
      }
    }
  }

  /** A standalone master (spark://host:port[,host:port]) must accept a connection. */
  static void checkMaster(String master) {
    if (master == null || !master.startsWith("spark://")) {
      return;
    }
    String reason = "no address";
    for (String hostPort : master.substring("spark://".length()).split(",")) {
      int colon = hostPort.lastIndexOf(':');
      if (colon < 0) {
        throw new UsageError("bad master URL " + master + " (expected spark://host:port)");
      }
      String host = hostPort.substring(0, colon);
      int port;
      try {
        port = Integer.parseInt(hostPort.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new UsageError("bad master URL " + master + " (expected spark://host:port)");
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
      } catch (IOException e) {
        reason = e.getMessage();
        continue;
      }
      MasterProbe.checkAuthentication(master, host, port);
      return;
    }
    throw new UsageError("cannot reach the Spark master at " + master + " (" + reason + "); is the cluster "
        + "running? (./submit.sh cluster status)");
  }
}
