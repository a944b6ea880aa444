package org.mfsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mfsweep.results.SharedViews;

/** The pure parts of `sql` and `serve`: statement splitting, database names, one-line errors. */
class SqlShellTest {
  @Test
  void statementsEndAtSemicolonsOutsideQuotesAndComments() {
    SqlCommand.Split s = SqlCommand.split("SELECT 'a;b' AS x, \"c;\" AS `d;e`; -- no; statement\n"
        + "SELECT 1 /* ; */ + 1;\nSELECT 'it\\'s;' ;  SELECT 2");
    assertEquals(List.of("SELECT 'a;b' AS x, \"c;\" AS `d;e`", "-- no; statement\nSELECT 1 /* ; */ + 1",
        "SELECT 'it\\'s;'"), s.statements());
    assertEquals("  SELECT 2", s.rest());
  }

  @Test
  void emptyStatementsAndTrailingCommentsAreDropped() {
    SqlCommand.Split s = SqlCommand.split(" ; ;SELECT 1;\n-- done\n/* really */\n");
    assertEquals(List.of("SELECT 1"), s.statements());
    assertEquals("", s.rest());
    assertEquals("SELECT 'open;", SqlCommand.split("SELECT 'open;").rest(), "an open quote waits for more");
  }

  @Test
  void databaseNamesAreSqlSafeAndDistinct() {
    assertEquals(List.of("quickstart", "quickstart_2", "o_2025_sweep", "my_sweep", "default_2", "output",
            "mfsweep_parquet_2"),
        SharedViews.databaseNames(List.of("out/quickstart", "/elsewhere/QuickStart/", "x/2025 sweep",
            "hdfs://nn:8020/a/My-Sweep", "out/default", "out/---", "out/mfsweep_parquet")));
  }

  @Test
  void errorsKeepTheirFirstLine() {
    assertEquals("[UNRESOLVED_COLUMN] nope", SqlCommand.oneLine(
        new IllegalStateException("[UNRESOLVED_COLUMN] nope\n'Project [nope]\n+- plan")));
    assertEquals("inner", SqlCommand.oneLine(new RuntimeException(null, new RuntimeException("inner"))));
  }
}
