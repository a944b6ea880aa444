package org.mfsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mfsweep.spec.Generator;
import org.mfsweep.spec.Kind;
import org.mfsweep.spec.Init;
import org.mfsweep.spec.Sampling;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.spec.OptimizerSpec;
import org.mfsweep.spec.RunSpec;
import org.mfsweep.spec.RunSettings;
import org.mfsweep.spec.FlowMethod;
import org.mfsweep.spec.FlowSettings;
import org.mfsweep.spec.Ids;
import org.mfsweep.spec.ReferenceSettings;

class SweepFilesTest {
  @TempDir Path dir;

  private static final String BASE = """
      name = t
      output = out/t
      grid {
        kind = sensing
        n = 50
        m = "3*n*rank"
        rank = 2
        alpha = [1, 1e-1, 1e-2]
        eta = 0.25
        seed = [1, 2]
      }
      """;

  private Path write(String text) throws IOException {
    Path f = Files.createTempFile(dir, "sweep", ".conf");
    Files.writeString(f, text);
    return f;
  }

  private SweepSpec load(String text, String... sets) throws IOException {
    return SweepFiles.load(write(text), List.of(sets), null);
  }

  private static List<String> ids(SweepSpec s) {
    return s.runs().stream().map(RunSpec::runId).toList();
  }

  @Test
  void expandsTheCartesianProductWithDefaults() throws IOException {
    SweepSpec s = load(BASE);
    assertEquals(6, s.runs().size());
    assertEquals(2, s.runsByProblem().size());
    RunSpec first = s.runs().get(0);
    assertEquals(300, first.problem().m(), "m = 3·n·rank");
    assertEquals(50, first.width(), "width defaults to n");
    assertEquals(Init.IDENTITY, first.init());
    assertEquals(new RunSettings(10000, 1e-12, 1e6, 2, 1000), first.settings(), "defaults of reference.conf");
    assertEquals("t", s.name());
    assertEquals("out/t", s.output());
  }

  @Test
  void everyAxisMultipliesTheCount() throws IOException {
    SweepSpec s = load(BASE + """
        grid.kind = [sensing, completion, diagonal]
        grid.n = [10, 20]
        grid.rank = [1, 2]
        grid.m = [30, "1*n*rank"]
        grid.width = [n, 5]
        grid.init = [identity, orthogonal]
        grid.eta = [0.1, 0.2]
        """);
    assertEquals(3 * 2 * 2 * 2 * 2 * 2 * 3 * 2 * 2, s.runs().size());
    assertEquals(0, s.duplicatesMerged());
  }

  @Test
  void expansionIsDeterministic() throws IOException {
    assertEquals(ids(load(BASE)), ids(load(BASE)));
  }

  @Test
  void runIdsDoNotDependOnOrderOrOtherGridPoints() throws IOException {
    SweepSpec a = load(BASE);
    SweepSpec b = load(BASE, "grid.alpha=[1e-3, 1e-2, 1e-1, 1]", "grid.seed=[3, 2, 1]", "grid.kind=[diagonal, sensing]");
    Set<String> bIds = new HashSet<>(ids(b));
    assertTrue(bIds.containsAll(ids(a)), "every run of a is in b with the same id");
    assertEquals(4 * 3 * 2, b.runs().size());
  }

  @Test
  void runIdsChangeWithEveryParameterThatDefinesARun() throws IOException {
    String reference = ids(load(BASE)).get(0);
    for (String set : List.of("grid.n=51", "grid.m=301", "grid.rank=3", "grid.width=10", "grid.init=orthogonal",
        "grid.eta=0.2", "grid.kind=completion", "run.max-iterations=5", "run.tolerance=1e-9",
        "run.divergence-factor=10", "run.trace-growth=1.5", "run.test-size=10")) {
      assertFalse(ids(load(BASE, set, "grid.alpha=1", "grid.seed=1")).contains(reference), set);
    }
    assertEquals(reference, ids(load(BASE, "grid.alpha=1", "grid.seed=1")).get(0));
  }

