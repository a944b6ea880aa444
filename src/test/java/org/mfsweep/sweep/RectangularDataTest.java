package org.mfsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfsweep.linalg.Netlib;
import org.mfsweep.problem.BuiltProblem;
import org.mfsweep.problem.GeneralProblem;
import org.mfsweep.problem.Kinds;
import org.mfsweep.problem.Problem;
import org.mfsweep.problem.Problems;
import org.mfsweep.reference.References;
import org.mfsweep.spec.Factorization;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.spec.ReferenceResult;
import org.mfsweep.spec.ObservedData;
import org.mfsweep.spec.ReferenceSettings;
import org.mfsweep.spec.RunSpec;

/**
 * Rectangular completion files: MovieLens's u.data layout through the column options, the general
 * problem X = W_N ⋯ W_1 fits directly, and what the symmetric embedding's norms mean.
 */
class RectangularDataTest {
  @TempDir Path dir;

  /** 3 users × 4 items as MovieLens writes them: user, item, rating, timestamp; tabs; 1-based; no header. */
  static final String U_DATA = "1\t1\t5\t881250949\n1\t3\t3\t891717742\n2\t2\t4\t878887116\n2\t4\t1\t880606923\n"
      + "3\t1\t2\t886397596\n3\t4\t4\t884182806\n1\t2\t1\t881251949\n3\t3\t5\t891628467\n";

  static final List<String> U_DATA_KEYS = List.of("separator = \"\\t\"", "header = false",
      "columns = [row, col, value, timestamp]", "index-base = 1", "shape = rectangular");

