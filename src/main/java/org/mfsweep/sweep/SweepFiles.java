package org.mfsweep.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mfsweep.optim.Optimizer;
import org.mfsweep.optim.Optimizers;
import org.mfsweep.optim.SettingDeclaration;
import org.mfsweep.problem.Kinds;
import org.mfsweep.problem.ProblemKind;
import org.mfsweep.problem.Problems;
import org.mfsweep.spec.Factorization;
import org.mfsweep.spec.Generator;
import org.mfsweep.spec.Init;
import org.mfsweep.spec.Kind;
import org.mfsweep.spec.ObservedData;
import org.mfsweep.spec.OptimizerSpec;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.spec.ReferenceSettings;
import org.mfsweep.spec.RunSettings;
import org.mfsweep.spec.RunSpec;
import org.mfsweep.spec.Sampling;

/**
 * Reads a sweep file (HOCON), applies --set overrides and the defaults of reference.conf, checks
 * everything, and expands the grid. All problems are collected and reported together in one
 * {@link SweepFileException}, before any work starts.
 */
public final class SweepFiles {

  /** Where the defaults live in reference.conf. */
  public static final String DEFAULTS_PATH = "mfsweep.sweep";
  /** A guard against a typo that would plan billions of runs. */
  public static final long MAX_RUNS = 10_000_000L;

  private static final Pattern RELATIVE_M =
      Pattern.compile("\\s*([0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\\s*\\*\\s*n\\s*\\*\\s*rank\\s*");

  private SweepFiles() {}

