package org.mfsweep.linalg;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * Whether netlib loaded native BLAS and LAPACK. Always runs: where it did not, the test prints a
 * warning banner into the test command's output (every other test then ran on Java BLAS, several
 * times slower, and a benchmark would mislead). With MFSWEEP_REQUIRE_NATIVE_BLAS=1, as CI (.ci/run)
 * sets it, it fails instead.
 */
class NativeBlasTest {
  static final String REQUIRE = "MFSWEEP_REQUIRE_NATIVE_BLAS";

  @Test
  void nativeBlasAndLapackAreLoadedOrTheTestCommandSaysSoLoudly(TestReporter reporter) {
    Netlib.Implementation impl = Netlib.implementation();
    boolean required = "1".equals(System.getenv(REQUIRE));
    boolean loaded = impl.isNative() && impl.libraries().stream().anyMatch(l -> l.contains("blas"));
    reporter.publishEntry("blas", impl.summary());
    if (!loaded && !required) {
      String rule = "!".repeat(100);
      String banner = String.join("\n", rule,
          "!!! WARNING: native BLAS/LAPACK did NOT load: these tests ran on " + impl.summary(),
          "!!! why: " + impl.whyNotNative(),
          "!!! install a system BLAS (Debian/Ubuntu: sudo apt-get install libopenblas0), or set " + REQUIRE
              + "=1 to make this a failure",
          rule);
      System.err.println(banner);
      System.out.println(banner);
      return;
    }
    assertTrue(impl.isNative(), "native BLAS/LAPACK required (" + REQUIRE + "=1) but running " + impl.summary()
        + ": " + impl.whyNotNative());
    assertTrue(impl.libraries().stream().anyMatch(l -> l.contains("blas")), "a BLAS library is mapped: "
        + impl.libraries());
  }
}
