import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A Spark Connect client, run as a single-file program on the JVM client's own class path:
 * {@code java -cp CP ConnectClientCheck.java sc://HOST:PORT [--repeat=N] QUERY...}. A QUERY is SQL,
 * or {@code table:NAME} for {@code spark.table(NAME)}. For each it prints "query Q", "columns a,b,…",
 * one "row v|v|…" per row, and with --repeat=N (N > 1) "median_ms M" over N round trips (SQL sent,
 * rows collected), the first one excluded as warm-up.
 */
public final class ConnectClientCheck {
  public static void main(String[] args) throws Exception {
    SparkSession spark = SparkSession.builder().remote(args[0]).getOrCreate();
    int repeat = 1;
    for (String arg : Arrays.asList(args).subList(1, args.length)) {
      if (arg.startsWith("--repeat=")) {
        repeat = Integer.parseInt(arg.substring("--repeat=".length()));
        continue;
      }
      Dataset<Row> df = query(spark, arg);
      List<Row> rows = df.collectAsList();
      System.out.println("query " + arg);
      System.out.println("columns " + String.join(",", df.columns()));
      for (Row r : rows) {
        System.out.println("row " + r.mkString("|"));
      }
      if (repeat > 1) {
        double[] ms = new double[repeat];
        for (int i = 0; i < repeat; i++) {
          long start = System.nanoTime();
          query(spark, arg).collectAsList();
          ms[i] = (System.nanoTime() - start) * 1e-6;
        }
        Arrays.sort(ms);
        System.out.printf("median_ms %.1f (min %.1f, max %.1f, %d round trips after one warm-up)%n",
            repeat % 2 == 1 ? ms[repeat / 2] : (ms[repeat / 2 - 1] + ms[repeat / 2]) / 2, ms[0], ms[repeat - 1], repeat);
      }
    }
    spark.close();
  }

  private static Dataset<Row> query(SparkSession spark, String arg) {
    return arg.startsWith("table:") ? spark.table(arg.substring("table:".length())) : spark.sql(arg);
  }
}
