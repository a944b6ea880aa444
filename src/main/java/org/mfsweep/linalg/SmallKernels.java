package org.mfsweep.linalg;

import java.util.Locale;

/**
 * When the factored kernels run as plain Java loops instead of BLAS. A JNI call costs 50–150 ns
 * whatever its size, so on tiny problems (a 3 × 3 completion step is about 60 flops) the calls, not
 * the arithmetic, are the iteration. Below the sizes here every kernel of a gradient step (the
 * operator's A(UUᵀ), its step or direction, and the objective's residual and loss) is a Java loop,
 * batched over the runs, and the iteration loop makes no JNI call; above them the BLAS kernels run.
 *
 * <p>The thresholds were measured with {@code bench --cases tiny --tiny-scan} (per run-iteration time
 * of a batch of 32 gd runs, Java loops against BLAS, at growing sizes; see BENCHMARKS.md): each is
 * a round figure between the last size at which the Java loops were faster and the first at which
 * BLAS was (2 shared, loaded cores: the scan's figures move by tens of per cent between invocations).
 *
 * <p>The system property {@value #PROPERTY} = auto (default) | java | blas forces one side, for tests
 * and benchmarks; it is read when a kernel is built, so set it before building the solver.
 */
public final class SmallKernels {
  /** auto | java | blas. */
  public static final String PROPERTY = "mfsweep.kernels";

  /**
   * Dense sensing: Java loops while the packed operator p·m (p = n(n+1)/2) is at most this. Measured
   * (m = 6n, batch of 32): Java 1.3× faster at n = 6 (p·m = 756), BLAS 2× faster at n = 7 (1176).
   */
  public static final long SENSING_MAX_PM = 800;

  /**
   * Diagonal: Java loops while m·n is at most this. Measured (m = 3n, batch of 32): Java 2.1× faster
   * at n = 10 (m·n = 300), BLAS 1.2× faster at n = 20 (1200); the ratio crosses 1 near 900.
   */
  public static final long DIAGONAL_MAX_MN = 800;

  /**
   * Completion's row kernels: Java loops below this width (a JNI ddot or daxpy costs 50–70 ns whatever
   * its length; the loops caught up with it at about 96, measured with OpenBLAS 0.3.21).
   */
  public static final int COMPLETION_BLAS_MIN_WIDTH = 96;

  /** Completion: entry-by-entry Java kernels (no row index) while a factor's n·d is at most this. */
  public static final int COMPLETION_ENTRY_MAX_ND = 1_024;

  /**
   * The objective's residual and loss (a daxpy and a ddot per run): Java loops while m is at most
   * this. Measured: the loop is 1.9× faster at m = 64, the two calls 1.3× faster at m = 256.
   */
  public static final int RESIDUAL_MAX_M = 128;

  /** How the choice is made. */
  public enum Mode { AUTO, JAVA, BLAS }

  private SmallKernels() {}

  /** The mode of {@value #PROPERTY} now. */
  public static Mode mode() {
    String v = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "java" -> Mode.JAVA;
      case "blas" -> Mode.BLAS;
      case "auto", "" -> Mode.AUTO;
      default -> throw new IllegalArgumentException(PROPERTY + " must be auto, java or blas, not '" + v + "'");
    };
  }

  /** Whether to run the Java loops, given whether the size is below the kernel's threshold. */
  public static boolean java(boolean small) {
    return switch (mode()) {
      case JAVA -> true;
      case BLAS -> false;
      case AUTO -> small;
    };
  }

  /** One line for logs and the manifest: which kernels run where. */
  public static String describe() {
    return switch (mode()) {
      case JAVA -> "factored kernels: Java loops at every size (" + PROPERTY + "=java)";
      case BLAS -> "factored kernels: BLAS at every size (" + PROPERTY + "=blas)";
      case AUTO -> String.format(Locale.ROOT, "factored kernels: Java loops for sensing p·m ≤ %d, diagonal m·n ≤ %d, "
          + "completion width < %d, residuals m ≤ %d; BLAS above", SENSING_MAX_PM, DIAGONAL_MAX_MN,
          COMPLETION_BLAS_MIN_WIDTH, RESIDUAL_MAX_M);
    };
  }
}