  private Path file(String name, String text) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, text);
    return f;
  }

  private SweepSpec sweep(Path data, String grid, List<String> dataKeys) throws IOException {
    Path conf = dir.resolve("sweep.conf");
    StringBuilder sb = new StringBuilder("name = d\noutput = out\ngrid { alpha = 1e-3, eta = 0.5" + grid + " }\n");
    sb.append("data.file = \"").append(data).append("\"\n");
    for (String k : dataKeys) {
      sb.append("data.").append(k).append('\n');
    }
    Files.writeString(conf, sb.toString());
    return SweepFiles.load(conf, List.of(), null);
  }

  @Test
  void movieLensUDataIsAGeneralProblemForAsymmetricRuns() throws IOException {
    Path f = file("u.data", U_DATA);
    SweepSpec s = sweep(f, ", factorization = asymmetric, depth = [2, 3]", U_DATA_KEYS);
    assertEquals(2, s.runs().size());
    ProblemSpec p = s.runs().get(0).problem();
    assertTrue(p.general());
    assertEquals(List.of(3, 4, 8), List.of(p.rows(), p.cols(), p.m()));
    assertEquals(4, s.runs().get(0).width(), "max(rows, cols)");
    GeneralProblem g = (GeneralProblem) Kinds.of(p.kind()).build(p, s.data());
    assertEquals(3, g.rows());
    assertEquals(4, g.cols());
    // without a test fraction, the file's observations in the file's order: (user − 1) + (item − 1)·rows
    assertEquals(List.of(0, 6, 4, 10, 2, 11, 3, 8), Arrays.stream(g.train().entries()).boxed().toList());
    assertEquals(List.of(5.0, 3.0, 4.0, 1.0, 2.0, 4.0, 1.0, 5.0), Arrays.stream(g.y()).boxed().toList());
    assertEquals(0, g.test().m());
    // symmetric runs on the same file: the embedding, n = 3 + 4
    SweepSpec sym = sweep(f, "", U_DATA_KEYS);
    assertEquals(7, sym.runs().get(0).problem().n());
    assertTrue(!sym.runs().get(0).problem().general());
    assertEquals(s.data().id(), sym.data().id(), "one file, one data id; the problems differ by shape");
    assertNotEquals(p.id(), sym.runs().get(0).problem().id());
  }

  @Test
  void bothFactorizationsOnOneFileHoldOutTheSameObservations() throws IOException {
    Path f = file("u.data", U_DATA);
    List<String> keys = new java.util.ArrayList<>(U_DATA_KEYS);
    keys.add("test-fraction = 0.25");
    SweepSpec s = sweep(f, ", factorization = [symmetric, asymmetric], seed = [1, 2]", keys);
    assertEquals(4, s.runsByProblem().size(), "per seed: the embedding and the general problem");
    for (long seed : new long[] {1, 2}) {
      ProblemSpec general = s.runs().stream().map(RunSpec::problem).filter(q -> q.general() && q.seed() == seed)
          .findFirst().orElseThrow();
      ProblemSpec embedded = s.runs().stream().map(RunSpec::problem).filter(q -> !q.general() && q.seed() == seed)
          .findFirst().orElseThrow();
      GeneralProblem g = (GeneralProblem) Kinds.of(general.kind()).build(general, s.data());
      Problem e = (Problem) Kinds.of(embedded.kind()).build(embedded, s.data());
      assertEquals(2, g.test().m());
      double[] yTest = g.yTest().clone();
      double[] eTest = e.yTest().clone();
      assertTrue(Arrays.equals(g.y(), e.y()) && Arrays.equals(yTest, eTest), "the same split");
    }
    assertTrue(s.runs().stream().filter(r -> r.problem().general())
        .allMatch(r -> r.factorization() == Factorization.ASYMMETRIC));
  }

  @Test
  void columnOptionsAreCheckedAndNamed() throws IOException {
    Path f = file("u.data", U_DATA);
    String noColumns = assertThrows(SweepFileException.class,
        () -> sweep(f, "", List.of("separator = tab", "header = false", "index-base = 1", "shape = rectangular")))
        .getMessage();
    assertTrue(noColumns.contains("data.header: false needs data.columns"), noColumns);
    assertTrue(noColumns.contains("sweep.conf:"), noColumns);
    String both = assertThrows(SweepFileException.class,
        () -> sweep(f, "", List.of("columns = [row, col, value]"))).getMessage();
    assertTrue(both.contains("data.columns: names the fields of a file without a header"), both);
    String separator = assertThrows(SweepFileException.class,
        () -> sweep(f, "", List.of("separator = \"ab\""))).getMessage();
    assertTrue(separator.contains("data.separator: expected one character"), separator);
    String parquet = assertThrows(SweepFileException.class,
        () -> sweep(f, "", List.of("format = parquet", "separator = tab"))).getMessage();
    assertTrue(parquet.contains("data.format: parquet, but data.separator"), parquet);
    String fields = assertThrows(SweepFileException.class, () -> sweep(f, "", List.of("separator = tab",
        "header = false", "columns = [row, col, value]", "index-base = 1", "shape = rectangular"))).getMessage();
    assertTrue(fields.contains("u.data:1: 4 fields where the data.columns has 3"), fields);
    String missing = assertThrows(SweepFileException.class, () -> sweep(f, "", List.of("separator = tab",
        "header = false", "columns = [user, item, rating, t]", "index-base = 1", "shape = rectangular"))).getMessage();
    assertTrue(missing.contains("missing column 'row' (data.columns names [user, item, rating, t])"), missing);
    String general = assertThrows(SweepFileException.class, () -> sweep(file("sym.csv", "row,col,value\n0,1,2\n"),
        ", factorization = asymmetric, problem = general", List.of())).getMessage();
    assertTrue(general.contains("grid.problem: the data file") && general.contains("holds no general matrix"), general);
  }

  @Test
  void aCsvWithAHeaderKeepsItsDataId() throws IOException {
    // the layout options enter the id only when not the default, so outputs of before keep their problems
    Path f = file("r.csv", "row,col,value\n0,0,1\n1,2,3\n");
    ObservedData plain = sweep(f, "", List.of("shape = rectangular")).data();
    ObservedData same = sweep(f, "", List.of("shape = rectangular", "separator = \",\"", "header = true")).data();
    assertEquals(plain.id(), same.id());
    assertEquals(2, plain.matrixRows());
    assertEquals(3, plain.matrixCols());
  }

  /**
   * The README's claim, checked: on the symmetric embedding of an r × c file, ref_norm (tr X_ref of
   * the PSD reference) is twice the minimum nuclear norm of the r × c completion (the general
   * problem's ref_norm), and a run's nuclear_norm tr(UUᵀ) = ‖U_r‖² + ‖U_c‖² is at least twice the
   * nuclear norm of its r × c block U_r U_cᵀ, with equality for a balanced U.
   */
  @Test
  void theEmbeddingsNormsAreTwiceThoseOfTheUsersMatrix() throws IOException {
    Path f = file("u.data", U_DATA);
    SweepSpec s = sweep(f, ", factorization = [symmetric, asymmetric]", U_DATA_KEYS);
    ReferenceSettings settings = new ReferenceSettings(true, 1e-8, 50000);
    ReferenceResult general = null;
    ReferenceResult embedded = null;
    for (ProblemSpec p : s.runsByProblem().keySet()) {
      ReferenceResult r = References.compute(p, settings, s.data());
      assertEquals("CONVERGED", r.status(), r.toString());
      if (p.general()) {
        general = r;
      } else {
        embedded = r;
      }
    }
    assertEquals(2 * general.norm(), embedded.norm(), 1e-6 * embedded.norm(), "ref_norm of the embedding");

    // a run's X = UUᵀ on the embedding: U = [U_r; U_c]
    int r = 3;
    int c = 4;
    int d = 7;
    Random rng = new Random(5);
    double[] u = new double[(r + c) * d];
    for (int i = 0; i < u.length; i++) {
      u[i] = rng.nextGaussian();
    }
    double trace = 0;
    for (double v : u) {
      trace += v * v;
    }
    double block = Problems.nuclearNorm(r, c, offDiagonalBlock(u, r, c, d));
    assertTrue(trace >= 2 * block * (1 - 1e-12), "tr UUᵀ = " + trace + " ≥ 2‖U_r U_cᵀ‖_* = " + 2 * block);
    // balanced: U_r = PΣ^{1/2}, U_c = QΣ^{1/2} from the SVD M = PΣQᵀ of the general reference
    double[] m = general.x().clone();
    double[] sigma = new double[r];
    double[] p = new double[r * r];
    double[] qt = new double[r * c];
    double[] work = new double[1000];
    Netlib.lapack.dgesvd("S", "S", r, c, m, r, sigma, p, r, qt, r, work, work.length, new org.netlib.util.intW(0));
    double[] balanced = new double[(r + c) * r];
    for (int k = 0; k < r; k++) {
      double root = Math.sqrt(sigma[k]);
      for (int a = 0; a < r; a++) {
        balanced[a + k * (r + c)] = p[a + k * r] * root;
      }
      for (int b = 0; b < c; b++) {
        balanced[r + b + k * (r + c)] = qt[k + b * r] * root;
      }
    }
    double balancedTrace = 0;
    for (double v : balanced) {
      balancedTrace += v * v;
    }
    assertEquals(2 * general.norm(), balancedTrace, 1e-9 * balancedTrace, "equality when balanced");
  }

  /** U_r U_cᵀ (r × c) of U = [U_r; U_c] ((r + c) × d column-major). */
  static double[] offDiagonalBlock(double[] u, int r, int c, int d) {
    double[] out = new double[r * c];
    for (int b = 0; b < c; b++) {
      for (int a = 0; a < r; a++) {
        double v = 0;
        for (int k = 0; k < d; k++) {
          v += u[a + k * (r + c)] * u[r + b + k * (r + c)];
        }
        out[a + b * r] = v;
      }
    }
    return out;
  }
}
