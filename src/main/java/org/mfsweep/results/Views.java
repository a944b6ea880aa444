package org.mfsweep.results;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/** Registers a sweep's tables as Spark SQL temporary views named after them. */
public final class Views {
  private Views() {}

  /**
   * Registers each table present under dir, columns in contract order, then any others the files hold.
   *
   * @return the names of the views registered
   * @throws NotAnOutputException when dir holds no runs table (bad input: exit 2)
   */
  public static List<String> register(SparkSession spark, String dir) {
    List<String> registered = new ArrayList<>();
    for (String table : Tables.ALL) {
      String path = dir + "/" + table;
      if (!exists(spark, path)) {
        spark.catalog().dropTempView(table); // a view of an earlier output must not stand in for it
        continue;
      }
      Dataset<Row> df = Tables.read(spark, table, path);
      List<Column> ordered = new ArrayList<>();
      List<String> contract = List.of(Tables.columns(Tables.schema(table)));
      for (String c : contract) {
        ordered.add(functions.col(c));
      }
      for (String c : df.columns()) { // columns newer than this contract (e.g. traces' singular_values) stay, last
        if (!contract.contains(c)) {
          ordered.add(functions.col(c));
        }
      }
      df.select(ordered.toArray(new Column[0])).createOrReplaceTempView(table);
      registered.add(table);
    }
    if (!registered.contains(Tables.RUNS)) {
      throw new NotAnOutputException(dir + " holds no runs/ table (is it the output folder of a sweep?)");
    }
    Limits.register(spark);
    registered.add(Limits.VIEW);
    Outcomes.register(spark, registered.contains(Tables.PROBLEMS));
    registered.add(Outcomes.VIEW);
    return registered;
  }

  static boolean exists(SparkSession spark, String path) {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      return fs.exists(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot look at " + path, e);
    }
  }
}
