package org.mfsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mfsweep.spec.Factorization;
import org.mfsweep.spec.Init;
import org.mfsweep.spec.RunSpec;

/** grid.factorization, depth, problem, rows, cols and the gaussian init. */
class FactorizationAxesTest {
  @TempDir Path dir;

  private static final String BASE = """
      name = t
      output = out/t
      grid {
        kind = completion
        n = 6
        m = 12
        rank = 2
        alpha = [1e-1, 1e-2]
        eta = 0.25
      }
      """;

  private Path write(String text) throws IOException {
    Path f = Files.createTempFile(dir, "sweep", ".conf");
    Files.writeString(f, text);
    return f;
  }

  private SweepSpec load(String text) throws IOException {
    return SweepFiles.load(write(text), List.of(), null);
  }

  private static List<RunSpec> of(SweepSpec s, Factorization f) {
    return s.runs().stream().filter(r -> r.factorization() == f).toList();
  }

  @Test
  void symmetricRunsArePlannedOnceAndAsymmetricOncePerDepthOnGeneralProblems() throws IOException {
    SweepSpec s = load(BASE + "grid { factorization = [symmetric, asymmetric], depth = [1, 2, 3] }\n");
    List<RunSpec> sym = of(s, Factorization.SYMMETRIC);
    List<RunSpec> asym = of(s, Factorization.ASYMMETRIC);
    assertEquals(2, sym.size(), "one per alpha, not one per depth");
    assertEquals(6, asym.size());
    assertEquals(Set.of(1, 2, 3), asym.stream().map(RunSpec::depth).collect(Collectors.toSet()));
    assertTrue(sym.stream().allMatch(r -> r.depth() == 2 && !r.problem().general() && r.width() == 6));
    // auto: asymmetric runs fit the general 6 × 6 problem, not the symmetric one
    assertTrue(asym.stream().allMatch(r -> r.problem().general() && r.problem().cols() == 6 && r.width() == 6));
    assertEquals(2, s.runsByProblem().size());
    // the symmetric runs are those of the same file without the axes
    assertEquals(load(BASE).runs().stream().map(RunSpec::runId).toList(), sym.stream().map(RunSpec::runId).toList());
  }

  @Test
  void problemSymmetricSharesTheProblemAcrossFactorizations() throws IOException {
    SweepSpec s = load(BASE + "grid { factorization = [symmetric, asymmetric], depth = [2, 3], problem = symmetric }\n");
    assertEquals(1, s.runsByProblem().size(), "one PSD problem for both factorizations");
    assertEquals(6, s.runs().size());
    assertEquals(4, of(s, Factorization.ASYMMETRIC).size());
    assertTrue(s.runs().stream().noneMatch(r -> r.problem().general()));
  }

  @Test
  void rowsAndColsShapeGeneralProblemsAndWidthDefaultsToTheLarger() throws IOException {
    SweepSpec s = load("""
        name = t
        output = out/t
        grid {
          kind = [sensing, completion]
          factorization = asymmetric
          rows = [4, 5]
          cols = 7
          m = "2*n*rank"
          rank = 1
          alpha = 1e-2
          eta = 0.1
          init = [identity, gaussian]
        }
        """);
    assertEquals(2 * 2 * 2, s.runs().size());
    for (RunSpec r : s.runs()) {
      assertTrue(r.problem().general());
      assertEquals(7, r.problem().cols());
      assertEquals(7, r.width(), "max(rows, cols)");
      assertEquals(Math.round(2 * (r.problem().rows() + 7) / 2.0), r.problem().m(), "n reads (rows + cols)/2");
    }
    assertEquals(Set.of(Init.IDENTITY, Init.GAUSSIAN), s.runs().stream().map(RunSpec::init).collect(Collectors.toSet()));
    // cols defaults to rows; rows to the n axis
    SweepSpec square = load(BASE + "grid { factorization = asymmetric, n = [3, 4], m = 8 }\n");
    assertEquals(Set.of(3, 4), square.runs().stream().map(r -> r.problem().cols()).collect(Collectors.toSet()));
    assertTrue(square.runs().stream().allMatch(r -> r.problem().rows() == r.problem().cols()));
  }

