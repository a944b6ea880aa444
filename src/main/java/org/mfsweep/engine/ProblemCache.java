package org.mfsweep.engine;

import java.lang.ref.SoftReference;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.mfsweep.problem.BuiltProblem;
import org.mfsweep.problem.Kinds;
import org.mfsweep.problem.ProblemKind;
import org.mfsweep.spec.ObservedData;
import org.mfsweep.spec.ProblemSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The problems an executor JVM has built, kept so that the reference task, the run tasks and later
 * waves of one problem build it once. Built problems are immutable (every array of a
 * {@link BuiltProblem} and of its operators is only read by the solvers and reference solvers), so
 * tasks on several threads share one instance.
 *
 * <p>Key: the problem_id (which already names the kind, n, m, rank, seed, sampling, shape and the
 * data file's content id) and the test size (the number of held-out measurements drawn). Bound: at
 * most {@link #HEAP_FRACTION} of the JVM's maximum heap, counted as the kinds' own
 * {@link ProblemKind#footprint} (an upper bound of what a built problem holds, as it also counts
 * the reference solver's workspaces); the least recently used problems leave first, and a problem
 * larger than the bound is built but not kept. Entries are held through soft references as well,
 * so that the garbage collector may drop idle problems before a task runs out of memory: the
 * memory check of a sweep ({@link ProblemSize}) counts only the problems its tasks use.
 *
 * <p>Thread-safe: a second task asking for a problem being built waits for that build (one build,
 * not two); asking for another problem never waits, since builds run outside the lock.
 */
public final class ProblemCache {
  private static final Logger log = LoggerFactory.getLogger(ProblemCache.class);

  /** Share of the maximum heap the shared cache may fill. */
  public static final double HEAP_FRACTION = 0.25;

  /** What identifies a built problem: its id and how many held-out measurements were drawn. */
  record Key(String problemId, int testSize) {}

  /** A problem being built (future not done) or built (value set, the future then dropped). */
  private static final class Entry {
    CompletableFuture<BuiltProblem> building;
    SoftReference<BuiltProblem> value;
    long bytes;
  }

  /**
   * A problem as a task gets it.
   *
   * @param built whether this call built it (false: it was built before, or by a concurrent call)
   * @param seconds wall seconds this call spent building it (0 when reused)
   */
  public record Lookup(BuiltProblem problem, boolean built, double seconds) {}

  /** Builds, reuses and what the cache holds, since the JVM started (or {@link #clear}). */
  public record Stats(long builds, long reuses, double buildSeconds, long bytes, int entries, long maxBytes) {}

  /** How a missing problem is built: the kind's own build (tests put a slow or failing one in). */
  @FunctionalInterface
  interface Builder {
    BuiltProblem build(ProblemSpec spec, int testSize, ObservedData data);
  }

  private static final Builder KINDS = (spec, testSize, data) -> {
    ProblemKind kind = Kinds.of(spec.kind());
    return data != null ? kind.build(spec, data) : kind.build(spec, testSize);
  };

  // after KINDS, which it uses
  private static final ProblemCache SHARED =
      new ProblemCache((long) (HEAP_FRACTION * Runtime.getRuntime().maxMemory()));

  private final long maxBytes;
  private final Builder builder;
  private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>(16, 0.75f, true); // access order: LRU first
  private long bytes;
  private long builds;
  private long reuses;
  private double buildSeconds;

  /** A cache of at most maxBytes (0: keeps nothing, every call builds). */
  public ProblemCache(long maxBytes) {
    this(maxBytes, KINDS);
  }

  ProblemCache(long maxBytes, Builder builder) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("a cache bound is ≥ 0 bytes, got " + maxBytes);
    }
    this.maxBytes = maxBytes;
    this.builder = builder;
  }

  /** The one cache of this JVM, which {@link TaskExecutor} and the reference tasks use. */
  public static ProblemCache shared() {
    return SHARED;
  }

  /** The bound, in bytes. */
  public long maxBytes() {
    return maxBytes;
  }

  /**
   * The problem of spec with testSize held-out measurements (from data when data is not null),
   * built once per key while it stays in the cache.
   *
   * @throws RuntimeException what the build threw (the failed build is not kept: a later call tries again)
   */
  public Lookup get(ProblemSpec spec, int testSize, ObservedData data) {
    Key key = new Key(spec.id(), testSize);
    CompletableFuture<BuiltProblem> mine = null;
    CompletableFuture<BuiltProblem> theirs = null;
    synchronized (this) {
      Entry e = entries.get(key);
      BuiltProblem ready = e == null || e.value == null ? null : e.value.get();
      if (ready != null) {
        reuses++;
        log.debug("problem {} (test size {}): reused", key.problemId(), testSize);
        return new Lookup(ready, false, 0);
      }
      if (e != null && e.building != null) {
        theirs = e.building;
      } else {
        if (e != null) { // collected by the GC: build again
          bytes -= e.bytes;
        }
        e = new Entry();
        e.building = mine = new CompletableFuture<>();
        entries.put(key, e);
      }
    }
    if (theirs != null) {
      BuiltProblem p = await(theirs);
      synchronized (this) {
        reuses++;
      }
      log.debug("problem {} (test size {}): reused after waiting for its build", key.problemId(), testSize);
      return new Lookup(p, false, 0);
    }
    long start = System.nanoTime();
    BuiltProblem p;
    try {
      p = builder.build(spec, testSize, data);
    } catch (RuntimeException | Error ex) {
      synchronized (this) {
        entries.remove(key);
      }
      mine.completeExceptionally(ex);
      throw ex;
    }
    double seconds = (System.nanoTime() - start) * 1e-9;
    long size = footprintBytes(spec, testSize);
    synchronized (this) {
      builds++;
      buildSeconds += seconds;
      Entry e = entries.get(key);
      if (e != null && e.building == mine) {
        e.building = null;
        if (size <= maxBytes) {
          e.value = new SoftReference<>(p);
          e.bytes = size;
          bytes += size;
          evict(key);
        } else {
          entries.remove(key);
        }
      }
    }
    mine.complete(p);
    log.debug("problem {} (test size {}): built in {} s", key.problemId(), testSize, seconds);
    return new Lookup(p, true, seconds);
  }

  /** Drops least recently used built problems (never keep, nor one being built) until the bound holds. */
  private void evict(Key keep) {
    Iterator<Map.Entry<Key, Entry>> it = entries.entrySet().iterator();
    while (bytes > maxBytes && it.hasNext()) {
      Map.Entry<Key, Entry> e = it.next();
      if (e.getValue().building == null && !e.getKey().equals(keep)) {
        bytes -= e.getValue().bytes;
        it.remove();
      }
    }
  }

  private static BuiltProblem await(CompletableFuture<BuiltProblem> f) {
    try {
      return f.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for another task's build of the problem", e);
    }
  }

  /** Bytes a built problem is counted for: the kind's footprint (doubles) × 8. */
  static long footprintBytes(ProblemSpec spec, int testSize) {
    double doubles = Kinds.of(spec.kind()).footprint(spec, testSize)[0];
    return (long) Math.min(Long.MAX_VALUE / 2.0, 8 * doubles);
  }

  public synchronized Stats stats() {
    int held = 0;
    for (Entry e : entries.values()) {
      if (e.building == null) {
        held++;
      }
    }
    return new Stats(builds, reuses, buildSeconds, bytes, held, maxBytes);
  }

  /** Forgets every built problem and resets the counts (problems being built finish, unkept). */
  public synchronized void clear() {
    entries.values().removeIf(e -> e.building == null);
    bytes = 0;
    builds = 0;
    reuses = 0;
    buildSeconds = 0;
  }
}
