package org.mfsweep.spec;

import java.io.Serializable;

/**
 * One problem: ground truth, measurements and test set, all drawn from streams derived from
 * (kind, n, rank, seed). Measurements of a smaller m are a prefix of those of a larger m, and the
 * truth and test set do not depend on m (nor on the completion sampling), so an m-sweep or a
 * sampling comparison measures one truth.
 *
 * @param sampling how completion chooses its entries (UNIFORM for every other kind)
 * @param exponent the power-law exponent (0 unless sampling is POWER_LAW)
 * @param pattern which m-subset of the upper triangle PATTERN sampling observes (−1 otherwise)
 * @param data the content id of the data file the problem comes from, or null when generated
 */
public record ProblemSpec(Kind kind, int n, int m, int rank, long seed, Sampling sampling, double exponent,
                          long pattern, String data) implements Serializable {

  /** A generated problem with uniform sampling. */
  public ProblemSpec(Kind kind, int n, int m, int rank, long seed) {
    this(kind, n, m, rank, seed, Sampling.UNIFORM, 0, -1, null);
  }

  /** A generated problem with uniform or power-law sampling. */
  public ProblemSpec(Kind kind, int n, int m, int rank, long seed, Sampling sampling, double exponent) {
    this(kind, n, m, rank, seed, sampling, exponent, -1, null);
  }

  /** Whether the problem comes from a data file (then rank is 0: the truth is unknown). */
  public boolean fromData() {
    return data != null;
  }

  /** Hex content hash of (kind, n, m, rank, seed) and, for power-law completion, the sampling. */
  public String id() {
    return Ids.hex("problem|kind=" + kind.configName() + "|n=" + n + "|m=" + m + "|rank=" + rank + "|seed=" + seed
        + samplingCanonical());
  }

  /** Empty for uniform sampling of generated data, so that the ids of those problems never depended on it. */
  String samplingCanonical() {
    String samplingPart = switch (sampling) {
      case UNIFORM -> "";
      case POWER_LAW -> "|sampling=power-law|exponent=" + Ids.bits(exponent);
      case PATTERN -> "|sampling=pattern|pattern=" + pattern;
    };
    return samplingPart + (data == null ? "" : "|data=" + data);
  }

  /**
   * Seed of the random stream for one purpose ("truth", "measurements", "test", "init/…").
   * It depends on the problem's identity but not on m or the sampling (see the class comment).
   */
  public long streamSeed(String purpose) {
    return Ids.seed("stream|" + purpose + "|kind=" + kind.configName() + "|n=" + n + "|rank=" + rank + "|seed=" + seed
        + (data == null ? "" : "|data=" + data));
  }

  /** Number of distinct entries of a symmetric n × n matrix: n(n+1)/2. */
  public long upperTriangleSize() {
    return (long) n * (n + 1) / 2;
  }
}
