package org.mfsweep.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the project's scripts (./submit.sh) as a user would, from the project folder. */
public final class Scripts {
  private Scripts() {}

  public record Result(int code, String out, String err, double seconds) {}

  /** A started process whose output goes to files. */
  public record Running(Process process, Path out, Path errFile, long startNanos) {
    /** What the process printed on stderr so far. */
    public String err() throws IOException {
      return Files.readString(errFile, StandardCharsets.UTF_8);
    }

    public Result await(long minutes) throws IOException, InterruptedException {
      assertTrue(process.waitFor(minutes, TimeUnit.MINUTES), "finished within " + minutes + " min");
      return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), err(),
          (System.nanoTime() - startNanos) * 1e-9);
    }
  }

  public static Path projectDir() {
    return Path.of(System.getProperty("user.dir"));
  }

  public static Running start(Map<String, String> env, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(projectDir().toFile());
    pb.environment().remove("SPARK_HOME");
    pb.environment().putAll(env);
    Path out = Files.createTempFile("script", ".out");
    Path err = Files.createTempFile("script", ".err");
    long start = System.nanoTime();
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    return new Running(p, out, err, start);
  }

  /** ./submit.sh ARGS… to completion (at most 5 minutes). */
  public static Result submit(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add("./submit.sh");
    cmd.addAll(List.of(args));
    return start(Map.of(), cmd.toArray(new String[0])).await(5);
  }

  public static File file(String relative) {
    return projectDir().resolve(relative).toFile();
  }
}
