package org.mfsweep.engine;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mfsweep.optim.GradientFlow;
import org.mfsweep.optim.Optimizers;
import org.mfsweep.optim.Solver;
import org.mfsweep.problem.BuiltProblem;
import org.mfsweep.problem.Kinds;
import org.mfsweep.problem.ProblemKind;
import org.mfsweep.reference.References;
import org.mfsweep.spec.FlowSettings;
import org.mfsweep.spec.ObservedData;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.spec.ReferenceResult;
import org.mfsweep.spec.RunOutcome;
import org.mfsweep.spec.RunSettings;
import org.mfsweep.spec.RunSpec;
import org.mfsweep.sweep.SweepSpec;

/**
 * What a sweep's runs cost on this machine, measured on the spot: for each {@linkplain #classOf
 * class} of runs (kind, n, cols and m each rounded up to a power of two, optimizer, integrator,
 * factorization, depth), the cheapest and the dearest member by {@link Plan#iterationFlops} are run
 * for real on their built problems. Each is run to I₁ and to I₂ iterations (tolerance 0, so that
 * neither stops early); the difference gives the seconds per iteration c, the rest the run's fixed
 * seconds F = T(I₁) − I₁·c (start, final metrics), as the bench's differential timing does. Across
 * a class both are {@linkplain #fit fitted} as a + b·flops through the two members, which bounds
 * every member between them; a class whose members all cost the same flops is measured once. The
 * build of both problems and one reference solve (of the dearest problem, used for the whole class)
 * are timed too.
 *
 * <p>Times are the calibrating thread's CPU seconds, not wall seconds, so that other processes on a
 * shared machine neither inflate nor hide them ({@link Estimate} turns them into wall seconds with
 * the machine's load). Native BLAS must then compute in the calling thread: {@code submit.sh} sets
 * one OpenBLAS thread in local mode. The timed iterations are capped by a budget (3 s by default)
 * shared among the classes; builds and reference solves are timed in full.
 */
public final class Calibration {
  /** Default budget of timed iterations, in seconds. */
  public static final double DEFAULT_BUDGET_SECONDS = 3.0;
  /** Fewest iterations of the longer timed run of a member. */
  static final int MIN_ITERATIONS = 20;
  /** Most iterations of the longer timed run of a member. */
  static final int MAX_ITERATIONS = 200_000;
  /** Seconds a member's timed runs aim at when the budget allows: enough for the JIT and the clock. */
  static final double MEMBER_SECONDS = 0.25;

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /**
   * A fitted line y = a + b·x, never below either of the two points it was fitted through on the
   * interval between them.
   */
  public record Line(double a, double b) {
    public double at(double x) {
      return a + b * x;
    }
  }

  /**
   * One timed member: its flops per iteration, seconds per iteration and fixed seconds per run,
   * the build seconds of its problem with that problem's build flops, and the seconds its timed
   * iterations took.
   */
  public record Member(String runId, double iterationFlops, double perIteration, double fixed, double buildFlops,
                       double build, int shortIterations, int longIterations, double timed) {}

  /**
   * The costs of a class, in CPU seconds.
   *
   * @param perIteration seconds per iteration as a function of the run's flops per iteration
   * @param fixed seconds per run (start and final metrics) as a function of the same flops
   * @param build seconds to build a problem as a function of its build flops
   * @param reference seconds of one reference solve (the dearest problem's), 0 when references are off
   * @param failure why no member could be timed (its runs would fail the same way, at once), or null
   */
  public record ClassCost(String key, int runs, List<Member> members, Line perIteration, Line fixed, Line build,
                          double reference, String failure) {
    /** Seconds of one run to its max-iterations (integrator steps for flow). */
    public double runSeconds(RunSpec r) {
      double f = Plan.iterationFlops(r);
      return fixed.at(f) + perIteration.at(f) * r.settings().maxIterations();
    }
  }

  private final Map<String, ClassCost> classes;
  private final double seconds;
  private final double budget;

  private Calibration(Map<String, ClassCost> classes, double seconds, double budget) {
    this.classes = classes;
    this.seconds = seconds;
    this.budget = budget;
  }

  /** The classes, in the order the sweep first names them. */
  public List<ClassCost> classes() {
    return List.copyOf(classes.values());
  }

  /** Wall seconds the calibration took (builds and reference solves included). */
  public double seconds() {
    return seconds;
  }

  /** The budget of timed iterations it was given, in seconds. */
  public double budget() {
    return budget;
  }

  /** The class of a run. */
  public ClassCost of(RunSpec r) {
    ClassCost c = classes.get(classOf(r));
    if (c == null) {
      throw new IllegalArgumentException("run " + r.runId() + " (class " + classOf(r) + ") was not calibrated");
    }
    return c;
  }