  /** run.trace-singular-values is read (default 5), and, as keep-x, only says what is recorded: no run_id change. */
  @Test
  void traceSingularValuesIsReadAndLeavesRunIdsAlone() throws IOException {
    SweepSpec defaults = load(BASE);
    assertEquals(RunSettings.TRACE_SINGULAR_VALUES, defaults.settings().traceSingularValues());
    assertEquals(5, defaults.runs().get(0).settings().traceSingularValues());
    SweepSpec none = load(BASE, "run.trace-singular-values=0");
    assertEquals(0, none.runs().get(0).settings().traceSingularValues());
    SweepSpec twelve = load(BASE, "run.trace-singular-values=12");
    assertEquals(12, twelve.runs().get(0).settings().traceSingularValues());
    assertEquals(ids(defaults), ids(none));
    assertEquals(ids(defaults), ids(twelve));
  }

  /** A contract: run_ids are compared across attempts and versions, so the hash must not drift. */
  @Test
  void runIdIsPinned() {
    RunSpec run = new RunSpec(new ProblemSpec(Kind.SENSING, 50, 300, 2, 1), 50, Init.IDENTITY, 1e-3, 0.25,
        new RunSettings(10000, 1e-12, 1e6, 2, 1000));
    assertEquals(16, run.runId().length());
    assertEquals(run.runId(), new RunSpec(new ProblemSpec(Kind.SENSING, 50, 300, 2, 1), 50, Init.IDENTITY, 0.001,
        0.25, new RunSettings(10000, 1e-12, 1e6, 2.0, 1000)).runId(), "1e-3 and 0.001 are one double");
    assertEquals("86e6bc697fa0050c", run.runId());
  }

  /** A sweep file draws its problems by ziggurat unless it says well-polar, whose run_ids are those of before. */
  @Test
  void theGeneratorKeyChoosesTheProblemsAndWellPolarKeepsTheirRunIds(@TempDir Path dir) throws IOException {
    Path conf = dir.resolve("g.conf");
    Files.writeString(conf, """
        name = g
        output = out/g
        grid { n = 6, m = 10, rank = 2, alpha = 1e-3, eta = 0.25, seed = 3 }
        """);
    SweepSpec byDefault = SweepFiles.load(conf, List.of(), null);
    SweepSpec old = SweepFiles.load(conf, List.of("generator=well-polar"), null);
    assertEquals(Generator.ZIGGURAT, byDefault.generator());
    assertEquals(Generator.WELL_POLAR, old.generator());
    ProblemSpec p = old.runs().get(0).problem();
    assertEquals(new ProblemSpec(Kind.SENSING, 6, 10, 2, 3).id(), p.id(), "well-polar: the problem_id of before");
    assertEquals(new RunSpec(new ProblemSpec(Kind.SENSING, 6, 10, 2, 3), 6, Init.IDENTITY, 1e-3, 0.25,
        old.settings()).runId(), old.runs().get(0).runId(), "and the run_id of before");
    assertEquals(p.withGenerator(Generator.ZIGGURAT).id(), byDefault.runs().get(0).problem().id());
    assertNotEquals(p.id(), byDefault.runs().get(0).problem().id());
  }

