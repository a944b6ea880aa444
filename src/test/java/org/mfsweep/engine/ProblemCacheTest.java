package org.mfsweep.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfsweep.problem.BuiltProblem;
import org.mfsweep.problem.Kinds;
import org.mfsweep.problem.Problem;
import org.mfsweep.results.Tables;
import org.mfsweep.spec.Kind;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.spec.RunSpec;
import org.mfsweep.sweep.SweepFiles;
import org.mfsweep.sweep.SweepSpec;

/** The per-JVM problem cache: one build per key, LRU within its bound, and cached problems left as built. */
class ProblemCacheTest {
  @TempDir Path dir;

  private static final ProblemSpec A = new ProblemSpec(Kind.SENSING, 6, 20, 1, 1);
  private static final ProblemSpec B = new ProblemSpec(Kind.SENSING, 6, 20, 1, 2);
  private static final ProblemSpec C = new ProblemSpec(Kind.SENSING, 6, 20, 1, 3);

  /**
   * Runs of two batches (gd and momentum, two α's each) on one cached problem, twice, give the
   * rows of runs on a fresh build bit for bit, and the cached problem's arrays are still the fresh
   * build's: no solver writes into a shared problem.
   */
  @Test
  void runsOnACachedProblemAreTheRunsOnAFreshBuild() throws IOException {
    Path conf = dir.resolve("c.conf");
    Files.writeString(conf, """
        name = cached
        output = unused
        grid {
          kind = [sensing, completion]
          n = 8
          m = "3*n*rank"
          rank = 1
          alpha = [1e-2, 1e-3]
          eta = 0.25
          optimizer = [gd, momentum]
          seed = 5
        }
        run { max-iterations = 200, test-size = 30 }
        """);
    SweepSpec sweep = SweepFiles.load(conf, List.of(), dir.resolve("out").toString());
    for (var e : sweep.runsByProblem().entrySet()) {
      ProblemSpec spec = e.getKey();
      Task task = new Task(0, spec, e.getValue());
      ProblemCache.shared().clear();
      TaskOutput first = TaskExecutor.execute(task);
      assertEquals(1, first.problemsBuilt());
      TaskOutput second = TaskExecutor.execute(task);
      TaskOutput third = TaskExecutor.execute(task);
      assertEquals(0, second.problemsBuilt());
      assertEquals(1, second.problemsReused());
      assertEquals(0.0, second.problemSeconds());
      Problem cached = (Problem) ProblemCache.shared().get(spec, 30, null).problem();
      ProblemCache.shared().clear();
      TaskOutput fresh = TaskExecutor.execute(task); // builds anew: nothing cached
      assertEquals(1, fresh.problemsBuilt());
      for (TaskOutput o : List.of(first, second, third)) {
        int seconds = Tables.RUNS_SCHEMA.fieldIndex("seconds");
        assertEquals(values(fresh.runs(), seconds), values(o.runs(), seconds), spec.kind() + ": runs rows");
        assertEquals(values(fresh.traces(), -1), values(o.traces(), -1), spec.kind() + ": traces rows");
      }
      Problem built = (Problem) Kinds.of(spec.kind()).build(spec, 30);
      assertArrayEquals(built.y(), cached.y());
      assertArrayEquals(built.yTest(), cached.yTest());
      assertArrayEquals(built.truth(), cached.truth());
      // the operators, through what they compute: A(X) and A_test(X) of one X, bit for bit
      double[] x = symmetric(spec.n(), new Random(7));
      assertArrayEquals(apply(built.train(), x), apply(cached.train(), x));
      assertArrayEquals(apply(built.test(), x), apply(cached.test(), x));
    }
  }

  private static double[] apply(org.mfsweep.problem.MeasurementOperator op, double[] x) {
    double[] y = new double[op.m()];
    op.evaluator().apply(x, y);
    return y;
  }

  private static double[] symmetric(int n, Random rng) {
    double[] x = new double[n * n];
    for (int j = 0; j < n; j++) {
      for (int i = 0; i <= j; i++) {
        x[i + j * n] = x[j + i * n] = rng.nextGaussian();
      }
    }
    return x;
  }

  /** Each row's values (arrays as their exact decimal text), the column skip (wall seconds) left out. */
  private static List<List<Object>> values(List<Row> rows, int skip) {
    List<List<Object>> out = new ArrayList<>();
    for (Row r : rows) {
      List<Object> values = new ArrayList<>();
      for (int i = 0; i < r.length(); i++) {
        Object v = r.get(i);
        values.add(i == skip ? null : v instanceof double[] d ? java.util.Arrays.toString(d)
            : v instanceof scala.collection.Seq<?> s ? s.toString() : v);
      }
      out.add(values);
    }
    return out;
  }

