package org.mfsweep.cli;

import java.nio.ByteBuffer;
import org.apache.spark.network.TransportContext;
import org.apache.spark.network.client.TransportClient;
import org.apache.spark.network.client.TransportClientFactory;
import org.apache.spark.network.server.NoOpRpcHandler;
import org.apache.spark.network.util.MapConfigProvider;
import org.apache.spark.network.util.TransportConf;

/**
 * Asks a standalone master, before Spark starts, whether it demands authentication this
 * application does not offer. Spark itself finds out only after its registration retries (about
 * 70 s), then fails with an unrelated IllegalStateException. One unauthenticated RPC tells at once:
 * a master with {@code spark.authenticate} answers it with "Expected SaslMessage" (or AuthMessage).
 */
final class MasterProbe {
  private static final int TIMEOUT_MS = 5000;

  private MasterProbe() {}

  /**
   * @throws UsageError when the master at host:port requires authentication and this JVM's
   *     configuration (spark-submit's properties) does not turn it on
   */
  static void checkAuthentication(String master, String host, int port) {
    if ("true".equalsIgnoreCase(System.getProperty("spark.authenticate"))) {
      return; // a secret is configured; whether it is the right one, Spark finds out
    }
    String answer;
    TransportConf conf = new TransportConf("rpc", MapConfigProvider.EMPTY);
    try (TransportContext context = new TransportContext(conf, new NoOpRpcHandler());
         TransportClientFactory factory = context.createClientFactory()) {
      TransportClient client = factory.createClient(host, port);
      try {
        // one byte that is not SaslMessage's tag: a SASL server says so, an open one fails to decode it
        client.sendRpcSync(ByteBuffer.wrap(new byte[] {0}), TIMEOUT_MS);
        return;
      } catch (RuntimeException e) {
        answer = String.valueOf(e.getMessage());
      } finally {
        client.close();
      }
    } catch (Exception e) {
      return; // cannot tell: Spark's own start reports what is wrong
    }
    if (answer.contains("Expected SaslMessage") || answer.contains("AuthMessage")) {
      throw new UsageError("the Spark master " + master + " requires authentication (spark.authenticate) and this "
          + "submit has no secret: a cluster started with `./submit.sh cluster start` needs its secret, which "
          + "submit.sh passes unless --properties-file is given (then put spark.authenticate and "
          + "spark.authenticate.secret in that file); nothing was written");
    }
  }
}
