package org.mfsweep.spec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** The project version (from the build) and the git commit of the checkout the code runs from. */
public final class BuildInfo {
  private BuildInfo() {}

  public static String version() {
    try (InputStream in = BuildInfo.class.getResourceAsStream("/mfsweep.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  /**
   * "commit" or "commit (modified)" of the git checkout holding the running code, or null when the
   * code does not run from a checkout (a copied jar) or git is missing.
   */
  public static String gitCommit() {
    try {
      Path dir = Path.of(BuildInfo.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      while (dir != null && !Files.exists(dir.resolve(".git"))) {
        dir = dir.getParent();
      }
      if (dir == null) {
        return null;
      }
      String commit = git(dir, "rev-parse", "HEAD");
      if (commit == null || commit.isEmpty()) {
        return null;
      }
      String changes = git(dir, "status", "--porcelain", "--untracked-files=no");
      return changes == null || changes.isEmpty() ? commit : commit + " (modified)";
    } catch (Exception e) {
      return null;
    }
  }

  private static String git(Path dir, String... args) throws IOException, InterruptedException {
    String[] cmd = new String[args.length + 3];
    cmd[0] = "git";
    cmd[1] = "-C";
    cmd[2] = dir.toString();
    System.arraycopy(args, 0, cmd, 3, args.length);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      return null;
    }
    return new String(out, StandardCharsets.UTF_8).trim();
  }
}
