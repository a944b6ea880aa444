package org.mfsweep.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mfsweep.spec.Generator;
import org.mfsweep.spec.Kind;
import org.mfsweep.spec.ProblemSpec;
import org.mfsweep.spec.Sampling;

/**
 * Pins the problem data itself, not only the ids: a fingerprint of y, y_test, the truth and the
 * first measurement matrices of one fixed problem of each kind and sampling. A change in a
 * generator's draw order would otherwise mix old and new numbers under the same run_ids when an
 * output is resumed. If this fails on purpose, bump the id scheme (spec.Ids.SCHEME) with the change.
 */
class ProblemFingerprintTest {
  @ParameterizedTest
  @CsvSource({
      "sensing,       6, 10, 2, uniform,   0, -1, 0872e1c6bb5b60e7",
      "completion,    6, 10, 2, uniform,   0, -1, 3463033bb7130acd",
      "completion,    6, 10, 2, power-law, 1, -1, 502ec29ee50ddd3c",
      "completion,    3,  4, 1, pattern,   0,  7, 393032ff2dc4fe4d",
      "diagonal,      6, 10, 2, uniform,   0, -1, 83d3bf0ca21674f5",
      "least-squares, 6,  4, 1, uniform,   0, -1, 8443873a16040a02"})
  void problemDataAreThoseOfTheirFirstVersion(String kind, int n, int m, int rank, String sampling, double exponent,
                                              long pattern, String pin) throws Exception {
    ProblemSpec spec = new ProblemSpec(new Kind(kind), n, m, rank, 3, Sampling.parse(sampling), exponent, pattern, null);
    assertEquals(pin, fingerprint(Kinds.of(spec.kind()).build(spec, 5)), spec.toString());
  }

  /**
   * The same problems drawn by the ziggurat generator, pinned from its first version: a Commons RNG
   * upgrade that changed its draws would fail here (pin the old version, or add a generator).
   */
  @ParameterizedTest
  @CsvSource({
      "sensing,       6, 10, 2, uniform,   0, -1, eaf9b2a5ca795954",
      "completion,    6, 10, 2, uniform,   0, -1, fb6aff2b5dc92379",
      "completion,    6, 10, 2, power-law, 1, -1, 7ef86b70e6c5bf40",
      "completion,    3,  4, 1, pattern,   0,  7, e32874c1ec52f094",
      "diagonal,      6, 10, 2, uniform,   0, -1, 23ed8b448bef11ec",
      "least-squares, 6,  4, 1, uniform,   0, -1, 993c931ab9cbd323"})
  void zigguratProblemDataAreThoseOfItsFirstVersion(String kind, int n, int m, int rank, String sampling,
                                                     double exponent, long pattern, String pin) throws Exception {
    ProblemSpec spec = new ProblemSpec(new Kind(kind), n, m, rank, 3, Sampling.parse(sampling), exponent, pattern, null)
        .withGenerator(Generator.ZIGGURAT);
    String found = fingerprint(Kinds.of(spec.kind()).build(spec, 5));
    String wellPolar = fingerprint(Kinds.of(spec.kind()).build(spec.withGenerator(Generator.WELL_POLAR), 5));
    assertNotEquals(wellPolar, found, "the two generators draw different numbers: " + spec);
    assertEquals(pin, found, spec.toString());
  }

  /** General rows × cols problems (X* = W Hᵀ, not symmetric), pinned from their first version. */
  @ParameterizedTest
  @CsvSource({
      "sensing,    4, 3,  7, 2, uniform,   0, 447a2e64b46f3f66",
      "completion, 4, 3,  7, 2, uniform,   0, f2f58fbf6895f8c1",
      "completion, 5, 6, 12, 2, power-law, 1, d0cc7b82475ebfd5"})
  void generalProblemDataAreThoseOfTheirFirstVersion(String kind, int rows, int cols, int m, int rank, String sampling,
                                                     double exponent, String pin) throws Exception {
    ProblemSpec spec = ProblemSpec.general(new Kind(kind), rows, cols, m, rank, 3, Sampling.parse(sampling), exponent,
        null);
    assertEquals(pin, fingerprint(Kinds.of(spec.kind()).build(spec, 5)), spec.toString());
  }

  static String fingerprint(BuiltProblem built) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    if (built instanceof Problem p) {
      add(md, p.y());
      add(md, p.yTest());
      add(md, p.truth());
      for (int i = 0; i < Math.min(3, p.m()); i++) {
        add(md, org.mfsweep.testing.Dense.measurementMatrix(p.train(), i));
      }
    } else if (built instanceof GeneralProblem g) {
      add(md, g.y());
      add(md, g.yTest());
      add(md, g.truth());
      for (int i = 0; i < Math.min(3, g.m()); i++) {
        double[] unit = new double[g.m()];
        unit[i] = 1;
        double[] a = new double[g.rows() * g.cols()];
        g.train().adjoint(unit, a);
        add(md, a);
      }
    } else {
      VectorProblem v = (VectorProblem) built;
      add(md, v.y());
      add(md, v.yTest());
      add(md, v.truth());
      add(md, v.a());
    }
    return HexFormat.of().formatHex(md.digest(), 0, 8);
  }

  private static void add(MessageDigest md, double[] values) {
    ByteBuffer b = ByteBuffer.allocate(8 * values.length);
    for (double v : values) {
      b.putLong(Double.doubleToLongBits(v));
    }
    md.update(b.array());
  }
}
