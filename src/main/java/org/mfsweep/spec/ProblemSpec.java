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
 * @param cols the number of columns of X (= n unless general)
 * @param general whether X is a general n × cols matrix (rows = n; Aᵢ and X* not symmetric) rather
 *     than a symmetric n × n one with a PSD truth
 * @param generator the random algorithms that draw it (the constructors without one take
 *     {@link Generator#WELL_POLAR}, the problems of before the ziggurat generator; sweep files
 *     choose with the key {@code generator})
 */
public record ProblemSpec(Kind kind, int n, int m, int rank, long seed, Sampling sampling, double exponent,
                          long pattern, String data, int cols, boolean general, Generator generator)
    implements Serializable {

  public ProblemSpec {
    if (!general && cols != n) {
      throw new IllegalArgumentException("a symmetric problem is n × n, got " + n + " × " + cols);
    }
    if (generator == null) {
      throw new IllegalArgumentException("a problem needs a generator");
    }
  }

  /** A problem drawn by well-polar. */
  public ProblemSpec(Kind kind, int n, int m, int rank, long seed, Sampling sampling, double exponent,
                     long pattern, String data, int cols, boolean general) {
    this(kind, n, m, rank, seed, sampling, exponent, pattern, data, cols, general, Generator.WELL_POLAR);
  }

  /** A symmetric n × n problem. */
  public ProblemSpec(Kind kind, int n, int m, int rank, long seed, Sampling sampling, double exponent,
                     long pattern, String data) {
    this(kind, n, m, rank, seed, sampling, exponent, pattern, data, n, false);
  }

  /** A generated problem with uniform sampling. */
  public ProblemSpec(Kind kind, int n, int m, int rank, long seed) {
    this(kind, n, m, rank, seed, Sampling.UNIFORM, 0, -1, null);
  }

  /** A generated problem with uniform or power-law sampling. */
  public ProblemSpec(Kind kind, int n, int m, int rank, long seed, Sampling sampling, double exponent) {
    this(kind, n, m, rank, seed, sampling, exponent, -1, null);
  }

  /** A general rows × cols problem: X* = WHᵀ, not symmetric. */
  public static ProblemSpec general(Kind kind, int rows, int cols, int m, int rank, long seed, Sampling sampling,
                                    double exponent, String data) {
    return new ProblemSpec(kind, rows, m, rank, seed, sampling, exponent, -1, data, cols, true);
  }

  /** The same problem drawn by another generator (another problem_id unless it is this one's). */
  public ProblemSpec withGenerator(Generator g) {
    return g == generator ? this
        : new ProblemSpec(kind, n, m, rank, seed, sampling, exponent, pattern, data, cols, general, g);
  }

  /** Rows of X (n). */
  public int rows() {
    return n;
  }

  /** Entries of X: rows·cols. */
  public long entries() {
    return (long) n * cols;
  }

  /** Whether the problem comes from a data file (then rank is 0: the truth is unknown). */
  public boolean fromData() {
    return data != null;
  }

  /**
   * Hex content hash of (kind, n, m, rank, seed) and, where they are not the defaults of mfsweep 0.1,
   * the sampling, the data file, the shape and the generator.
   */
  public String id() {
    return Ids.hex("problem|kind=" + kind.configName() + "|n=" + n + "|m=" + m + "|rank=" + rank + "|seed=" + seed
        + samplingCanonical());
  }

  /**
   * Empty for uniform sampling of generated data by well-polar, so that the ids of those problems
   * never depended on sampling or generator.
   */
  String samplingCanonical() {
    String samplingPart = switch (sampling) {
      case UNIFORM -> "";
      case POWER_LAW -> "|sampling=power-law|exponent=" + Ids.bits(exponent);
      case PATTERN -> "|sampling=pattern|pattern=" + pattern;
    };
    return samplingPart + (data == null ? "" : "|data=" + data) + shapeCanonical() + generator.canonical();
  }

  /** Empty for symmetric problems, so that their ids never changed. */
  String shapeCanonical() {
    return general ? "|shape=general|cols=" + cols : "";
  }

  /**
   * Seed of the random stream for one purpose ("truth", "measurements", "test", "init/…").
   * It depends on the problem's identity but not on m or the sampling (see the class comment).
   */
  public long streamSeed(String purpose) {
    return Ids.seed("stream|" + purpose + "|kind=" + kind.configName() + "|n=" + n + "|rank=" + rank + "|seed=" + seed
        + (data == null ? "" : "|data=" + data) + shapeCanonical());
  }

  /** Number of distinct entries of a symmetric n × n matrix: n(n+1)/2. */
  public long upperTriangleSize() {
    return (long) n * (n + 1) / 2;
  }
}
