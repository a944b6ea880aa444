package org.mfsweep.testing;

import org.apache.spark.sql.SparkSession;

/** The local Spark session tests share: local[2], loopback, no UI. */
public final class Spark {
  private Spark() {}

  public static SparkSession local() {
    return builder().getOrCreate();
  }

  /** The same, with the warehouse (where a created database makes its folder) at warehouse. */
  public static SparkSession local(java.nio.file.Path warehouse) {
    return builder().config("spark.sql.warehouse.dir", warehouse.toUri().toString()).getOrCreate();
  }

  private static SparkSession.Builder builder() {
    return SparkSession.builder()
        .master("local[2]")
        .appName("mfsweep-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.debug.maxToStringFields", 100);
  }
}
