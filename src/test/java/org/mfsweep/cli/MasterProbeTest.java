package org.mfsweep.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.network.TransportContext;
import org.apache.spark.network.crypto.AuthServerBootstrap;
import org.apache.spark.network.sasl.SecretKeyHolder;
import org.apache.spark.network.server.NoOpRpcHandler;
import org.apache.spark.network.server.TransportServer;
import org.apache.spark.network.util.MapConfigProvider;
import org.apache.spark.network.util.TransportConf;
import org.junit.jupiter.api.Test;

/**
 * The probe against servers of Spark's own transport layer: one with the authentication a master
 * started with spark.authenticate uses (AuthServerBootstrap, SASL without network crypto), one without.
 */
class MasterProbeTest {
  private static final SecretKeyHolder SECRET = new SecretKeyHolder() {
    @Override public String getSaslUser(String appId) {
      return "sparkSaslUser";
    }

    @Override public String getSecretKey(String appId) {
      return "a-secret";
    }
  };

  @Test
  void aServerThatRequiresAuthenticationIsRefusedAtOnceAndAnOpenOneIsNot() {
    TransportConf conf = new TransportConf("rpc", MapConfigProvider.EMPTY);
    try (TransportContext context = new TransportContext(conf, new NoOpRpcHandler());
         TransportServer secured = context.createServer("127.0.0.1", 0,
             List.of(new AuthServerBootstrap(conf, SECRET)));
         TransportServer open = context.createServer("127.0.0.1", 0, List.of())) {
      int port = secured.getPort();
      UsageError e = assertThrows(UsageError.class,
          () -> MasterProbe.checkAuthentication("spark://127.0.0.1:" + port, "127.0.0.1", port));
      assertTrue(e.getMessage().startsWith("the Spark master spark://127.0.0.1:" + port + " requires authentication"),
          e.getMessage());
      assertTrue(e.getMessage().contains("needs its secret"), e.getMessage());
      assertDoesNotThrow(() -> MasterProbe.checkAuthentication("spark://127.0.0.1:" + open.getPort(), "127.0.0.1",
          open.getPort()));
    }
  }
}
