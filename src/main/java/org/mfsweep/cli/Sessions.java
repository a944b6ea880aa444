package org.mfsweep.cli;

import org.apache.spark.sql.SparkSession;

/** Starting the Spark session, with the failures a user can fix said plainly. */
final class Sessions {
  private Sessions() {}

  /**
   * getOrCreate, after the preflight checks. A standalone master that refuses the application
   * (wrong or missing secret) leaves a stopped context behind; that becomes one clear error.
   */
  static SparkSession start(SparkSession.Builder builder) {
    Preflight.checkJavaFlags();
    String master = System.getProperty("spark.master");
    Preflight.checkMaster(master);
    try {
      // the tables are wide: no warning that their plans print truncated
      return builder.config("spark.sql.debug.maxToStringFields", 100).getOrCreate();
    } catch (IllegalStateException e) {
      // "Cannot call methods on a stopped SparkContext", or "LiveListenerBus is stopped" when it stopped mid-start
      String message = String.valueOf(e.getMessage());
      if (message.contains("stopped SparkContext") || message.contains("LiveListenerBus is stopped")) {
        throw new UsageError("the Spark master " + master + " refused this application or went away before it "
            + "started (a cluster started with `./submit.sh cluster start` needs its secret, which submit.sh passes "
            + "unless --properties-file is given); nothing was written");
      }
      throw e;
    }
  }
}
