package org.mfsweep.linalg;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import dev.ludovic.netlib.lapack.LAPACK;
import dev.ludovic.netlib.lapack.NativeLAPACK;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The one place that chooses BLAS and LAPACK. Every numeric class uses {@link #blas} and
 * {@link #lapack}; {@link #implementation()} says which ran and, when it is not native, why.
 */
public final class Netlib {

  public static final BLAS blas;
  public static final LAPACK lapack;
  private static final Implementation IMPLEMENTATION;

  static {
    // netlib logs the reason native loading failed at FINE and then falls back silently:
    // listen to that record so the reason reaches our logs and the manifest.
    List<String> failures = new ArrayList<>();
    Logger blasLog = Logger.getLogger("dev.ludovic.netlib.blas.InstanceBuilder");
    Logger lapackLog = Logger.getLogger("dev.ludovic.netlib.lapack.InstanceBuilder");
    Handler capture = new Handler() {
      @Override public void publish(LogRecord r) {
        if (r.getThrown() != null) {
          String cause = rootMessage(r.getThrown());
          if (cause.contains("unsupported JNI version")) {
            // netlib's JNI shim refuses to load when its dlopen of the system library failed
            cause = "its JNI shim could not dlopen the system library (libblas.so.3 / liblapack.so.3 or the "
                + "nativeLib property; netlib printed the dlopen error on stderr)";
          }
          failures.add(r.getMessage().replace("Failed to load implementation from: ", "") + ": " + cause);
        }
      }
      @Override public void flush() {}
      @Override public void close() {}
    };
    Level blasLevel = blasLog.getLevel();
    Level lapackLevel = lapackLog.getLevel();
    blasLog.setLevel(Level.FINE);
    lapackLog.setLevel(Level.FINE);
    blasLog.addHandler(capture);
    lapackLog.addHandler(capture);
    try {
      blas = BLAS.getInstance();
      lapack = LAPACK.getInstance();
    } finally {
      blasLog.removeHandler(capture);
      lapackLog.removeHandler(capture);
      blasLog.setLevel(blasLevel);
      lapackLog.setLevel(lapackLevel);
    }
    boolean nativeBlas = blas instanceof NativeBLAS;
    boolean nativeLapack = lapack instanceof NativeLAPACK;
    String why = nativeBlas && nativeLapack ? ""
        : failures.isEmpty() ? "netlib was initialised before mfsweep, or native loading was disabled"
        : String.join("; ", failures);
    IMPLEMENTATION = new Implementation(blas.getClass().getName(), lapack.getClass().getName(),
        nativeBlas, nativeLapack, loadedLibraries(), why);
  }

  private Netlib() {}

  /** Which BLAS and LAPACK this JVM uses; the same for the life of the JVM. */
  public static Implementation implementation() {
    return IMPLEMENTATION;
  }

  /**
   * @param blas class name of the BLAS implementation (e.g. dev.ludovic.netlib.blas.JNIBLAS)
   * @param libraries shared libraries with "blas" or "lapack" in their name mapped into this process
   * @param whyNotNative empty when both are native, else the reason netlib gave
   */
  public record Implementation(String blas, String lapack, boolean nativeBlas, boolean nativeLapack,
                               List<String> libraries, String whyNotNative) implements java.io.Serializable {
    public boolean isNative() {
      return nativeBlas && nativeLapack;
    }

    /**
     * One line for logs and the manifest, e.g. "JNIBLAS + JNILAPACK (/usr/lib/.../libopenblas.so.0);
     * factored kernels: Java loops for …", the last part saying where plain-Java kernels replace BLAS
     * ({@link SmallKernels#describe()}, as this JVM's {@value SmallKernels#PROPERTY} has it now).
     */
    public String summary() {
      String s = simple(blas) + " + " + simple(lapack);
      s = libraries.isEmpty() ? s : s + " (" + String.join(", ", libraries) + ")";
      return s + "; " + SmallKernels.describe();
    }

    /** What a user should do when the implementation is not native; empty otherwise. */
    public String warning() {
      if (isNative()) {
        return "";
      }
      return "native BLAS/LAPACK not loaded (" + whyNotNative + "); running on " + simple(blas) + " + "
          + simple(lapack) + ", several times slower. Install a system BLAS that provides libblas.so.3 and "
          + "liblapack.so.3 (Debian/Ubuntu: apt-get install libopenblas0), or point "
          + "-Ddev.ludovic.netlib.blas.nativeLibPath / -Ddev.ludovic.netlib.lapack.nativeLibPath at one.";
    }

    private static String simple(String className) {
      return className.substring(className.lastIndexOf('.') + 1);
    }
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  /** Shared objects mapped into this JVM whose file name mentions blas or lapack (Linux only). */
  private static List<String> loadedLibraries() {
    Path maps = Path.of("/proc/self/maps");
    TreeSet<String> found = new TreeSet<>();
    if (!Files.isReadable(maps)) {
      return List.of();
    }
    try {
      for (String line : Files.readAllLines(maps)) {
        int slash = line.indexOf('/');
        if (slash < 0) {
          continue;
        }
        String path = line.substring(slash).trim();
        String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(java.util.Locale.ROOT);
        // netlib's own JNI shims are extracted to temp files; the library that computes is what matters.
        if ((name.contains("blas") || name.contains("lapack")) && !name.startsWith("libnetlib")) {
          found.add(resolve(path));
        }
      }
    } catch (IOException | RuntimeException e) {
      return List.of("unknown (" + e.getMessage() + ")");
    }
    return List.copyOf(found);
  }

  private static String resolve(String path) {
    try {
      return Path.of(path).toRealPath().toString();
    } catch (IOException e) {
      return path;
    }
  }
}
