package org.mfsweep.spec;

/**
 * The specified random algorithms that draw a generated problem (its truth, measurements, test set
 * and, for data files, the train/test split). Both are deterministic functions of the stream seeds
 * ({@link ProblemSpec#streamSeed}), so a problem is the same on every JVM and executor; they draw
 * different numbers, so a problem's generator is part of its problem_id and of its runs' run_ids.
 */
public enum Generator {
  /**
   * Well19937c (commons-math3 3.6.1) seeded with the stream seed, Gaussians by its polar method:
   * the problems of mfsweep before the ziggurat generator, whose ids this one keeps.
   */
  WELL_POLAR(""),
  /**
   * XoRoShiRo128++ (Commons RNG 1.6) with its two state words the first two outputs of SplitMix64
   * seeded with the stream seed; Gaussians by ZigguratSampler.NormalizedGaussian (McFarland's
   * modified ziggurat), uniforms as the provider's nextDouble / nextInt(bound) / nextLong.
   */
  ZIGGURAT("|generator=ziggurat");

  private final String canonical;

  Generator(String canonical) {
    this.canonical = canonical;
  }

  /** What ids hash for it: empty for well-polar, so that problems drawn by it kept their ids. */
  public String canonical() {
    return canonical;
  }

  /** The spelling used in sweep files and tables. */
  public String configName() {
    return Names.of(this);
  }

  /** @throws IllegalArgumentException naming the valid spellings */
  public static Generator parse(String s) {
    return Names.parse(values(), s, "generator");
  }
}