  /**
   * Two tasks of one problem at once build it once (the second waits for the first's build), and a
   * task of another problem is not held up meanwhile.
   */
  @Test
  void oneBuildPerProblemAndOtherProblemsDoNotWait() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch building = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    ProblemCache cache = new ProblemCache(1L << 30, (spec, testSize, data) -> {
      calls.incrementAndGet();
      if (spec.equals(A)) {
        building.countDown();
        await(release);
      }
      return Kinds.of(spec.kind()).build(spec, testSize);
    });
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      Future<ProblemCache.Lookup> first = pool.submit(() -> cache.get(A, 10, null));
      assertTrue(building.await(10, TimeUnit.SECONDS));
      Future<ProblemCache.Lookup> second = pool.submit(() -> cache.get(A, 10, null));
      // another problem is built and handed out while A's build is held
      ProblemCache.Lookup other = pool.submit(() -> cache.get(B, 10, null)).get(10, TimeUnit.SECONDS);
      assertTrue(other.built());
      assertFalse(first.isDone());
      release.countDown();
      ProblemCache.Lookup a1 = first.get(10, TimeUnit.SECONDS);
      ProblemCache.Lookup a2 = second.get(10, TimeUnit.SECONDS);
      assertTrue(a1.built());
      assertFalse(a2.built());
      assertSame(a1.problem(), a2.problem());
      assertEquals(2, calls.get());
      ProblemCache.Stats s = cache.stats();
      assertEquals(2, s.builds());
      assertEquals(1, s.reuses());
      assertEquals(2, s.entries());
    } finally {
      pool.shutdownNow();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never released the build");
      }
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Within its bound the cache drops the least recently used problem; a larger one is not kept. */
  @Test
  void leastRecentlyUsedLeavesFirstAndTheBoundHolds() {
    long each = ProblemCache.footprintBytes(A, 10);
    assertEquals(each, ProblemCache.footprintBytes(B, 10));
    ProblemCache cache = new ProblemCache(2 * each);
    BuiltProblem a = cache.get(A, 10, null).problem();
    cache.get(B, 10, null);
    assertSame(a, cache.get(A, 10, null).problem()); // A is now the most recently used
    cache.get(C, 10, null); // over the bound: B leaves
    assertEquals(2 * each, cache.stats().bytes());
    assertFalse(cache.get(A, 10, null).built());
    assertTrue(cache.get(B, 10, null).built());
    assertTrue(cache.stats().bytes() <= cache.maxBytes());
    // the test size is part of the key: another test set is another build
    assertTrue(cache.get(A, 11, null).built());

    ProblemCache small = new ProblemCache(each - 1);
    assertTrue(small.get(A, 10, null).built());
    assertTrue(small.get(A, 10, null).built()); // too large to keep
    assertEquals(0, small.stats().entries());
    assertEquals(0, small.stats().bytes());
  }

  /** A build that throws is not kept: the next call builds again; a waiting call gets the error. */
  @Test
  void aFailedBuildIsNotKept() {
    AtomicInteger calls = new AtomicInteger();
    ProblemCache cache = new ProblemCache(1L << 30, (spec, testSize, data) -> {
      if (calls.incrementAndGet() == 1) {
        throw new IllegalArgumentException("no such problem");
      }
      return Kinds.of(spec.kind()).build(spec, testSize);
    });
    assertThrows(IllegalArgumentException.class, () -> cache.get(A, 10, null));
    assertEquals(0, cache.stats().entries());
    assertTrue(cache.get(A, 10, null).built());
    assertFalse(cache.get(A, 10, null).built());
    assertEquals(2, calls.get());
    assertThrows(IllegalArgumentException.class, () -> new ProblemCache(-1));
  }

  /** The same problem the reference task and the run tasks see, built once: RunSpecs of one task share it. */
  @Test
  void aTaskOnASweepProblemReusesTheReferenceBuild() throws IOException {
    Path conf = dir.resolve("r.conf");
    Files.writeString(conf, """
        name = reused
        output = unused
        grid { kind = sensing, n = 7, m = 21, rank = 1, alpha = [1e-2, 1e-3], eta = 0.25, seed = 9 }
        run { max-iterations = 50, test-size = 12 }
        """);
    SweepSpec sweep = SweepFiles.load(conf, List.of(), dir.resolve("out").toString());
    RunSpec r = sweep.runs().get(0);
    ProblemCache.shared().clear();
    BuiltProblem forReference = ProblemCache.shared().get(r.problem(), sweep.settings().testSize(), null).problem();
    TaskOutput o = TaskExecutor.execute(new Task(0, r.problem(), sweep.runs()));
    assertEquals(0, o.problemsBuilt());
    assertEquals(1, o.problemsReused());
    assertSame(forReference, ProblemCache.shared().get(r.problem(), 12, null).problem());
  }
}
