package org.mfsweep.problem;

import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.core.source64.SplitMix64;
import org.apache.commons.rng.core.source64.XoRoShiRo128PlusPlus;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * The stream of {@link org.mfsweep.spec.Generator#ZIGGURAT}: XoRoShiRo128++ whose two state words
 * are the first two outputs of SplitMix64(seed), Gaussians by Commons RNG's ZigguratSampler
 * (McFarland's modified ziggurat: a table look-up and one multiply for about 98.8 % of draws,
 * where the polar method takes two uniforms, a logarithm and a square root per pair). It presents
 * commons-math3's RandomGenerator so that the kinds draw through one interface for both generators.
 */
final class ZigguratStream implements RandomGenerator {
  private final UniformRandomProvider uniform;
  private final ZigguratSampler.NormalizedGaussian gaussian;

  ZigguratStream(long seed) {
    SplitMix64 expand = new SplitMix64(seed);
    long s0 = expand.nextLong();
    long s1 = expand.nextLong();
    this.uniform = new XoRoShiRo128PlusPlus(s0, s1);
    this.gaussian = ZigguratSampler.NormalizedGaussian.of(uniform);
  }

  @Override public double nextGaussian() {
    return gaussian.sample();
  }

  /** Uniform on [0, 1): the top 53 bits of the next output times 2⁻⁵³. */
  @Override public double nextDouble() {
    return uniform.nextDouble();
  }

  @Override public float nextFloat() {
    return uniform.nextFloat();
  }

  @Override public int nextInt() {
    return uniform.nextInt();
  }

  /** Uniform on [0, n), without bias (Commons RNG's bounded draw). */
  @Override public int nextInt(int n) {
    return uniform.nextInt(n);
  }

  @Override public long nextLong() {
    return uniform.nextLong();
  }

  @Override public boolean nextBoolean() {
    return uniform.nextBoolean();
  }

  @Override public void nextBytes(byte[] bytes) {
    uniform.nextBytes(bytes);
  }

  @Override public void setSeed(int seed) {
    throw reseeded();
  }

  @Override public void setSeed(int[] seed) {
    throw reseeded();
  }

  @Override public void setSeed(long seed) {
    throw reseeded();
  }

  private static UnsupportedOperationException reseeded() {
    return new UnsupportedOperationException("a problem's stream is seeded once, from the problem's identity");
  }
}
