package org.mfsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfsweep.problem.EntryOperator;
import org.mfsweep.problem.Problem;
import org.mfsweep.problem.Problems;
import org.mfsweep.testing.Dense;
import org.mfsweep.spec.Kind;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.spec.ObservedData;

/** Problems from users' files: what loads, what is refused and how it is said. */
class DataFilesTest {
  @TempDir Path dir;

  private Path csv(String name, String text) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, text);
    return f;
  }

  private SweepSpec sweep(Path data, String... dataKeys) throws IOException {
    Path conf = dir.resolve("sweep.conf");
    StringBuilder sb = new StringBuilder("name = d\noutput = out\ngrid { alpha = 1e-3, eta = 0.5, seed = [1, 2] }\n");
    sb.append("data.file = \"").append(data).append("\"\n");
    for (String k : dataKeys) {
      sb.append("data.").append(k).append('\n');
    }
    Files.writeString(conf, sb.toString());
    return SweepFiles.load(conf, List.of(), null);
  }

  private String problems(Path data, String... dataKeys) {
    return assertThrows(SweepFileException.class, () -> sweep(data, dataKeys)).getMessage();
  }

  @Test
  void aRatingsFileBecomesACompletionProblemOnTheSymmetricEmbedding() throws IOException {
    // 3 users × 2 items, 1-based, as ratings files usually are
    Path f = csv("ratings.csv", "user,item,rating\n1,1,5\n1,2,3\n2,1,4\n3,2,1\n2,2,2\n");
    SweepSpec s = sweep(f, "index-base = 1", "shape = rectangular", "row-column = user", "col-column = item",
        "value-column = rating", "test-fraction = 0.2");
    ObservedData d = s.data();
    assertEquals(5, d.n(), "3 users + 2 items");
    assertEquals(5, d.count());
    assertEquals(4, d.trainCount());
    assertEquals(List.of(0, 3), List.of(d.rows()[0], d.cols()[0]), "(user 1, item 1) → (0, 3 + 0)");
    assertEquals(2, s.runs().size(), "two seeds, two splits");
    ProblemSpec p = s.runs().get(0).problem();
    assertEquals(0, p.rank(), "the truth is unknown");
    assertEquals(4, p.m());
    assertTrue(p.fromData());
    assertNotEquals(p.id(), s.runs().get(1).problem().id());
    assertEquals(d.id(), sweep(f, "index-base = 1", "shape = rectangular", "row-column = user",
        "col-column = item", "value-column = rating", "test-fraction = 0.2").data().id(), "stable id");
  }

  @Test
  void eachSeedSplitsTheObservationsIntoDisjointTrainAndTestSets() throws IOException {
    StringBuilder text = new StringBuilder("row,col,value\n");
    for (int k = 0; k < 12; k++) {
      for (int j = 0; j <= k; j += 2) {
        text.append(j).append(',').append(k).append(',').append(j + 0.1 * k).append('\n');
      }
    }
    SweepSpec s = sweep(csv("sym.csv", text.toString()), "test-fraction = 0.25");
    ObservedData d = s.data();
    Problem a = Problems.build(s.runs().get(0).problem(), d);
    Problem b = Problems.build(s.runs().get(1).problem(), d);
    for (Problem p : List.of(a, b)) {
      Set<Integer> train = new HashSet<>();
      for (int i = 0; i < p.m(); i++) {
        train.add(((EntryOperator) p.train()).index(i));
        int idx = ((EntryOperator) p.train()).index(i);
        assertEquals(idx % 12 + 0.1 * (idx / 12), p.y()[i], 1e-15, "values as in the file");
      }
      for (int i = 0; i < p.test().m(); i++) {
        assertTrue(train.add(((EntryOperator) p.test()).index(i)), "disjoint");
      }
      assertEquals(d.count(), train.size(), "together, every observation");
      assertNull(p.truth());
    }
    assertNotEquals(((EntryOperator) a.train()).index(0) + "," + ((EntryOperator) a.train()).index(1),
        ((EntryOperator) b.train()).index(0) + "," + ((EntryOperator) b.train()).index(1), "seeds split differently");
  }

  @Test
  void badCsvFilesAreRefusedWithTheirLines() throws IOException {
    Path missing = csv("missing.csv", "row,column,value\n0,0,1\n");
    assertTrue(problems(missing).contains("missing.csv:1: missing column 'col'"), problems(missing));
    Path bad = csv("bad.csv", "row,col,value\n0,0,1\n0,1,x\n1,1,NaN\n-1,2,1\n1,0,2\n0,1,Infinity\n0,2,3\n2,0,4\n");
    String m = problems(bad);
    assertTrue(m.contains("bad.csv:3: value = 'x' is not a number"), m);
    assertTrue(m.contains("bad.csv:4: value = NaN is not finite"), m);
    assertTrue(m.contains("bad.csv:5: (-1, 2) is out of range: indices start at 0"), m);
    assertTrue(m.contains("bad.csv:7: value = Infinity is not finite"), m);
    Path twice = csv("twice.csv", "row,col,value\n0,1,1\n2,2,1\n1,0,2\n");
    assertTrue(problems(twice).contains("twice.csv:4: position (1, 0) was already given at " + twice + ":2"),
        problems(twice));
    Path zero = csv("zero.csv", "row,col,value\n1,1,1\n0,1,1\n");
    assertTrue(problems(zero, "index-base = 1").contains("zero.csv:3: (0, 1) is out of range: indices start at 1"));
    Path big = csv("big.csv", "row,col,value\n0,1,1\n0,7,1\n");
    assertTrue(problems(big, "rows = 5").contains("big.csv:3: (0, 7) is outside the declared 5 × 5 matrix"),
        problems(big, "rows = 5"));
    assertTrue(problems(dir.resolve("nope.csv")).contains("nope.csv: no such file"));
  }

  /** A .csv.gz file is read through gzip: the same problem as the plain file, and bad gzip is said plainly. */
  @Test
  void gzippedCsvIsReadAndBadGzipRefused() throws IOException {
    String text = "row,col,value\n0,0,1\n0,1,2\n1,1,3\n2,2,4\n0,2,5\n";
    Path plain = csv("plain.csv", text);
    Path gz = dir.resolve("same.csv.gz");
    try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    ObservedData a = sweep(plain, "test-fraction = 0.2").data();
    ObservedData b = sweep(gz, "test-fraction = 0.2").data();
    assertEquals(a.count(), b.count());
    assertEquals(a.n(), b.n());
    assertEquals(java.util.Arrays.toString(a.rows()), java.util.Arrays.toString(b.rows()));
    Path notGzip = csv("liar.csv.gz", text);
    String m = problems(notGzip);
    assertTrue(m.contains("liar.csv.gz: cannot read it as csv: not a gzip file"), m);
  }

  /** The location of a data-file problem appears once: the header names the sweep file, the line its key. */
  @Test
  void aDataFileErrorNamesItsLocationOnce() throws IOException {
    String m = problems(dir.resolve("nope.csv"));
    Path conf = dir.resolve("sweep.conf");
    assertEquals("bad sweep file " + conf + ":\n  " + conf + ":4: data.file: " + dir.resolve("nope.csv")
        + ": no such file", m);
  }

  @Test
  void gridKeysTheDataFixesAreRefused() throws IOException {
    Path f = csv("ok.csv", "row,col,value\n0,0,1\n0,1,2\n1,1,3\n");
    Path conf = dir.resolve("clash.conf");
    Files.writeString(conf, "name = d\noutput = o\ngrid { n = 5, alpha = 1, eta = 1 }\ndata.file = \"" + f + "\"\n");
    String m = assertThrows(SweepFileException.class, () -> SweepFiles.load(conf, List.of(), null)).getMessage();
    assertTrue(m.contains(conf + ":3: grid.n: set by the data file"), m);
    assertTrue(problems(f, "test-fraction = 0.1").contains("3 observations leave 3 to train on and 0 to test on"));
  }

  private static final MessageType SENSING = MessageTypeParser.parseMessageType(
      "message m { required double value; required group matrix (LIST) { repeated group list { required double element; } } }");

  private Path sensingParquet(String name, double[][] matrices, double[] values) throws IOException {
    Path f = dir.resolve(name);
    SimpleGroupFactory groups = new SimpleGroupFactory(SENSING);
    try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new org.apache.hadoop.fs.Path(f.toUri()))
        .withType(SENSING).withConf(new Configuration()).build()) {
      for (int i = 0; i < values.length; i++) {
        Group g = groups.newGroup().append("value", values[i]);
        Group list = g.addGroup("matrix");
        for (double v : matrices[i]) {
          list.addGroup("list").append("element", v);
        }
        w.write(g);
      }
    }
    return f;
  }

  @Test
  void sensingFromParquetIsReadAndBecomesTheSameOperator() throws IOException {
    java.util.Random rng = new java.util.Random(4);
    int n = 4;
    int m = 10;
    double[][] a = new double[m][];
    double[] y = new double[m];
    for (int i = 0; i < m; i++) {
      a[i] = Dense.randomSymmetric(n, rng);
      y[i] = rng.nextGaussian();
    }
    SweepSpec s = sweep(sensingParquet("sensing.parquet", a, y), "kind = sensing", "test-fraction = 0.2");
    assertEquals(Kind.SENSING, s.data().kind());
    assertEquals(n, s.data().n());
    Problem p = Problems.build(s.runs().get(0).problem(), s.data());
    assertEquals(8, p.m());
    // each training measurement is one of the file's, with its value
    for (int i = 0; i < p.m(); i++) {
      double[] ai = Dense.measurementMatrix(p.train(), i);
      boolean found = false;
      for (int t = 0; t < m; t++) {
        if (y[t] == p.y()[i]) {
          found = true;
          for (int k = 0; k < n * n; k++) {
            assertEquals(a[t][k], ai[k], 1e-15);
          }
        }
      }
      assertTrue(found);
    }
  }

  @Test
  void badSensingParquetIsRefused() throws IOException {
    double[] sym = {1, 2, 2, 3};
    double[] skew = {1, 2, 2.5, 3};
    double[] nine = {1, 0, 0, 0, 1, 0, 0, 0, 1};
    String m = problems(sensingParquet("bad.parquet", new double[][] {sym, skew, nine, {1, 2, 3}},
        new double[] {1, 2, Double.NaN, 4}), "kind = sensing");
    assertTrue(m.contains("row 2: matrix is not symmetric: entries (0, 1) and (1, 0) differ by 0.5"), m);
    assertTrue(m.contains("row 3: value = NaN is not finite"), m);
    assertTrue(m.contains("row 4: matrix has 3 entries; the first row has 4 (n = 2)"), m);
    String square = problems(sensingParquet("odd.parquet", new double[][] {{1, 2, 3}}, new double[] {1}),
        "kind = sensing");
    assertTrue(square.contains("matrix has 3 entries, not n² for any n"), square);
    String columns = problems(sensingParquet("cols.parquet", new double[][] {sym}, new double[] {1}),
        "kind = sensing", "matrix-column = a");
    assertTrue(columns.contains("missing column 'a' (the file has [value, matrix])"), columns);
  }
}
