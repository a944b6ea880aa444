package org.mfsweep.testing;

import org.apache.spark.sql.SparkSession;

/** The local Spark session tests share: local[2], loopback, no UI. */
public final class Spark {
  private Spark() {}

  public static SparkSession local() {
    return SparkSession.builder()
        .master("local[2]")
        .appName("mfsweep-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.debug.maxToStringFields", 100)
        .getOrCreate();
  }
}
