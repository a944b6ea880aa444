package org.mfsweep.sweep;

import java.io.Serializable;

/**
 * One problem: ground truth, measurements and test set, all drawn from streams derived from
 * (kind, n, rank, seed). Measurements of a smaller m are a prefix of those of a larger m, and the
 * truth and test set do not depend on m, so an m-sweep compares like with like.
 */
public record ProblemSpec(Kind kind, int n, int m, int rank, long seed) implements Serializable {

  /** Hex content hash of (kind, n, m, rank, seed). */
  public String id() {
    return Ids.hex("problem|kind=" + kind.configName() + "|n=" + n + "|m=" + m + "|rank=" + rank + "|seed=" + seed);
  }

  /**
   * Seed of the random stream for one purpose ("truth", "measurements", "test", "init/…").
   * It depends on the problem's identity but not on m (see the class comment).
   */
  public long streamSeed(String purpose) {
    return Ids.seed("stream|" + purpose + "|kind=" + kind.configName() + "|n=" + n + "|rank=" + rank + "|seed=" + seed);
  }

  /** Number of distinct entries of a symmetric n × n matrix: n(n+1)/2. */
  public long upperTriangleSize() {
    return (long) n * (n + 1) / 2;
  }
}