  /** Seconds of one run to its max-iterations. */
  public double runSeconds(RunSpec r) {
    return of(r).runSeconds(r);
  }

  /** Seconds of building the problem, as a task does. */
  public double buildSeconds(ProblemSpec p, RunSpec any) {
    return Math.max(0, of(any).build().at(Plan.buildCost(p, any.settings().testSize())));
  }

  /** Seconds of one reference solve of the problem (0 when references are off). */
  public double referenceSeconds(RunSpec any) {
    return of(any).reference();
  }

  /**
   * The class of a run: what decides its cost per iteration beyond its flops. Sizes are rounded up
   * to powers of two so that a sweep over many n or m has few classes; flow runs are classed by
   * the integrator they will use.
   */
  public static String classOf(RunSpec r) {
    ProblemSpec p = r.problem();
    FlowSettings flow = r.flow();
    // consecutive runs of one block share these objects: the last answer is kept by identity
    LastClass last = lastClass;
    if (last != null && last.problem == p && last.optimizer == r.optimizer() && last.flow == flow
        && last.width == r.width() && last.factorization == r.factorization() && last.depth == r.depth()) {
      return last.name;
    }
    String name = classByInputs(r);
    lastClass = new LastClass(p, r.optimizer(), flow, r.width(), r.factorization(), r.depth(), name);
    return name;
  }

  private record LastClass(ProblemSpec problem, org.mfsweep.spec.OptimizerSpec optimizer, FlowSettings flow, int width,
                           org.mfsweep.spec.Factorization factorization, int depth, String name) {}

  private static volatile LastClass lastClass;

  private static String classByInputs(RunSpec r) {
    ProblemSpec p = r.problem();
    FlowSettings flow = r.flow();
    // every input of the class, so that 10⁷ runs of a few classes format a few strings, not 10⁷
    ClassInputs in = new ClassInputs(p.kind().configName(), p.general(), p.rows(), p.cols(), p.m(),
        r.optimizer().name(), flow == null ? null : flow.method(), flow == null ? 0 : p.n() * r.width(),
        r.asymmetric(), r.depth());
    String known = CLASS_NAMES.get(in);
    if (known != null) {
      return known;
    }
    if (CLASS_NAMES.size() > 10_000) {
      CLASS_NAMES.clear();
    }
    String name = className(r);
    CLASS_NAMES.put(in, name);
    return name;
  }

  private record ClassInputs(String kind, boolean general, int rows, int cols, int m, String optimizer, Object flowMethod,
                             int unknowns, boolean asymmetric, int depth) {}

  private static final java.util.concurrent.ConcurrentHashMap<ClassInputs, String> CLASS_NAMES =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static String className(RunSpec r) {
    ProblemSpec p = r.problem();
    String optimizer = r.optimizer().name();
    FlowSettings flow = r.flow();
    if (flow != null) {
      optimizer += "/" + (r.asymmetric() ? "dopri"
          : GradientFlow.method(flow.method(), p.n() * r.width()).configName());
    }
    return String.format(Locale.ROOT, "%s%s n≤%d%s m≤%d %s%s", p.kind().configName(), p.general() ? " general" : "",
        ceilPow2(p.rows()), p.general() ? "×" + ceilPow2(p.cols()) : "", ceilPow2(p.m()), optimizer,
        r.asymmetric() ? " depth " + r.depth() : "");
  }

  /** The least power of two ≥ x (1 for x ≤ 1). */
  static int ceilPow2(int x) {
    return x <= 1 ? 1 : Integer.highestOneBit(x - 1) << 1;
  }

  /**
   * The line through (x1, y1) and (x2, y2) with a, b ≥ 0, never below either point on [x1, x2]:
   * the chord when it rises; the larger y as a constant when it falls (a cheaper member that took
   * longer is noise or overhead, and the bound keeps it); y1 when x1 = x2.
   */
  public static Line fit(double x1, double y1, double x2, double y2) {
    if (x2 < x1) {
      return fit(x2, y2, x1, y1);
    }
    y1 = Math.max(0, y1);
    y2 = Math.max(0, y2);
    if (!(x2 > x1) || y2 <= y1) {
      return new Line(Math.max(y1, y2), 0);
    }
    double b = (y2 - y1) / (x2 - x1);
    double a = y1 - b * x1;
    if (a < 0) { // the chord through the origin's side: a line from 0 through the dearer point covers both
      return new Line(0, y2 / x2);
    }
    return new Line(a, b);
  }