  /**
   * @param file the sweep file
   * @param sets overrides "path=value" in HOCON syntax, applied in order over the file
   * @param output replaces the file's {@code output} when not null
   * @throws SweepFileException listing every problem found
   */
  public static SweepSpec load(Path file, List<String> sets, String output) {
    String source = file.toString();
    if (!Files.isRegularFile(file)) {
      throw new SweepFileException(source, List.of(source + ": no such file"));
    }
    if (!Files.isReadable(file)) {
      throw new SweepFileException(source, List.of(source + ": not readable"));
    }
    Config job;
    try {
      job = ConfigFactory.parseFile(file.toFile(),
          ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false));
      for (String set : sets) {
        int eq = set.indexOf('=');
        if (eq <= 0) {
          throw new SweepFileException(source, List.of("--set " + set + ": expected path=value"));
        }
        Config override = ConfigFactory.parseString(set,
            ConfigParseOptions.defaults().setOriginDescription("--set " + set));
        job = override.withFallback(job);
      }
      if (output != null) {
        job = ConfigValueFactory.fromAnyRef(output, "--output " + output).atKey("output").withFallback(job);
      }
      job = job.resolve();
    } catch (ConfigException e) {
      throw new SweepFileException(source, List.of(e.getMessage()));
    }
    return new Reader(source, job).read();
  }

  /** One pass over a parsed sweep file, collecting problems. */
  private static final class Reader {
    private final String source;
    private final Config job;
    private final Config merged;
    private final List<String> problems = new ArrayList<>();
    /** The key generator: every problem of the sweep is drawn by it. */
    private Generator generator = Generator.ZIGGURAT;

    Reader(String source, Config job) {
      this.source = source;
      this.job = job;
      Config defaults = ConfigFactory.defaultReference().getConfig(DEFAULTS_PATH);
      checkKnownKeys(job.root(), defaults.root(), "");
      this.merged = job.withFallback(defaults);
    }

    SweepSpec read() {
      String name = string("name");
      String output = string("output");
      Generator chosen = scalar("generator", v -> Generator.parse(text(v)));
      generator = chosen == null ? Generator.ZIGGURAT : chosen;
      RunSettings settings = readSettings();
      EngineSettings engine = readEngine();

      Map<String, Object> optimizerScalars = readOptimizerScalars();
      ReferenceSettings reference = readReference();
      DataSpec dataSpec = readData();
      ObservedData data = null;
      if (dataSpec != null) {
        for (String key : List.of("grid.kind", "grid.n", "grid.m", "grid.rank", "grid.sampling",
            "grid.power-law-exponent", "grid.rows", "grid.cols")) {
          if (job.hasPath(key)) {
            problems.add(where(job.getValue(key).origin()) + ": " + key + ": set by the data file ("
                + dataSpec.file() + "); remove it");
          }
        }
        if (problems.isEmpty()) {
          data = DataFiles.load(dataSpec, where(merged.getValue("data.file").origin()) + ": data.file");
          if (data.trainCount() < 1 || dataSpec.testFraction() > 0 && data.testCount() < 1) {
            problems.add(where(merged.getValue("data.test-fraction").origin()) + ": data.test-fraction: "
                + data.count() + " observations leave " + data.trainCount() + " to train on and " + data.testCount()
                + " to test on; each needs at least one");
          }
        }
      }
      Axis<Kind> kind = data != null ? new Axis<>("grid.kind", source, List.of(data.kind()))
          : axis("grid.kind", v -> Kinds.parse(text(v)).kind(), Ranges.NONE);
      Axis<Factorization> factorization = axis("grid.factorization", v -> Factorization.parse(text(v)), Ranges.NONE);
      Axis<Integer> depth = intAxis("grid.depth", 1);
      Axis<String> problemAxis = axis("grid.problem", v -> {
        String t = text(v);
        if (!List.of("auto", "symmetric", "general").contains(t)) {
          throw new Bad("expected auto, symmetric or general, got '" + t + "'");
        }
        return t;
      }, Ranges.NONE);
      Fits fits = fits(factorization, problemAxis, depth, data);
      Axis<Integer> rows = data != null ? new Axis<>("grid.rows", source, List.of(0))
          : axis("grid.rows", v -> sizeValue(v, "n"), Ranges.INTEGER);
      Axis<Integer> cols = data != null ? new Axis<>("grid.cols", source, List.of(0))
          : axis("grid.cols", v -> sizeValue(v, "rows"), Ranges.INTEGER);
      for (String key : List.of("grid.rows", "grid.cols")) {
        if (data == null && job.hasPath(key) && fits.onGeneral().isEmpty() && !factorization.values().isEmpty()) {
          problems.add(where(job.getValue(key).origin()) + ": " + key + ": set, but no general problem is in the grid "
              + "(general rows × cols problems are fitted by grid.factorization = asymmetric with grid.problem = auto "
              + "or general); remove it");
        }
      }
      boolean rowsFromN = rows.values().contains(0);
      boolean nRead = !fits.onSymmetric().isEmpty() || rowsFromN;
      Axis<Integer> n;
      if (data != null) {
        n = new Axis<>("grid.n", source, List.of(data.n()));
      } else if (!nRead && !factorization.values().isEmpty()) {
        if (job.hasPath("grid.n")) {
          problems.add(where(job.getValue("grid.n").origin()) + ": grid.n: set, but no symmetric problem is in the grid "
              + "and grid.rows does not take it; remove it");
        }
        n = new Axis<>("grid.n", source, List.of());
      } else {
        n = intAxis("grid.n", 1);
      }
      Axis<MValue> m = data != null ? new Axis<>("grid.m", source, List.of(new MValue(data.trainCount(), 0)))
          : axis("grid.m", this::mValue, Ranges.INTEGER);
      Axis<Integer> rank = data != null ? new Axis<>("grid.rank", source, List.of(0)) : intAxis("grid.rank", 1);
      Axis<Integer> width = axis("grid.width", this::widthValue, Ranges.INTEGER);
      Axis<Init> init = axis("grid.init", v -> Init.parse(text(v)), Ranges.NONE);
      if (init.values().contains(Init.GAUSSIAN)) {
        if (!factorization.values().isEmpty() && !factorization.values().contains(Factorization.ASYMMETRIC)) {
          problems.add(init.where() + ": gaussian is a start of asymmetric runs only (X = W_N ⋯ W_1), and "
              + "grid.factorization " + names(factorization.values()) + " has none; use identity or orthogonal");
        } else if (init.values().size() == 1 && factorization.values().contains(Factorization.SYMMETRIC)) {
          problems.add(init.where() + ": gaussian is a start of asymmetric runs only, so the symmetric runs of "
              + "grid.factorization would have no start; add identity or orthogonal");
        }
      }
      Axis<Double> alpha = axis("grid.alpha", v -> atLeast(doubleValue(v), 0, false), Ranges.REAL);
      Axis<Double> eta = doubleAxis("grid.eta");
      Axis<Long> seed = axis("grid.seed", Reader::longValue, Ranges.INTEGER);
      Axis<Optimizer> optimizer = axis("grid.optimizer", v -> Optimizers.of(text(v)), Ranges.NONE);
      Map<String, Axis<Object>> settingAxes = readOptimizerAxes(optimizer);
      Axis<Sampling> sampling = data != null ? new Axis<>("grid.sampling", source, List.of(Sampling.UNIFORM))
          : axis("grid.sampling", v -> Sampling.parse(text(v)), Ranges.NONE);
      Axis<Double> exponent = data != null ? new Axis<>("grid.power-law-exponent", source, List.of(0.0))
          : axis("grid.power-law-exponent", v -> atLeast(doubleValue(v), 0, false), Ranges.REAL);
      Axis<Long> pattern = axis("grid.pattern", v -> {
        if (v.valueType() == ConfigValueType.STRING && "all".equals(v.unwrapped())) {
          return -1L;
        }
        long x = longValue(v);
        if (x < 0) {
          throw new Bad("expected \"all\" or pattern indices ≥ 0, got " + x);
        }
        return x;
      }, Ranges.INTEGER);
      String dataId = data == null ? null : data.id();
      if (!problems.isEmpty()) {
        throw new SweepFileException(source, new ArrayList<>(new LinkedHashSet<>(problems)));
      }
      List<Axis<?>> axes = List.of(kind, n, m, rank, width, init, alpha, eta, seed, optimizer, sampling, exponent,
          pattern, factorization, depth, problemAxis, rows, cols);
      long count = 1;
      StringBuilder sizes = new StringBuilder();
      for (Axis<?> a : axes) {
        count *= a.size();
        sizes.append(sizes.length() == 0 ? "" : " × ").append(a.key().substring("grid.".length())).append(' ')
            .append(a.size());
      }
      if (count > MAX_RUNS) {
        throw new SweepFileException(source, List.of(source + ": grid: " + count + " runs (" + sizes
            + ") is more than the limit of " + MAX_RUNS));
      }

      Set<String> comboProblems = new LinkedHashSet<>();
      List<ProblemSpec> problemSpecs = new ArrayList<>();
      List<Shape> allShapes = new ArrayList<>();
      if (!fits.onSymmetric().isEmpty()) {
        allShapes.addAll(shapes(kind, n, rank, m, dataId != null, comboProblems));
      }
      if (!fits.onGeneral().isEmpty()) {
        allShapes.addAll(data != null
            ? List.of(new Shape(data.kind(), data.matrixRows(), 0, data.trainCount(), data.matrixCols(), true))
            : generalShapes(kind, n, rows, cols, rank, m, factorization, comboProblems));
      }
      for (Kind k : kind.values()) {
        if (fits.asymmetric() && !Kinds.of(k).matrix()) {
          comboProblems.add(factorization.where() + ": kind " + k + " has no matrix to factorize: X = W_N ⋯ W_1 "
              + "(asymmetric) is for matrix kinds");
        }
      }
      for (Shape shape : allShapes) {
        for (long s : seed.values()) {
          problemSpecs.addAll(variants(shape, s, sampling, exponent, pattern, dataId, comboProblems));
        }
      }
      // problems merge by problem_id; runs cannot repeat across problems (a run_id's text starts with its
      // problem's), and within a problem the expansion's lists hold no repeats (see ProblemRuns)
      Map<String, ProblemRuns> groups = new LinkedHashMap<>();
      Map<List<ProblemRuns.Block>, List<ProblemRuns.Block>> interned = new java.util.HashMap<>();
      Map<String, Long> generated = new java.util.HashMap<>();
      long duplicates = 0;
      for (ProblemSpec problem : problemSpecs) {
        String id = problem.id();
        Long raw = generated.get(id);
        if (raw != null) {
          duplicates += raw; // every grid point of a repeated problem names a run already planned
          continue;
        }
        long[] points = new long[1];
        List<ProblemRuns.Block> blocks = runsOf(problem, fits, width, init, alpha, optimizer, eta, settingAxes,
            optimizerScalars, comboProblems, points);
        blocks = interned.computeIfAbsent(blocks, b -> b);
        ProblemRuns g = new ProblemRuns.Grid(problem, settings, blocks);
        groups.put(id, g);
        generated.put(id, points[0]);
        duplicates += points[0] - g.size();
      }
      if (!comboProblems.isEmpty()) {
        throw new SweepFileException(source, new ArrayList<>(comboProblems));
      }
      String resolvedJson = merged.root().render(ConfigRenderOptions.concise());
      return new SweepSpec(name, output, source, resolvedJson, settings, engine, reference, data,
          new ArrayList<>(groups.values()), Math.toIntExact(duplicates));
    }

    private RunSettings readSettings() {
      Integer maxIterations = scalar("run.max-iterations", v -> atLeastInt(v, 1));
      Double tolerance = scalar("run.tolerance", v -> atLeast(doubleValue(v), 0, false));
      Double divergence = scalar("run.divergence-factor", v -> atLeast(doubleValue(v), 1, true));
      Double growth = scalar("run.trace-growth", v -> atLeast(doubleValue(v), 1, true));
      Integer testSize = scalar("run.test-size", v -> atLeastInt(v, 1));
      Integer keepX = scalar("run.keep-x", v -> atLeastInt(v, 0));
      Integer singularValues = scalar("run.trace-singular-values", v -> atLeastInt(v, 0));
      if (maxIterations == null || tolerance == null || divergence == null || growth == null || testSize == null
          || keepX == null || singularValues == null) {
        return null;
      }
      return new RunSettings(maxIterations, tolerance, divergence, growth, testSize, keepX, singularValues);
    }

    /** The data block, or null when data.file is empty (problems are generated). */
    private DataSpec readData() {
      String file = scalar("data.file", v -> {
        if (v.valueType() != ConfigValueType.STRING) {
          throw new Bad("expected a file name (a string), got " + describe(v));
        }
        return ((String) v.unwrapped()).trim();
      });
      if (file == null || file.isEmpty()) {
        return null;
      }
      Kind kind = scalar("data.kind", v -> {
        ProblemKind k = Kinds.parse(text(v));
        if (!k.fromFiles()) {
          throw new Bad("data files hold " + Kinds.all().stream().filter(ProblemKind::fromFiles)
              .map(x -> x.kind().configName()).collect(java.util.stream.Collectors.joining(" or "))
              + " problems, not " + k.kind());
        }
        return k.kind();
      });
      String format = scalar("data.format", v -> {
        String f = text(v);
        if (!List.of("auto", "csv", "parquet").contains(f)) {
          throw new Bad("expected auto, csv or parquet, got '" + f + "'");
        }
        return f;
      });
      Character separator = scalar("data.separator", v -> {
        String t = text(v);
        if ("tab".equals(t)) {
          return '\t';
        }
        if (t.length() != 1 || t.charAt(0) == '"' || t.charAt(0) == '\n' || t.charAt(0) == '\r') {
          throw new Bad("expected one character (e.g. \",\", \"\\t\" or tab), got " + v.render());
        }
        return t.charAt(0);
      });
      Boolean header = scalar("data.header", this::booleanValue);
      List<String> columns = scalar("data.columns", v -> {
        if (v.valueType() != ConfigValueType.LIST) {
          throw new Bad("expected a list of field names, got " + describe(v));
        }
        List<String> names = new ArrayList<>();
        for (ConfigValue item : (ConfigList) v) {
          String name = text(item).trim();
          if (name.isEmpty()) {
            throw new Bad("a field name must not be empty");
          }
          if (names.contains(name)) {
            throw new Bad("names field '" + name + "' twice");
          }
          names.add(name);
        }
        return names;
      });
      if (header != null && columns != null) {
        if (!header && columns.isEmpty()) {
          problems.add(where(merged.getValue("data.header").origin()) + ": data.header: false needs data.columns, the "
              + "names of the fields by position (e.g. [row, col, value, timestamp] for MovieLens's u.data)");
        } else if (header && !columns.isEmpty()) {
          problems.add(where(merged.getValue("data.columns").origin()) + ": data.columns: names the fields of a file "
              + "without a header; set data.header = false, or remove it to use the header's names");
        }
      }
      boolean customLayout = separator != null && separator != ',' || header != null && !header
          || columns != null && !columns.isEmpty();
      if ("auto".equals(format)) {
        String lower = file.toLowerCase(java.util.Locale.ROOT);
        format = lower.endsWith(".csv") || lower.endsWith(".csv.gz") || lower.endsWith(".tsv")
            || lower.endsWith(".tsv.gz") || customLayout ? "csv" : "parquet";
      } else if ("parquet".equals(format) && customLayout) {
        problems.add(where(merged.getValue("data.format").origin()) + ": data.format: parquet, but data.separator, "
            + "data.header or data.columns describe a text file; set format = csv (or auto)");
      }
      Integer base = scalar("data.index-base", v -> {
        int b = intValue(v);
        if (b != 0 && b != 1) {
          throw new Bad("must be 0 or 1, got " + b);
        }
        return b;
      });
      Boolean rectangular = scalar("data.shape", v -> {
        String sh = text(v);
        if (!List.of("symmetric", "rectangular").contains(sh)) {
          throw new Bad("expected symmetric or rectangular, got '" + sh + "'");
        }
        return sh.equals("rectangular");
      });
      Integer rows = scalar("data.rows", v -> atLeastInt(v, 0));
      Integer cols = scalar("data.cols", v -> atLeastInt(v, 0));
      String rowColumn = string("data.row-column");
      String colColumn = string("data.col-column");
      String valueColumn = string("data.value-column");
      String matrixColumn = string("data.matrix-column");
      Double fraction = scalar("data.test-fraction", v -> {
        double f = atLeast(doubleValue(v), 0, false);
        if (!(f < 1)) {
          throw new Bad("must be < 1, got " + plain(f));
        }
        return f;
      });
      if (kind == null || format == null || base == null || rectangular == null || rows == null || cols == null
          || rowColumn == null || colColumn == null || valueColumn == null || matrixColumn == null
          || fraction == null || separator == null || header == null || columns == null) {
        return null;
      }
      return new DataSpec(file, kind, format, base, rectangular, rows, cols, rowColumn, colColumn, valueColumn,
          matrixColumn, fraction, separator, header, columns);
    }

    /** A problem's size before its seed and sampling; cols = n unless general. */
    private record Shape(Kind kind, int n, int rank, int m, int cols, boolean general) {
      Shape(Kind kind, int n, int rank, int m) {
        this(kind, n, rank, m, n, false);
      }
    }

    /**
     * Which factorizations fit which problems: onSymmetric those that run on the symmetric n × n
     * problems, onGeneral those on general rows × cols problems; depths are the asymmetric runs'.
     */
    private record Fits(List<Factorization> onSymmetric, List<Factorization> onGeneral, List<Integer> depths) {
      boolean asymmetric() {
        return onSymmetric.contains(Factorization.ASYMMETRIC) || onGeneral.contains(Factorization.ASYMMETRIC);
      }
    }

    /**
     * grid.factorization × grid.problem: symmetric runs fit symmetric problems (general is an
     * error); asymmetric runs fit general problems (auto, general) or symmetric ones (symmetric).
     * With a data file, auto is the file's own shape: general for a rectangular completion file,
     * symmetric otherwise.
     */
    private Fits fits(Axis<Factorization> factorization, Axis<String> problemAxis, Axis<Integer> depth,
                      ObservedData data) {
      Set<Factorization> onSymmetric = new LinkedHashSet<>();
      Set<Factorization> onGeneral = new LinkedHashSet<>();
      boolean fileIsGeneral = data == null || data.matrixRows() > 0;
      for (Factorization f : factorization.values()) {
        for (String pc : problemAxis.values()) {
          if (f == Factorization.SYMMETRIC) {
            if ("general".equals(pc)) {
              problems.add(problemAxis.where() + ": general problems are fitted by asymmetric runs only; X = UUᵀ "
                  + "(grid.factorization = symmetric) fits symmetric n × n problems (use auto or symmetric)");
            } else {
              onSymmetric.add(f);
            }
          } else if ("symmetric".equals(pc) || "auto".equals(pc) && !fileIsGeneral) {
            onSymmetric.add(f);
          } else if ("general".equals(pc) && !fileIsGeneral) {
            problems.add(problemAxis.where() + ": the data file " + data.source() + " holds no general matrix (a "
                + "rectangular completion file, data.shape = rectangular, does); use auto or symmetric");
          } else {
            onGeneral.add(f);
          }
        }
      }
      if (job.hasPath("grid.depth") && !factorization.values().isEmpty()
          && !factorization.values().contains(Factorization.ASYMMETRIC)) {
        problems.add(where(job.getValue("grid.depth").origin()) + ": grid.depth: set, but grid.factorization "
            + names(factorization.values()) + " has no asymmetric runs (X = UUᵀ has depth 2); remove it or add "
            + "asymmetric");
      }
      return new Fits(List.copyOf(onSymmetric), List.copyOf(onGeneral), depth.values());
    }

    /** "n" (or "rows") stands for 0: the default size. */
    private int sizeValue(ConfigValue v, String word) {
      if (v.valueType() == ConfigValueType.STRING && word.equals(v.unwrapped())) {
        return 0;
      }
      if (v.valueType() == ConfigValueType.STRING) {
        throw new Bad("expected an integer ≥ 1 or \"" + word + "\", got " + v.render());
      }
      return atLeastInt(v, 1);
    }

    /** Every general (kind, rows, cols, rank, m) of the grid; the others are recorded as problems. */
    private List<Shape> generalShapes(Axis<Kind> kind, Axis<Integer> n, Axis<Integer> rows, Axis<Integer> cols,
                                      Axis<Integer> rank, Axis<MValue> m, Axis<Factorization> factorization,
                                      Set<String> comboProblems) {
      Set<List<Integer>> sizes = new LinkedHashSet<>();
      for (int r0 : rows.values()) {
        for (int r : r0 == 0 ? n.values() : List.of(r0)) {
          for (int c : cols.values()) {
            sizes.add(List.of(r, c == 0 ? r : c));
          }
        }
      }
      List<Shape> out = new ArrayList<>();
      for (Kind k : kind.values()) {
        ProblemKind pk = Kinds.of(k);
        if (!pk.matrix()) {
          continue; // refused by the factorization check
        }
        if (!pk.generalShapes()) {
          comboProblems.add(factorization.where() + ": kind " + k + " has no general rows × cols problems; set "
              + "grid.problem = symmetric to fit its symmetric ones with X = W_N ⋯ W_1");
          continue;
        }
        for (List<Integer> size : sizes) {
          int r = size.get(0);
          int c = size.get(1);
          for (int q : rank.values()) {
            if (q > Math.min(r, c)) {
              comboProblems.add(rank.where() + ": rank " + q + " > min(rows, cols) = " + Math.min(r, c) + " for the "
                  + r + " × " + c + " problems (need 1 ≤ rank ≤ min(rows, cols))");
              continue;
            }
            for (MValue mv : m.values()) {
              long mm = mv.resolve(r, c, q);
              String wrong = mm < 1 ? mv + " gives m = " + mm + " for rows = " + r + ", cols = " + c + ", rank = " + q
                  + " (need m ≥ 1)" : pk.wrongM(r, c, q, mm, true);
              if (wrong == null && mm > Integer.MAX_VALUE) {
                wrong = "m = " + mm + " is too large";
              }
              if (wrong != null) {
                comboProblems.add(m.where() + ": " + wrong);
              } else {
                out.add(new Shape(k, r, q, (int) mm, c, true));
              }
            }
          }
        }
      }
      return out;
    }

    /** Every (kind, n, rank, m) of the grid that makes a problem; the others are recorded as problems. */
    private List<Shape> shapes(Axis<Kind> kind, Axis<Integer> n, Axis<Integer> rank, Axis<MValue> m, boolean fromData,
                               Set<String> comboProblems) {
      List<Shape> out = new ArrayList<>();
      for (Kind k : kind.values()) {
        for (int nn : n.values()) {
          for (int r0 : rank.values()) {
            // least-squares has no rank: every rank names the same problem (merged later)
            boolean matrix = Kinds.of(k).matrix();
            int r = matrix ? r0 : 1;
            if (matrix && r > nn && !fromData) {
              comboProblems.add(rank.where() + ": rank " + r + " > n " + nn + " (need 1 ≤ rank ≤ n)");
              continue;
            }
            for (MValue mv : m.values()) {
              String wrong = wrongM(k, nn, r, mv);
              if (wrong != null) {
                comboProblems.add(m.where() + ": " + wrong);
              } else {
                out.add(new Shape(k, nn, r, (int) mv.resolve(nn, r)));
              }
            }
          }
        }
      }
      return out;
    }

    /** Why m cannot be for this kind, n and rank, or null when it can. */
    private static String wrongM(Kind k, int nn, int r, MValue mv) {
      long mm = mv.resolve(nn, r);
      if (mm < 1) {
        return mv + " gives m = " + mm + " for n = " + nn + ", rank = " + r + " (need m ≥ 1)";
      }
      String wrong = Kinds.of(k).wrongM(nn, r, mm);
      if (wrong != null) {
        return wrong;
      }
      return mm > Integer.MAX_VALUE ? "m = " + mm + " is too large" : null;
    }

    /** The problems of one shape and seed: one per sampling (and pattern, and exponent) it takes. */
    private List<ProblemSpec> variants(Shape sh, long seed, Axis<Sampling> sampling, Axis<Double> exponent,
                                       Axis<Long> pattern, String dataId, Set<String> comboProblems) {
      List<ProblemSpec> out = new ArrayList<>();
      long upper = (long) sh.n() * (sh.n() + 1) / 2;
      for (Sampling sa : sampling.values()) {
        // sampling is a property of completion problems only; the exponent of power-law, the pattern of pattern
        Sampling sam = Kinds.of(sh.kind()).sampled() ? sa : Sampling.UNIFORM;
        if (sh.general()) {
          if (sam == Sampling.PATTERN) {
            comboProblems.add(sampling.where() + ": pattern sampling is for symmetric problems only (the general "
                + sh.n() + " × " + sh.cols() + " completion problems draw uniform or power-law positions)");
            continue;
          }
          for (double exp : sam == Sampling.POWER_LAW ? exponent.values() : List.of(0.0)) {
            out.add(ProblemSpec.general(sh.kind(), sh.n(), sh.cols(), sh.m(), sh.rank(), seed, sam, exp, dataId)
                .withGenerator(generator));
          }
          continue;
        }
        List<Long> patterns = sam == Sampling.PATTERN ? patterns(pattern, upper, sh.m(), comboProblems) : List.of(-1L);
        List<Double> exponents = sam == Sampling.POWER_LAW ? exponent.values() : List.of(0.0);
        for (long pat : patterns) {
          for (double exp : exponents) {
            out.add(new ProblemSpec(sh.kind(), sh.n(), sh.m(), sh.rank(), seed, sam, exp, pat, dataId)
                .withGenerator(generator));
          }
        }
      }
      return out;
    }

    /**
     * The runs of one problem: width × init × alpha × optimizer × eta × the optimizer's settings,
     * normalised per kind and optimizer (an axis that does not apply takes one value), as blocks of
     * one (factorization, depth, width) whose lists hold each value once. count[0] receives the grid
     * points before repeats were merged.
     */
    private List<ProblemRuns.Block> runsOf(ProblemSpec problem, Fits fits, Axis<Integer> width, Axis<Init> init,
                                           Axis<Double> alpha, Axis<Optimizer> optimizer, Axis<Double> eta,
                                           Map<String, Axis<Object>> settingAxes, Map<String, Object> scalars,
                                           Set<String> comboProblems, long[] count) {
      ProblemKind k = Kinds.of(problem.kind());
      List<ProblemRuns.Block> out = new ArrayList<>();
      for (double a : alpha.values()) {
        if (a == 0 && k.matrix()) {
          comboProblems.add(alpha.where() + ": must be > 0 for kind " + k.kind()
              + " (U₀ = 0 is a stationary point; alpha = 0 is for least-squares)");
          return out;
        }
      }
      for (Optimizer o : optimizer.values()) {
        String refused = o.refuses(k);
        if (refused != null) {
          comboProblems.add(optimizer.where() + ": " + refused);
          return out;
        }
      }
      // per optimizer: grid points (with repeats) and the distinct runs they name
      long perAlphaRaw = 0;
      Map<String, ProblemRuns.OptimizerRuns> distinct = new LinkedHashMap<>();
      for (Optimizer o : optimizer.values()) {
        List<OptimizerSpec> list = new ArrayList<>();
        for (OptimizerSpec os : optimizerSpecs(o, settingAxes, scalars)) {
          String refused = o.refuses(problem, os);
          if (refused != null) {
            SettingDeclaration first = o.settings().isEmpty() ? null : o.settings().get(0);
            Axis<Object> ax = first == null ? null : settingAxes.get(first.key());
            comboProblems.add((ax != null ? ax.where() : optimizer.where()) + ": " + refused);
          } else {
            list.add(os);
          }
        }
        List<Double> etas = o.usesStepSize() ? eta.values() : List.of(0.0);
        perAlphaRaw += (long) etas.size() * list.size();
        // an optimizer named twice names the same runs (its name is in the run_id)
        distinct.putIfAbsent(o.name(), new ProblemRuns.OptimizerRuns(new ArrayList<>(new LinkedHashSet<>(etas)),
            new ArrayList<>(new LinkedHashSet<>(list))));
      }
      List<ProblemRuns.OptimizerRuns> optimizerRuns = new ArrayList<>(distinct.values());
      // doubles repeat when their bits do (1e-3 and 0.001): Double.equals compares bits, as run_ids do
      List<Double> alphas = new ArrayList<>(new LinkedHashSet<>(alpha.values()));
      Set<List<Integer>> seenBlocks = new java.util.HashSet<>();
      long raw = 0;
      for (Factorization f : problem.general() ? fits.onGeneral() : fits.onSymmetric()) {
        boolean asymmetric = f == Factorization.ASYMMETRIC;
        if (asymmetric && !k.matrix()) {
          continue; // refused by the factorization check
        }
        // a symmetric run is X = UUᵀ of depth 2, once, whatever grid.depth says
        for (int depth : asymmetric ? fits.depths() : List.of(2)) {
          for (int w : width.values()) {
            // least-squares has no factor: one width, one start
            int d = !k.matrix() ? 1 : w != 0 ? w : asymmetric ? Math.max(problem.rows(), problem.cols()) : problem.n();
            List<Init> inits = new ArrayList<>();
            for (Init in : k.matrix() ? init.values() : List.of(Init.IDENTITY)) {
              if (in != Init.GAUSSIAN || asymmetric) { // gaussian is a start of asymmetric runs only
                inits.add(in);
              }
            }
            raw += (long) inits.size() * alpha.values().size() * perAlphaRaw;
            if (seenBlocks.add(List.of(f.ordinal(), depth, d))) {
              ProblemRuns.Block b = new ProblemRuns.Block(f, depth, d, new ArrayList<>(new LinkedHashSet<>(inits)),
                  alphas, optimizerRuns);
              if (b.size() > 0) {
                out.add(b);
              }
            }
          }
        }
      }
      count[0] = raw;
      return out;
    }

    /** Every combination of the optimizer's settings: its axes' values in declared order, its scalars once. */
    private static List<OptimizerSpec> optimizerSpecs(Optimizer o, Map<String, Axis<Object>> axes,
                                                      Map<String, Object> scalars) {
      List<List<OptimizerSpec.Setting>> combos = new ArrayList<>();
      combos.add(List.of());
      for (SettingDeclaration decl : o.settings()) {
        List<Object> values = decl.axis() ? axes.get(decl.key()).values() : List.of(scalars.get(decl.key()));
        List<List<OptimizerSpec.Setting>> grown = new ArrayList<>();
        for (List<OptimizerSpec.Setting> c : combos) {
          for (Object v : values) {
            List<OptimizerSpec.Setting> g = new ArrayList<>(c);
            if (!v.equals(decl.implicit())) { // the implicit choice is the behaviour of before the setting
              g.add(new OptimizerSpec.Setting(decl.name(), v));
            }
            grown.add(g);
          }
        }
        combos = grown;
      }
      List<OptimizerSpec> out = new ArrayList<>();
      for (List<OptimizerSpec.Setting> c : combos) {
        out.add(new OptimizerSpec(o.name(), c));
      }
      return out;
    }

    /**
     * The grid axes of the optimizers' settings (e.g. grid.beta), each read once and checked by its
     * declaration. A key the sweep file sets although no optimizer of grid.optimizer reads it is a
     * problem (it would silently do nothing).
     */
    private Map<String, Axis<Object>> readOptimizerAxes(Axis<Optimizer> optimizer) {
      Map<String, Axis<Object>> out = new LinkedHashMap<>();
      for (Map.Entry<String, List<String>> e : Optimizers.keys().entrySet()) {
        String key = e.getKey();
        if (!key.startsWith("grid.")) {
          continue;
        }
        SettingDeclaration decl = declaration(key);
        boolean used = optimizer.values().stream().anyMatch(o -> e.getValue().contains(o.name()));
        if (!used && job.hasPath(key) && !optimizer.values().isEmpty()) {
          problems.add(where(job.getValue(key).origin()) + ": " + key + ": set, but no optimizer of grid.optimizer "
              + optimizer.values().stream().map(Optimizer::name).toList() + " reads it (it is for "
              + String.join(", ", e.getValue()) + "); remove it or add such an optimizer");
        }
        out.put(key, axis(key, v -> settingValue(decl, v), decl.integer() ? Ranges.INTEGER : Ranges.REAL));
      }
      return out;
    }

    /** The optimizers' one-value settings (e.g. run.flow.horizon), checked by their declarations. */
    private Map<String, Object> readOptimizerScalars() {
      Map<String, Object> out = new LinkedHashMap<>();
      for (String key : Optimizers.keys().keySet()) {
        if (key.startsWith("grid.")) {
          continue;
        }
        SettingDeclaration decl = declaration(key);
        Object v = scalar(key, x -> settingValue(decl, x));
        if (v != null) {
          out.put(key, v);
        }
      }
      return out;
    }

    private static SettingDeclaration declaration(String key) {
      for (Optimizer o : Optimizers.all()) {
        for (SettingDeclaration d : o.settings()) {
          if (d.key().equals(key)) {
            return d;
          }
        }
      }
      throw new IllegalStateException("no optimizer declares " + key);
    }

    private static Object settingValue(SettingDeclaration decl, ConfigValue v) {
      if (decl.text()) {
        String t = text(v);
        if (!decl.choices().contains(t)) {
          throw new Bad("unknown " + decl.meaning() + " '" + t + "' (valid: " + String.join(" | ", decl.choices()) + ")");
        }
        return t;
      }
      if (decl.integer()) {
        long x = longValue(v);
        String bad = decl.check(x);
        if (bad != null) {
          throw new Bad(bad);
        }
        return x;
      }
      double x = doubleValue(v);
      String bad = decl.check(x);
      if (bad != null) {
        throw new Bad(bad);
      }
      return x;
    }

    /** The pattern indices asked for, checked against the C(upper, m) patterns that exist. */
    private List<Long> patterns(Axis<Long> axis, long upper, int m, Set<String> comboProblems) {
      long count = Problems.binomial(upper, m);
      List<Long> out = new ArrayList<>();
      for (long p : axis.values()) {
        if (p == -1) {
          if (count > 100_000) {
            comboProblems.add(axis.where() + ": \"all\" would be C(" + upper + ", " + m + ") = "
                + (count == Long.MAX_VALUE ? "too many" : Long.toString(count)) + " patterns (at most 100000)");
            return List.of();
          }
          for (long q = 0; q < count; q++) {
            out.add(q);
          }
        } else if (p >= count) {
          comboProblems.add(axis.where() + ": pattern " + p + " does not exist: there are C(" + upper + ", " + m
              + ") = " + count + " (0 … " + (count - 1) + ")");
        } else {
          out.add(p);
        }
      }
      return out;
    }

    private ReferenceSettings readReference() {
      Boolean enabled = scalar("reference.enabled", this::booleanValue);
      Double tolerance = scalar("reference.tolerance", v -> atLeast(doubleValue(v), 0, true));
      Integer iterations = scalar("reference.max-iterations", v -> atLeastInt(v, 1));
      return enabled == null || tolerance == null || iterations == null ? null
          : new ReferenceSettings(enabled, tolerance, iterations);
    }

    private boolean booleanValue(ConfigValue v) {
      if (v.valueType() != ConfigValueType.BOOLEAN) {
        throw new Bad("expected true or false, got " + describe(v));
      }
      return (Boolean) v.unwrapped();
    }

    private EngineSettings readEngine() {
      Integer waveRuns = scalar("engine.wave-runs", v -> atLeastInt(v, 1));
      Integer waveSeconds = scalar("engine.wave-seconds", v -> atLeastInt(v, 1));
      Boolean ui = scalar("engine.ui", this::booleanValue);
      Integer progress = scalar("engine.progress-interval", v -> {
        int x = intValue(v);
        if (x < 1) {
          throw new Bad("must be ≥ 1 (seconds), got " + x);
        }
        return x;
      });
      Double confirm = scalar("engine.confirm-above", SweepFiles::positiveDuration);
      return waveRuns == null || waveSeconds == null || ui == null || progress == null || confirm == null ? null
          : new EngineSettings(waveRuns, waveSeconds, ui, progress, confirm);
    }

    // ---- keys ----

    /** Every key of the sweep file must exist in the defaults; objects there must be objects here. */
    private void checkKnownKeys(ConfigObject given, ConfigObject known, String prefix) {
      for (Map.Entry<String, ConfigValue> e : given.entrySet()) {
        String key = prefix + e.getKey();
        ConfigValue value = e.getValue();
        if (!known.containsKey(e.getKey())) {
          problems.add(where(value.origin()) + ": " + key + ": unknown key" + suggestion(e.getKey(), known.keySet()));
          continue;
        }
        ConfigValue expected = known.get(e.getKey());
        if (expected.valueType() == ConfigValueType.OBJECT) {
          if (value.valueType() != ConfigValueType.OBJECT) {
            problems.add(where(value.origin()) + ": " + key + ": expected an object { … }, got "
                + describe(value));
          } else {
            checkKnownKeys((ConfigObject) value, (ConfigObject) expected, key + ".");
          }
        }
      }
    }

    private static String suggestion(String key, Set<String> known) {
      String best = null;
      int bestDistance = Integer.MAX_VALUE;
      for (String k : known) {
        int d = distance(key, k);
        if (d < bestDistance) {
          bestDistance = d;
          best = k;
        }
      }
      return best != null && bestDistance <= Math.max(2, key.length() / 3)
          ? " (did you mean '" + best + "'?)" : " (known: " + String.join(", ", known) + ")";
    }

    /** Levenshtein distance, for "did you mean" hints. */
    private static int distance(String a, String b) {
      int[] prev = new int[b.length() + 1];
      int[] cur = new int[b.length() + 1];
      for (int j = 0; j <= b.length(); j++) {
        prev[j] = j;
      }
      for (int i = 1; i <= a.length(); i++) {
        cur[0] = i;
        for (int j = 1; j <= b.length(); j++) {
          int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
          cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
        }
        int[] t = prev;
        prev = cur;
        cur = t;
      }
      return prev[b.length()];
    }

    // ---- scalars ----

    private String string(String path) {
      return scalar(path, v -> {
        if (v.valueType() != ConfigValueType.STRING && v.valueType() != ConfigValueType.NUMBER) {
          throw new Bad("expected a string, got " + describe(v));
        }
        String s = String.valueOf(v.unwrapped()).trim();
        if (s.isEmpty()) {
          throw new Bad("must not be empty");
        }
        return s;
      });
    }

    /** Reads one value; on a problem records it (with file:line) and returns null. */
    private <T> T scalar(String path, Function<ConfigValue, T> parse) {
      ConfigValue v = lookup(path);
      if (v == null) {
        return null;
      }
      try {
        return parse.apply(v);
      } catch (Bad | IllegalArgumentException e) {
        problems.add(where(v.origin()) + ": " + path + ": " + e.getMessage());
        return null;
      }
    }

    /** The value at path, or null after recording why there is none (missing, or a parent is not an object). */
    private ConfigValue lookup(String path) {
      try {
        if (!merged.hasPathOrNull(path) || merged.getIsNull(path)) {
          problems.add(source + ": " + path + ": missing (every sweep file sets it)");
          return null;
        }
        return merged.getValue(path);
      } catch (ConfigException e) {
        problems.add(e.getMessage());
        return null;
      }
    }

    private static String text(ConfigValue v) {
      if (v.valueType() != ConfigValueType.STRING) {
        throw new Bad("expected a string, got " + describe(v));
      }
      return (String) v.unwrapped();
    }

    private static double doubleValue(ConfigValue v) {
      if (v.valueType() != ConfigValueType.NUMBER) {
        throw new Bad("expected a number, got " + describe(v));
      }
      double x = ((Number) v.unwrapped()).doubleValue();
      if (!Double.isFinite(x)) {
        throw new Bad("must be a finite number, got " + v.render());
      }
      return x;
    }

    private static long longValue(ConfigValue v) {
      double x = doubleValue(v);
      if (x != Math.rint(x) || Math.abs(x) > (1L << 53)) {
        throw new Bad("expected an integer, got " + v.render());
      }
      return ((Number) v.unwrapped()).longValue();
    }

    private static int intValue(ConfigValue v) {
      long x = longValue(v);
      if (x > Integer.MAX_VALUE || x < Integer.MIN_VALUE) {
        throw new Bad("integer out of range: " + x);
      }
      return (int) x;
    }

    private static int atLeastInt(ConfigValue v, int min) {
      int x = intValue(v);
      if (x < min) {
        throw new Bad("must be ≥ " + min + ", got " + x);
      }
      return x;
    }

    private static double atLeast(double x, double bound, boolean strict) {
      if (strict ? !(x > bound) : !(x >= bound)) {
        throw new Bad("must be " + (strict ? "> " : "≥ ") + plain(bound) + ", got " + plain(x));
      }
      return x;
    }

    private MValue mValue(ConfigValue v) {
      if (v.valueType() == ConfigValueType.STRING) {
        Matcher mt = RELATIVE_M.matcher((String) v.unwrapped());
        if (!mt.matches()) {
          throw new Bad("expected an integer or \"C*n*rank\" (e.g. \"3*n*rank\"), got " + v.render());
        }
        double c = Double.parseDouble(mt.group(1));
        if (!(c > 0) || !Double.isFinite(c)) {
          throw new Bad("the factor C of \"C*n*rank\" must be a finite number > 0, got " + v.render());
        }
        return new MValue(0, c);
      }
      long m = longValue(v);
      if (m < 1) {
        throw new Bad("must be ≥ 1, got " + m);
      }
      return new MValue(m, 0);
    }

    /** 0 stands for "n". */
    private int widthValue(ConfigValue v) {
      if (v.valueType() == ConfigValueType.STRING && "n".equals(v.unwrapped())) {
        return 0;
      }
      if (v.valueType() == ConfigValueType.STRING) {
        throw new Bad("expected an integer ≥ 1 or \"n\", got " + v.render());
      }
      int d = intValue(v);
      if (d < 1) {
        throw new Bad("must be ≥ 1, got " + d);
      }
      return d;
    }

    // ---- axes ----

    private Axis<Integer> intAxis(String path, int min) {
      return axis(path, v -> atLeastInt(v, min), Ranges.INTEGER);
    }

    private Axis<Double> doubleAxis(String path) {
      return axis(path, v -> atLeast(doubleValue(v), 0, true), Ranges.REAL);
    }

    /**
     * An axis: one value, a list of values, or (where ranges are allowed) a range object. Ranges of
     * integer axes are rounded; a range whose rounded values repeat is a problem.
     */
    private <T> Axis<T> axis(String path, Function<ConfigValue, T> parse, Ranges ranges) {
      ConfigValue v = lookup(path);
      if (v == null) {
        return new Axis<>(path, source, List.of());
      }
      String where = where(v.origin()) + ": " + path;
      List<T> values = new ArrayList<>();
      try {
        switch (v.valueType()) {
          case LIST -> {
            ConfigList list = (ConfigList) v;
            if (list.isEmpty()) {
              throw new Bad("empty axis: give at least one value");
            }
            for (ConfigValue item : list) {
              if (item.valueType() == ConfigValueType.LIST || item.valueType() == ConfigValueType.OBJECT) {
                throw new Bad("list items must be single values, got " + describe(item));
              }
              values.add(parse.apply(item));
            }
          }
          case OBJECT -> {
            if (ranges == Ranges.NONE) {
              throw new Bad("expected a value or a list, got " + describe(v));
            }
            for (ConfigValue item : range((ConfigObject) v, ranges == Ranges.INTEGER)) {
              values.add(parse.apply(item));
            }
          }
          default -> values.add(parse.apply(v));
        }
      } catch (Bad | IllegalArgumentException e) {
        problems.add(where + ": " + e.getMessage());
        return new Axis<>(path, where, List.of());
      }
      Set<T> seen = new LinkedHashSet<>(values);
      if (seen.size() < values.size()) {
        problems.add(where + ": repeats a value " + values + " (a range over integers may round two steps to one)");
      }
      return new Axis<>(path, where, List.copyOf(seen));
    }

    /** {from, to, steps, scale}: steps values from 'from' to 'to' inclusive, rounded when integral. */
    private List<ConfigValue> range(ConfigObject obj, boolean integral) {
      for (String key : obj.keySet()) {
        if (!Set.of("from", "to", "steps", "scale").contains(key)) {
          throw new Bad("unknown range key '" + key + "' (a range is {from, to, steps, scale = log | linear})");
        }
      }
      for (String key : List.of("from", "to", "steps", "scale")) {
        if (!obj.containsKey(key)) {
          throw new Bad("range is missing '" + key + "' (a range is {from, to, steps, scale = log | linear})");
        }
      }
      double from = doubleValue(obj.get("from"));
      double to = doubleValue(obj.get("to"));
      int steps = intValue(obj.get("steps"));
      String scale = text(obj.get("scale"));
      if (steps < 1) {
        throw new Bad("range steps must be ≥ 1, got " + steps);
      }
      if (steps == 1 && from != to) {
        throw new Bad("a range with steps = 1 needs from = to");
      }
      List<ConfigValue> out = new ArrayList<>(steps);
      switch (scale) {
        case "linear" -> {
          // Decimal arithmetic so that {from = 0.1, to = 0.5, steps = 5} gives 0.1, 0.2, … exactly as written.
          BigDecimal a = new BigDecimal(Double.toString(from));
          BigDecimal b = new BigDecimal(Double.toString(to));
          for (int i = 0; i < steps; i++) {
            BigDecimal x = steps == 1 ? a : a.add(b.subtract(a).multiply(BigDecimal.valueOf(i))
                .divide(BigDecimal.valueOf(steps - 1), MathContext.DECIMAL64));
            out.add(number(x.doubleValue(), integral, obj));
          }
        }
        case "log" -> {
          if (!(from > 0) || !(to > 0)) {
            throw new Bad("a log range needs from > 0 and to > 0");
          }
          double la = Math.log10(from);
          double lb = Math.log10(to);
          for (int i = 0; i < steps; i++) {
            double e = steps == 1 ? la : la + (lb - la) * i / (steps - 1);
            double x = i == 0 ? from : i == steps - 1 ? to : decade(e);
            out.add(number(x, integral, obj));
          }
        }
        default -> throw new Bad("range scale must be log or linear, got '" + scale + "'");
      }
      return out;
    }

    /** 10^e, exact (as the literal 1eK would parse) when e is an integer. */
    private static double decade(double e) {
      long k = Math.round(e);
      return Math.abs(e - k) < 1e-9 ? Double.parseDouble("1e" + k) : Math.pow(10, e);
    }

    private static ConfigValue number(double x, boolean integral, ConfigObject origin) {
      double v = integral ? Math.rint(x) : x;
      Number value = v == Math.rint(v) && Math.abs(v) < (1L << 53) ? (Number) (long) v : (Number) v;
      return ConfigValueFactory.fromAnyRef(value, origin.origin().description());
    }
  }

  private enum Ranges { NONE, INTEGER, REAL }

  /** C(n, k), or Long.MAX_VALUE when it does not fit a long. */
  public static long binomial(long n, long k) {
    return Problems.binomial(n, k);
  }

  /** An axis's values and where it was set (file:line: key), for messages about combinations. */
  private record Axis<T>(String key, String where, List<T> values) {
    int size() {
      return values.size();
    }
  }

  /** m given absolutely (absolute > 0) or as C·n·rank (perNRank > 0). */
  private record MValue(long absolute, double perNRank) {
    long resolve(int n, int rank) {
      return absolute > 0 ? absolute : Math.round(perNRank * n * rank);
    }

    /** A general rows × cols problem: n is (rows + cols)/2, so a square one resolves as a symmetric one. */
    long resolve(int rows, int cols, int rank) {
      return absolute > 0 ? absolute : Math.round(perNRank * ((double) rows + cols) / 2 * rank);
    }

    @Override public String toString() {
      return absolute > 0 ? Long.toString(absolute) : "\"" + plain(perNRank) + "*n*rank\"";
    }
  }

  private static final class Bad extends RuntimeException {
    Bad(String message) {
      super(message, null, false, false);
    }
  }

  static String where(ConfigOrigin origin) {
    if (origin.filename() != null) {
      return origin.lineNumber() > 0 ? origin.filename() + ":" + origin.lineNumber() : origin.filename();
    }
    return origin.description();
  }

  /** A HOCON duration with its unit ("30 min", "2 h"), in seconds, > 0. */
  static double positiveDuration(ConfigValue v) {
    if (v.valueType() != ConfigValueType.STRING) {
      throw new Bad("expected a duration with its unit, e.g. \"30 minutes\" or \"2 h\", got " + describe(v));
    }
    java.time.Duration d;
    try {
      d = com.typesafe.config.ConfigFactory.empty().withValue("d", v).getDuration("d");
    } catch (ConfigException e) {
      throw new Bad("expected a duration such as \"30 minutes\", \"90m\" or \"2 h\" (units ns, us, ms, s, m, h, d), got " + describe(v));
    }
    if (d.isNegative() || d.isZero()) {
      throw new Bad("must be a positive duration, got " + describe(v));
    }
    return d.getSeconds() + d.getNano() * 1e-9;
  }

  private static String describe(ConfigValue v) {
    return v.valueType().name().toLowerCase(java.util.Locale.ROOT) + " " + v.render(ConfigRenderOptions.concise());
  }

  private static String names(List<Factorization> fs) {
    return fs.stream().map(Factorization::configName).toList().toString();
  }

  private static String plain(double x) {
    return x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : Double.toString(x);
  }
}