  @Test
  void gaussianIsSkippedBySymmetricRunsOfAMixedSweep() throws IOException {
    SweepSpec s = load(BASE + "grid { factorization = [symmetric, asymmetric], init = [identity, gaussian] }\n");
    assertTrue(of(s, Factorization.SYMMETRIC).stream().allMatch(r -> r.init() == Init.IDENTITY));
    assertEquals(4, of(s, Factorization.ASYMMETRIC).size());
  }

  @Test
  void asymmetricRunIdsNameTheFactorizationAndDepth() throws IOException {
    SweepSpec s = load(BASE + "grid { factorization = asymmetric, depth = [2, 3], problem = symmetric }\n");
    Set<String> ids = s.runs().stream().map(RunSpec::runId).collect(Collectors.toSet());
    assertEquals(4, ids.size());
    assertTrue(ids.stream().noneMatch(load(BASE).runs().stream().map(RunSpec::runId).collect(Collectors.toSet())::contains));
  }

  static Stream<Arguments> badFiles() {
    return Stream.of(
        // what is wrong, the line appended (line 11), key, words the message must hold, the line named (11 if null)
        Arguments.of("unknown factorization", "grid.factorization = deep", "grid.factorization",
            "unknown factorization 'deep'", null),
        Arguments.of("depth 0", "grid { factorization = asymmetric, depth = [0, 2] }", "grid.depth", "must be ≥ 1", null),
        Arguments.of("depth without asymmetric runs", "grid.depth = [2, 3]", "grid.depth",
            "has no asymmetric runs", null),
        Arguments.of("general with symmetric runs", "grid.problem = general", "grid.problem",
            "general problems are fitted by asymmetric runs only", null),
        Arguments.of("unknown problem", "grid.problem = square", "grid.problem", "expected auto, symmetric or general", null),
        Arguments.of("gaussian without asymmetric runs", "grid.init = gaussian", "grid.init",
            "gaussian is a start of asymmetric runs only", null),
        Arguments.of("only gaussian for symmetric runs",
            "grid { factorization = [symmetric, asymmetric], init = gaussian }", "grid.init",
            "add identity or orthogonal", null),
        Arguments.of("rows without general problems", "grid.rows = 4", "grid.rows", "no general problem is in the grid", null),
        Arguments.of("cols of symmetric problems", "grid { factorization = asymmetric, problem = symmetric, cols = 3 }",
            "grid.cols", "no general problem is in the grid", null),
        Arguments.of("bad rows", "grid { factorization = asymmetric, rows = many }", "grid.rows",
            "expected an integer ≥ 1 or \"n\"", null),
        Arguments.of("completion m > rows·cols", "grid { factorization = asymmetric, rows = 3, cols = 3, n = null }",
            "grid.m", "only rows·cols = 9 entries", 6),
        Arguments.of("n unused", "grid { factorization = asymmetric, rows = 5, cols = 4 }", "grid.n",
            "no symmetric problem is in the grid", 5),
        Arguments.of("rank > min(rows, cols)", "grid { factorization = asymmetric, rows = 6, cols = 1, m = 3, n = null }",
            "grid.rank", "rank 2 > min(rows, cols) = 1", 7),
        Arguments.of("pattern sampling of general problems", "grid { factorization = asymmetric, sampling = pattern }",
            "grid.sampling", "pattern sampling is for symmetric problems only", null),
        Arguments.of("diagonal has no general problems", "grid { kind = diagonal, factorization = asymmetric }",
            "grid.factorization", "kind diagonal has no general rows × cols problems", null),
        Arguments.of("least squares is not a matrix", "grid { kind = least-squares, factorization = asymmetric }",
            "grid.factorization", "kind least-squares has no matrix to factorize", null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badFiles")
  void badFilesFailWithFileLineAndKey(String what, String line, String key, String words, Integer at)
      throws IOException {
    Path f = write(BASE + line + "\n");
    SweepFileException e = assertThrows(SweepFileException.class, () -> SweepFiles.load(f, List.of(), null));
    String message = e.getMessage();
    assertTrue(message.contains(f + ":" + (at == null ? 11 : at) + ": " + key + ":"), "names file, line and key: " + message);
    assertTrue(message.contains(words), "says what is wrong (" + words + "): " + message);
  }
}