  /** dopri keeps the run_ids of before run.flow.method existed; the other methods name new runs. */
  @Test
  void flowMethodDopriKeepsTheRunIdAndOthersChangeIt() {
    ProblemSpec p = new ProblemSpec(Kind.COMPLETION, 3, 4, 1, 1);
    RunSettings settings = new RunSettings(400000, 1e-16, 1e6, 2, 1000);
    RunSpec before = RunSpec.flow(p, 3, Init.IDENTITY, 1e-4, settings, new FlowSettings(1e6, 1e-8, 1e-12));
    assertEquals("|horizon=" + Ids.bits(1e6) + "|rtol=" + Ids.bits(1e-8) + "|atol=" + Ids.bits(1e-12),
        before.flow().canonical(), "byte for byte the text of before the key");
    assertEquals("f1a560e36279761c", before.runId(), "the flow run_id of mfsweep 0.1");
    assertEquals(before.runId(), RunSpec.flow(p, 3, Init.IDENTITY, 1e-4, settings,
        new FlowSettings(1e6, 1e-8, 1e-12, FlowMethod.DOPRI)).runId());
    Set<String> ids = new java.util.HashSet<>();
    for (FlowMethod m : FlowMethod.values()) {
      FlowSettings fs = new FlowSettings(1e6, 1e-8, 1e-12, m);
      assertEquals(m != FlowMethod.DOPRI, fs.canonical().endsWith("|method=" + m.configName()), fs.canonical());
      ids.add(RunSpec.flow(p, 3, Init.IDENTITY, 1e-4, settings, fs).runId());
    }
    assertEquals(FlowMethod.values().length, ids.size(), "each method names its own run");
  }

  @Test
  void rangesExpandLikeTheLiteralsTheyStandFor() throws IOException {
    SweepSpec log = load(BASE, "grid.alpha={from=1e-4, to=1, steps=5, scale=log}");
    SweepSpec list = load(BASE, "grid.alpha=[1e-4, 1e-3, 1e-2, 1e-1, 1]");
    assertEquals(Set.copyOf(ids(list)), Set.copyOf(ids(log)));
    SweepSpec linear = load(BASE, "grid.eta={from=0.1, to=0.5, steps=5, scale=linear}");
    assertEquals(List.of(0.1, 0.2, 0.3, 0.4, 0.5),
        linear.runs().stream().map(RunSpec::eta).distinct().sorted().toList());
    SweepSpec ints = load(BASE, "grid.n={from=10, to=1000, steps=3, scale=log}");
    assertEquals(List.of(10, 100, 1000), ints.runs().stream().map(r -> r.problem().n()).distinct().toList());
  }

  @Test
  void relativeMResolvesPerNAndRankAndRepeatsMerge() throws IOException {
    SweepSpec s = load(BASE, "grid.n=[20, 50]", "grid.m=[300, \"3*n*rank\"]", "grid.alpha=1", "grid.seed=1");
    Map<Integer, Set<Integer>> mByN = s.runs().stream().collect(Collectors.groupingBy(r -> r.problem().n(),
        Collectors.mapping(r -> r.problem().m(), Collectors.toSet())));
    assertEquals(Set.of(300, 120), mByN.get(20));
    assertEquals(Set.of(300), mByN.get(50));
    assertEquals(1, s.duplicatesMerged());
    assertEquals(3, s.runs().size());
  }

  @Test
  void outputOptionReplacesTheFilesOutput() throws IOException {
    assertEquals("elsewhere", SweepFiles.load(write(BASE), List.of(), "elsewhere").output());
  }

