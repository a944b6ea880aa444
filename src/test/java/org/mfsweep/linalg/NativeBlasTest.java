package org.mfsweep.linalg;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/**
 * CI (.ci/run) installs OpenBLAS and sets MFSWEEP_REQUIRE_NATIVE_BLAS=1: there this test fails
 * when netlib fell back to Java. Elsewhere it is skipped.
 */
class NativeBlasTest {
  @Test
  void nativeBlasAndLapackAreLoadedWhereRequired() {
    assumeTrue("1".equals(System.getenv("MFSWEEP_REQUIRE_NATIVE_BLAS")),
        "MFSWEEP_REQUIRE_NATIVE_BLAS is not 1 (set by .ci/run)");
    Netlib.Implementation impl = Netlib.implementation();
    assertTrue(impl.isNative(), "native BLAS/LAPACK required but running " + impl.summary() + ": "
        + impl.whyNotNative());
    assertTrue(impl.libraries().stream().anyMatch(l -> l.contains("blas")), "a BLAS library is mapped: "
        + impl.libraries());
  }
}