  /**
   * Differential timing: runs of i1 and i2 iterations took t1 and t2 seconds. Returns {per
   * iteration, fixed}: c = (t2 − t1)/(i2 − i1) and F = t1 − i1·c, both ≥ 0; when the two runs did not
   * differ in iterations, c = t2 / max(1, i2) and F = t2 (all of it may be fixed).
   */
  public static double[] differential(int i1, double t1, int i2, double t2) {
    if (i2 == i1) {
      return new double[] {Math.max(t1, t2) / Math.max(1, i2), Math.max(t1, t2)};
    }
    if (i2 < i1) {
      return differential(i2, t2, i1, t1);
    }
    double c = Math.max(0, (t2 - t1) / (i2 - i1));
    double fixed = Math.max(0, t1 - i1 * c);
    return new double[] {c, fixed};
  }

  /** Calibrates every class of the runs with the default budget. */
  public static Calibration measure(SweepSpec sweep, List<RunSpec> runs) {
    return measure(sweep, runs, DEFAULT_BUDGET_SECONDS);
  }

  /** Calibrates every class of the sweep's runs, streamed from its problems (no run list is held). */
  public static Calibration measure(SweepSpec sweep) {
    // one representative per set of runs of one cost (the picks below are of cost, then the
    // smallest η, so the rest of a set never wins): a grid's blocks, not its 10⁷ runs
    return measure(sweep, each -> {
      for (org.mfsweep.sweep.ProblemRuns g : sweep.groups()) {
        g.forEachCostRepresentative(each);
      }
    }, DEFAULT_BUDGET_SECONDS);
  }

  /**
   * Calibrates every class of the runs on this thread.
   *
   * @param budget seconds of timed iterations shared among the classes' members
   */
  public static Calibration measure(SweepSpec sweep, List<RunSpec> runs, double budget) {
    return measure(sweep, each -> runs.forEach(r -> each.accept(r, 1)), budget);
  }

  /** The cheapest and dearest run of a class and its size, kept while the runs stream past. */
  private static final class Pick {
    RunSpec lo;
    RunSpec hi;
    int runs;
    // the picks' costs, kept beside them: comparing a run with a pick then costs no flop count
    double loFlops;
    double loBuild;
    double hiFlops;
    double hiBuild;
  }

  /** The order of {@code cost} on (iteration flops, build flops): negative, zero or positive. */
  private static int compareCost(double flops, double build, double otherFlops, double otherBuild) {
    int c = Double.compare(flops, otherFlops);
    return c != 0 ? c : Double.compare(build, otherBuild);
  }

  /** @param runs gives each run, or a representative of runs of one cost, with how many runs it stands for */
  private static Calibration measure(SweepSpec sweep,
                                     java.util.function.Consumer<java.util.function.ObjIntConsumer<RunSpec>> runs,
                                     double budget) {
    long started = System.nanoTime();
    Comparator<RunSpec> cost = Comparator.comparingDouble(Plan::iterationFlops)
        .thenComparingDouble(r -> Plan.buildCost(r.problem(), r.settings().testSize()));
    // lo: the cheapest, hi: the dearest by cost; among equal costs the smallest η for both, the least
    // likely to diverge before its timed iterations
    Map<String, Pick> byClass = new LinkedHashMap<>();
    runs.accept((r, count) -> {
      Pick p = byClass.computeIfAbsent(classOf(r), k -> new Pick());
      p.runs += count;
      double flops = Plan.iterationFlops(r);
      double build = Plan.buildCost(r.problem(), r.settings().testSize());
      // loOrder and hiOrder on the kept costs: the first of equals, as Collections.min and max keep it
      int toLo = p.lo == null ? -1 : compareCost(flops, build, p.loFlops, p.loBuild);
      if (p.lo == null || toLo < 0 || toLo == 0 && Double.compare(r.eta(), p.lo.eta()) < 0) {
        p.lo = r;
        p.loFlops = flops;
        p.loBuild = build;
      }
      int toHi = p.hi == null ? 1 : compareCost(flops, build, p.hiFlops, p.hiBuild);
      if (p.hi == null || toHi > 0 || toHi == 0 && Double.compare(r.eta(), p.hi.eta()) < 0) {
        p.hi = r;
        p.hiFlops = flops;
        p.hiBuild = build;
      }
    });
    Map<String, RunSpec[]> picked = new LinkedHashMap<>();
    int members = 0;
    for (Map.Entry<String, Pick> e : byClass.entrySet()) {
      RunSpec lo = e.getValue().lo;
      RunSpec hi = e.getValue().hi;
      boolean same = cost.compare(lo, hi) == 0;
      picked.put(e.getKey(), same ? new RunSpec[] {hi} : new RunSpec[] {lo, hi});
      members += same ? 1 : 2;
    }
    Map<ProblemSpec, Object[]> built = new HashMap<>(); // problem → {BuiltProblem, build seconds}
    Map<String, ClassCost> classes = new LinkedHashMap<>();
    double spent = 0;
    int left = members;
    for (Map.Entry<String, RunSpec[]> e : picked.entrySet()) {
      RunSpec[] reps = e.getValue();
      RunSpec hi = reps[reps.length - 1];
      double reference = 0;
      double[] refX = null;
      if (sweep.reference().enabled()) {
        long t = cpu();
        ReferenceResult ref = References.compute(hi.problem(), sweep.reference(), sweep.data());
        reference = seconds(t);
        refX = "CONVERGED".equals(ref.status()) ? ref.x() : null;
      }
      List<Member> timed = new ArrayList<>();
      String failure = null;
      for (RunSpec r : reps) {
        double share = Math.max(0, budget - spent) / Math.max(1, left);
        left--;
        try {
          Member m = time(r, built, sweep.data(), r == hi ? refX : null, share);
          timed.add(m);
          spent += m.timed();
        } catch (RuntimeException ex) { // the sweep's run would be FAILED: the other member, if any, stands
          failure = "run " + r.runId() + " failed while timed: " + ex;
        }
      }
      if (timed.isEmpty()) {
        classes.put(e.getKey(), new ClassCost(e.getKey(), byClass.get(e.getKey()).runs, List.of(),
            new Line(0, 0), new Line(0, 0), new Line(0, 0), reference, failure));
        continue;
      }
      Member a = timed.get(0);
      Member b = timed.get(timed.size() - 1);
      classes.put(e.getKey(), new ClassCost(e.getKey(), byClass.get(e.getKey()).runs, List.copyOf(timed),
          fit(a.iterationFlops(), a.perIteration(), b.iterationFlops(), b.perIteration()),
          fit(a.iterationFlops(), a.fixed(), b.iterationFlops(), b.fixed()),
          fit(a.buildFlops(), a.build(), b.buildFlops(), b.build()), reference, null));
    }
    return new Calibration(classes, (System.nanoTime() - started) * 1e-9, budget);
  }