  static Stream<Arguments> badFiles() {
    return Stream.of(
        // what is wrong, the line to append (line 12 of the file), key, words the message must hold
        Arguments.of("unknown top-level key", "nmae = x", "nmae", "unknown key (did you mean 'name'?)"),
        Arguments.of("unknown run key", "run.max-iteration = 5", "run.max-iteration", "did you mean 'max-iterations'"),
        Arguments.of("unknown grid axis", "grid.alhpa = 1", "grid.alhpa", "unknown key"),
        Arguments.of("wrong type", "grid.n = fifty", "grid.n", "expected a number"),
        Arguments.of("wrong type in run", "run.max-iterations = lots", "run.max-iterations", "expected a number"),
        Arguments.of("object expected", "run = 5", "run", "expected an object"),
        Arguments.of("non-integer n", "grid.n = 10.5", "grid.n", "expected an integer"),
        Arguments.of("empty axis", "grid.alpha = []", "grid.alpha", "empty axis"),
        Arguments.of("rank > n", "grid.rank = 51", "grid.rank", "rank 51 > n 50"),
        Arguments.of("rank < 1", "grid.rank = 0", "grid.rank", "must be ≥ 1"),
        Arguments.of("m < 1", "grid.m = 0", "grid.m", "must be ≥ 1"),
        Arguments.of("relative m < 1", "grid.m = \"0.001*n*rank\"", "grid.m", "gives m = 0"),
        Arguments.of("bad relative m", "grid.m = \"3*n\"", "grid.m", "\"C*n*rank\""),
        Arguments.of("alpha = 0", "grid.alpha = [1, 0]", "grid.alpha", "must be > 0 for kind sensing"),
        Arguments.of("alpha < 0", "grid.alpha = -1e-3", "grid.alpha", "must be ≥ 0, got -0.001"),
        Arguments.of("unknown optimizer", "grid.optimizer = adamw", "grid.optimizer", "unknown optimizer 'adamw'"),
        Arguments.of("unknown sampling", "grid.sampling = zipf", "grid.sampling", "unknown sampling 'zipf'"),
        Arguments.of("negative exponent", "grid.power-law-exponent = -1", "grid.power-law-exponent", "must be ≥ 0"),
        Arguments.of("flow horizon ≤ 0", "run.flow.horizon = 0", "run.flow.horizon", "must be > 0"),
        Arguments.of("unknown flow method", "run.flow.method = implicit", "run.flow.method",
            "unknown flow method 'implicit' (valid: auto | dopri | rosenbrock)"),
        Arguments.of("reference switch", "reference.enabled = maybe", "reference.enabled", "expected true or false"),
        Arguments.of("unknown generator", "generator = mersenne", "generator",
            "unknown generator 'mersenne' (valid: well-polar | ziggurat)"),
        Arguments.of("eta ≤ 0", "grid.eta = -0.5", "grid.eta", "must be > 0"),
        Arguments.of("infinite alpha", "grid.alpha = 1e400", "grid.alpha", "finite"),
        Arguments.of("NaN eta", "grid.eta = NaN", "grid.eta", "expected a number"),
        Arguments.of("completion asks too much", "grid { kind = completion, n = 10, m = 56 }", "grid.m",
            "only n(n+1)/2 = 55"),
        Arguments.of("over-determined least squares", "grid { kind = least-squares, n = 10, m = 11 }", "grid.m",
            "least-squares needs m ≤ n"),
        Arguments.of("unknown kind", "grid.kind = tensor", "grid.kind", "unknown kind 'tensor'"),
        Arguments.of("unknown init", "grid.init = random", "grid.init", "unknown init 'random'"),
        Arguments.of("range missing steps", "grid.alpha = {from = 1, to = 2, scale = log}", "grid.alpha",
            "missing 'steps'"),
        Arguments.of("log range through 0", "grid.alpha = {from = 0, to = 1, steps = 3, scale = log}", "grid.alpha",
            "log range needs from > 0"),
        Arguments.of("integer range repeats", "grid.n = {from = 10, to = 11, steps = 3, scale = linear}", "grid.n",
            "repeats a value"),
        Arguments.of("tolerance < 0", "run.tolerance = -1", "run.tolerance", "must be ≥ 0"),
        Arguments.of("divergence factor ≤ 1", "run.divergence-factor = 1", "run.divergence-factor", "must be > 1"),
        Arguments.of("trace growth ≤ 1", "run.trace-growth = 1", "run.trace-growth", "must be > 1"),
        Arguments.of("width 0", "grid.width = 0", "grid.width", "must be ≥ 1"),
        Arguments.of("trace-singular-values < 0", "run.trace-singular-values = -1", "run.trace-singular-values",
            "must be ≥ 0"),
        Arguments.of("fractional trace-singular-values", "run.trace-singular-values = 2.5",
            "run.trace-singular-values", "expected an integer"),
        Arguments.of("beta = 1", "grid { optimizer = momentum, beta = [0.5, 1] }", "grid.beta", "must be in [0, 1)"),
        Arguments.of("beta < 0", "grid { optimizer = nesterov, beta = -0.1 }", "grid.beta", "must be in [0, 1)"),
        Arguments.of("batch-size 0", "grid { optimizer = sgd, batch-size = 0 }", "grid.batch-size", "must be ≥ 1"),
        Arguments.of("batch-size > m", "grid { optimizer = sgd, batch-size = 301 }", "grid.batch-size",
            "batch-size 301 > m = 300"),
        Arguments.of("fractional batch-size", "grid { optimizer = sgd, batch-size = 2.5 }", "grid.batch-size",
            "expected an integer"),
        Arguments.of("adam epsilon ≤ 0", "grid { optimizer = adam, epsilon = 0 }", "grid.epsilon", "must be > 0"),
        Arguments.of("a setting no optimizer reads", "grid { optimizer = [gd, flow], beta = 0.5 }", "grid.beta",
            "no optimizer of grid.optimizer [gd, flow] reads it (it is for momentum, nesterov)"),
        Arguments.of("flow on least squares", "grid { kind = least-squares, n = 10, m = 5, optimizer = flow }",
            "grid.optimizer", "flow integrates the factored problems"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badFiles")
  void badFilesFailWithFileLineAndKey(String what, String line, String key, String words) throws IOException {
    Path f = write(BASE + line + "\n");
    SweepFileException e = assertThrows(SweepFileException.class, () -> SweepFiles.load(f, List.of(), null));
    String message = e.getMessage();
    assertTrue(message.contains(f + ":12: " + key + ":") || message.contains(f + ":12: " + key.replace("grid.", "")),
        "names file, line and key: " + message);
    assertTrue(message.contains(words), "says what is wrong (" + words + "): " + message);
  }

  @Test
  void missingRequiredKeysAreNamed() throws IOException {
    SweepFileException e = assertThrows(SweepFileException.class, () -> load("name = t\ngrid { n = 5 }\n"));
    for (String key : List.of("output", "grid.m", "grid.rank", "grid.alpha", "grid.eta")) {
      assertTrue(e.getMessage().contains(key + ": missing"), key + " in " + e.getMessage());
    }
  }

  @Test
  void allProblemsAreReportedTogether() throws IOException {
    SweepFileException e = assertThrows(SweepFileException.class,
        () -> load(BASE + "grid.alpha = -1\ngrid.eta = 0\nrun.colour = red\n"));
    assertEquals(3, e.problems().size(), e.getMessage());
  }

  @Test
  void syntaxErrorsNameTheLine() throws IOException {
    Path f = write("name = t\noutput = \"x\ngrid { n = 5 }\n");
    SweepFileException e = assertThrows(SweepFileException.class, () -> SweepFiles.load(f, List.of(), null));
    assertTrue(e.getMessage().contains(f + ": 2:"), e.getMessage());
  }

  @Test
  void overridesAreCheckedAndNamed() throws IOException {
    Path f = write(BASE);
    SweepFileException e = assertThrows(SweepFileException.class,
        () -> SweepFiles.load(f, List.of("grid.alpha=-2"), null));
    assertTrue(e.getMessage().contains("--set grid.alpha=-2") && e.getMessage().contains("grid.alpha: must be ≥ 0"),
        e.getMessage());
    e = assertThrows(SweepFileException.class, () -> SweepFiles.load(f, List.of("no-equals-sign"), null));
    assertTrue(e.getMessage().contains("expected path=value"), e.getMessage());
  }

  @Test
  void missingFileIsABadSweepFile() {
    SweepFileException e = assertThrows(SweepFileException.class,
        () -> SweepFiles.load(dir.resolve("nope.conf"), List.of(), null));
    assertTrue(e.getMessage().contains("nope.conf: no such file"), e.getMessage());
  }

  @Test
  void hugeGridsAreRefusedBeforeExpansion() throws IOException {
    SweepFileException e = assertThrows(SweepFileException.class,
        () -> load(BASE, "grid.alpha={from=1e-9, to=1, steps=10000, scale=log}",
            "grid.eta={from=0.01, to=1, steps=10000, scale=log}"));
    assertTrue(e.getMessage().contains("more than the limit"), e.getMessage());
  }

  @Test
  void problemIdsIgnoreRunParameters() throws IOException {
    SweepSpec s = load(BASE);
    Set<String> problemIds = s.runs().stream().map(r -> r.problem().id()).collect(Collectors.toSet());
    assertEquals(2, problemIds.size());
    assertNotEquals(s.runs().get(0).problem().streamSeed("truth"), s.runs().get(0).problem().streamSeed("test"));
  }

  @Test
  void leastSquaresIgnoresRankWidthAndInitAndTakesAlphaZero() throws IOException {
    SweepSpec s = load(BASE, "grid.kind=least-squares", "grid.m=20", "grid.rank=[1, 2]", "grid.width=[n, 3]",
        "grid.init=[identity, orthogonal]", "grid.alpha=[0, 1e-2]", "grid.seed=1");
    assertEquals(2, s.runs().size(), "rank, width and init name the same runs");
    assertEquals(6, s.duplicatesMerged(), "ranks 1 and 2, widths n and 3 name one problem and one start");
    for (RunSpec r : s.runs()) {
      assertEquals(1, r.problem().rank());
      assertEquals(1, r.width());
    }
    assertEquals(List.of(0.0, 1e-2), s.runs().stream().map(RunSpec::alpha).toList());
  }

  @Test
  void optimizerSettingsAreAxesOfTheirOptimizersOnly() throws IOException {
    SweepSpec s = load(BASE, "grid.optimizer=[gd, momentum, sgd, adam]", "grid.beta=[0.5, 0.9]",
        "grid.batch-size=[10, 30]", "grid.eta=0.1", "grid.alpha=1e-3", "grid.seed=1");
    java.util.Map<String, Long> byOptimizer = s.runs().stream().collect(java.util.stream.Collectors.groupingBy(
        r -> r.optimizer().name(), java.util.stream.Collectors.counting()));
    assertEquals(java.util.Map.of("gd", 1L, "momentum", 2L, "sgd", 2L, "adam", 1L), byOptimizer);
    RunSpec adam = s.runs().stream().filter(r -> r.optimizer().name().equals("adam")).findFirst().orElseThrow();
    assertEquals(0.9, adam.optimizer().real("beta1"));
    assertEquals(0.999, adam.optimizer().real("beta2"));
    assertEquals(1e-8, adam.optimizer().real("epsilon"));
    java.util.Set<String> ids = new java.util.HashSet<>();
    s.runs().forEach(r -> ids.add(r.runId()));
    assertEquals(s.runs().size(), ids.size(), "each setting is in the run_id");
    RunSpec gd = s.runs().stream().filter(r -> r.optimizer().name().equals("gd")).findFirst().orElseThrow();
    assertEquals(OptimizerSpec.GD, gd.optimizer(), "gd takes none of the settings");
  }

  @Test
  void flowRunsHaveNoStepSizeAndMergeAcrossEta() throws IOException {
    SweepSpec s = load(BASE, "grid.optimizer=[gd, flow]", "grid.eta=[0.1, 0.25]", "grid.alpha=1e-3", "grid.seed=1");
    List<RunSpec> flow = s.runs().stream().filter(r -> r.optimizer().name().equals("flow")).toList();
    assertEquals(1, flow.size(), "η does not define a flow run");
    assertEquals(0.0, flow.get(0).eta());
    assertEquals(new FlowSettings(10000, 1e-8, 1e-12, FlowMethod.AUTO), flow.get(0).flow());
    assertEquals(2, s.runs().stream().filter(r -> r.optimizer().equals(OptimizerSpec.GD)).count());
  }

  @Test
  void samplingBelongsToCompletionAndTheExponentToPowerLaw() throws IOException {
    SweepSpec s = load(BASE, "grid.kind=[sensing, completion]", "grid.sampling=[uniform, power-law]",
        "grid.power-law-exponent=[0.5, 1]", "grid.alpha=1e-3", "grid.seed=1");
    Set<ProblemSpec> problems = s.runsByProblem().keySet();
    assertEquals(1 + 3, problems.size(), "sensing once; completion uniform, power-law 0.5 and 1");
    for (ProblemSpec p : problems) {
      if (p.kind().equals(Kind.SENSING) || p.sampling() == Sampling.UNIFORM) {
        assertEquals(Sampling.UNIFORM, p.sampling());
        assertEquals(0.0, p.exponent());
      }
    }
    ProblemSpec uniform = new ProblemSpec(Kind.COMPLETION, 50, 300, 2, 1);
    assertTrue(problems.contains(uniform.withGenerator(Generator.ZIGGURAT)), "drawn by the default generator");
    assertEquals(uniform.id(), new ProblemSpec(Kind.COMPLETION, 50, 300, 2, 1, Sampling.UNIFORM, 0).id());
    assertNotEquals(uniform.id(), new ProblemSpec(Kind.COMPLETION, 50, 300, 2, 1, Sampling.POWER_LAW, 1).id());
  }

  @Test
  void referenceAndEngineSettingsAreRead() throws IOException {
    SweepSpec s = load(BASE, "reference.enabled=false", "reference.tolerance=1e-6", "engine.wave-runs=7");
    assertEquals(new ReferenceSettings(false, 1e-6, 50000), s.reference());
    assertEquals(7, s.engine().waveRuns());
  }

  @Test
  void patternSamplingEnumeratesEverySubsetOrTheOnesGiven() throws IOException {
    SweepSpec all = load(BASE, "grid.kind=completion", "grid.n=3", "grid.m=4", "grid.rank=1", "grid.sampling=pattern",
        "grid.alpha=1e-3", "grid.seed=[1, 2]");
    assertEquals(2 * 15, all.runs().size(), "C(6, 4) = 15 patterns × 2 seeds");
    assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L),
        all.runs().stream().map(r -> r.problem().pattern()).distinct().sorted().toList());
    SweepSpec some = load(BASE, "grid.kind=completion", "grid.n=3", "grid.m=4", "grid.rank=1",
        "grid.sampling=pattern", "grid.pattern=[3, 7]", "grid.alpha=1e-3", "grid.seed=1");
    assertEquals(2, some.runs().size());
    SweepFileException e = assertThrows(SweepFileException.class, () -> load(BASE, "grid.kind=completion",
        "grid.n=3", "grid.m=4", "grid.rank=1", "grid.sampling=pattern", "grid.pattern=15", "grid.alpha=1e-3"));
    assertTrue(e.getMessage().contains("pattern 15 does not exist: there are C(6, 4) = 15 (0 … 14)"), e.getMessage());
    SweepFileException tooMany = assertThrows(SweepFileException.class, () -> load(BASE, "grid.kind=completion",
        "grid.sampling=pattern", "grid.alpha=1e-3"));
    assertTrue(tooMany.getMessage().contains("patterns (at most 100000)"), tooMany.getMessage());
  }

  @Test
  void binomialsAreExactOrSaturate() {
    assertEquals(15, SweepFiles.binomial(6, 4));
    assertEquals(1, SweepFiles.binomial(6, 0));
    assertEquals(0, SweepFiles.binomial(4, 6));
    assertEquals(Long.MAX_VALUE, SweepFiles.binomial(1275, 300));
  }
}
