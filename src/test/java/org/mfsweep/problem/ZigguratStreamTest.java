package org.mfsweep.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mfsweep.spec.Generator;
import org.mfsweep.spec.Kind;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.spec.RunSettings;
import org.mfsweep.spec.RunSpec;
import org.mfsweep.spec.Init;

/**
 * The ziggurat generator is the algorithm the README states: an independent transcription of
 * SplitMix64 and XoRoShiRo128++ (Steele, Lea and Flood 2014; Blackman and Vigna 2018) gives the
 * same words, its Gaussians have the moments and tails of N(0, 1), and its problems have ids of
 * their own while well-polar's keep theirs.
 */
class ZigguratStreamTest {
  /** SplitMix64 as published: add the golden gamma, then Stafford's mix 13. */
  private static final class SplitMix {
    long state;

    SplitMix(long seed) {
      state = seed;
    }

    long next() {
      long z = state += 0x9e3779b97f4a7c15L;
      z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
      z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
      return z ^ (z >>> 31);
    }
  }

  /** xoroshiro128++ 1.0 as published (rotations 49, 21, 28; output rotl(s0 + s1, 17) + s0). */
  private static final class Xoroshiro {
    long s0;
    long s1;

    Xoroshiro(long s0, long s1) {
      this.s0 = s0;
      this.s1 = s1;
    }

    long next() {
      long a = s0;
      long b = s1;
      long result = Long.rotateLeft(a + b, 17) + a;
      b ^= a;
      s0 = Long.rotateLeft(a, 49) ^ b ^ (b << 21);
      s1 = Long.rotateLeft(b, 28);
      return result;
    }
  }

  @Test void wordsAreXoroshiro128PlusPlusSeededBySplitMix64() {
    for (long seed : new long[] {0, 1, -7, 0x5DEECE66DL, Long.MIN_VALUE}) {
      SplitMix sm = new SplitMix(seed);
      Xoroshiro reference = new Xoroshiro(sm.next(), sm.next());
      ZigguratStream stream = new ZigguratStream(seed);
      for (int i = 0; i < 1000; i++) {
        assertEquals(reference.next(), stream.nextLong(), "seed " + seed + ", word " + i);
      }
      // a uniform double is the top 53 bits of the next word times 2^-53
      assertEquals((reference.next() >>> 11) * 0x1.0p-53, stream.nextDouble(), 0.0);
    }
  }

  @Test void gaussiansHaveTheMomentsAndTailsOfAStandardNormal() {
    ZigguratStream stream = new ZigguratStream(42);
    int count = 2_000_000;
    double sum = 0;
    double sum2 = 0;
    double sum4 = 0;
    int beyond2 = 0;
    int beyond3 = 0;
    for (int i = 0; i < count; i++) {
      double g = stream.nextGaussian();
      sum += g;
      sum2 += g * g;
      sum4 += g * g * g * g;
      beyond2 += Math.abs(g) > 2 ? 1 : 0;
      beyond3 += Math.abs(g) > 3 ? 1 : 0;
    }
    // bounds of about 5 standard errors of each estimate at this count
    assertEquals(0, sum / count, 5 / Math.sqrt(count));
    assertEquals(1, sum2 / count, 5 * Math.sqrt(2.0 / count));
    assertEquals(3, sum4 / count, 5 * Math.sqrt(96.0 / count));
    double p2 = 0.04550026389635842; // P(|Z| > 2)
    double p3 = 0.0026997960632601866; // P(|Z| > 3)
    assertEquals(p2, beyond2 / (double) count, 5 * Math.sqrt(p2 * (1 - p2) / count));
    assertEquals(p3, beyond3 / (double) count, 5 * Math.sqrt(p3 * (1 - p3) / count));
  }

  @Test void boundedDrawsStayInRange() {
    ZigguratStream stream = new ZigguratStream(3);
    int[] counts = new int[7];
    for (int i = 0; i < 70_000; i++) {
      counts[stream.nextInt(7)]++;
    }
    for (int c : counts) {
      assertEquals(10_000, c, 500);
    }
  }

  @Test void aStreamIsSeededOnce() {
    assertThrows(UnsupportedOperationException.class, () -> new ZigguratStream(1).setSeed(2L));
  }

  @Test void zigguratProblemsHaveIdsOfTheirOwnAndWellPolarKeepsItsIds() {
    ProblemSpec well = new ProblemSpec(Kind.SENSING, 6, 10, 2, 3);
    ProblemSpec zig = well.withGenerator(Generator.ZIGGURAT);
    assertEquals(Generator.WELL_POLAR, well.generator());
    assertNotEquals(well.id(), zig.id());
    RunSettings s = new RunSettings(100, 1e-12, 1e6, 2, 1000);
    assertNotEquals(new RunSpec(well, 6, Init.IDENTITY, 1e-3, 0.25, s).runId(),
        new RunSpec(zig, 6, Init.IDENTITY, 1e-3, 0.25, s).runId());
    // the stream seeds are the problem's, whatever draws from them
    assertEquals(well.streamSeed("truth"), zig.streamSeed("truth"));
    Problem a = Problems.build(well, 5);
    Problem b = Problems.build(zig, 5);
    assertNotEquals(a.y()[0], b.y()[0]);
    // the same spec gives the same numbers every time
    assertEquals(b.y()[0], Problems.build(zig, 5).y()[0], 0.0);
    assertTrue(zig.toString().contains("ZIGGURAT"));
  }
}