  /** Builds r's problem (once per problem) and times r to a short and a long iteration count. */
  private static Member time(RunSpec r, Map<ProblemSpec, Object[]> built, ObservedData data, double[] refX,
                             double share) {
    ProblemSpec p = r.problem();
    ProblemKind kind = Kinds.of(p.kind());
    Object[] b = built.get(p);
    if (b == null) {
      long t = cpu();
      BuiltProblem problem = data != null ? kind.build(p, data) : kind.build(p, r.settings().testSize());
      b = new Object[] {problem, seconds(t)};
      built.put(p, b);
    }
    Solver solver = Optimizers.of(r.optimizer().name()).solver((BuiltProblem) b[0], refX);
    // iteration counts growing ×4 until a run takes a third of the member's time: they size the
    // timed runs and let the JIT compile the loop first (cheap iterations need many for that)
    double target = Math.min(share, MEMBER_SECONDS) / 3;
    int longer = MIN_ITERATIONS;
    double warm = 0;
    while (true) {
      double[] t = run(solver, r, longer);
      warm += t[0];
      if (t[0] >= target || longer >= MAX_ITERATIONS || t[1] < longer) {
        break;
      }
      longer = (int) Math.min(MAX_ITERATIONS, 4L * longer);
    }
    int shorter = Math.max(1, longer / 5);
    double[] t2 = run(solver, r, longer);
    double[] t1 = run(solver, r, shorter);
    double[] cf = differential((int) t1[1], t1[0], (int) t2[1], t2[0]);
    return new Member(r.runId(), Plan.iterationFlops(r), cf[0], cf[1], Plan.buildCost(p, r.settings().testSize()),
        (double) b[1], (int) t1[1], (int) t2[1], warm + t1[0] + t2[0]);
  }

  /** CPU seconds and iterations of r run to k iterations with tolerance 0. */
  private static double[] run(Solver solver, RunSpec r, int k) {
    RunSettings s = r.settings();
    RunSettings timed = new RunSettings(k, 0.0, s.divergenceFactor(), s.traceGrowth(), s.testSize(), s.keepX(),
        s.traceSingularValues());
    RunSpec copy = new RunSpec(r.problem(), r.width(), r.init(), r.alpha(), r.eta(), timed, r.optimizer(),
        r.factorization(), r.depth());
    long t = cpu();
    RunOutcome o = solver.runBatch(List.of(copy)).get(0);
    return new double[] {seconds(t), o.iterations()};
  }

  private static long cpu() {
    return THREADS.getCurrentThreadCpuTime();
  }

  private static double seconds(long since) {
    return (cpu() - since) * 1e-9;
  }
}
