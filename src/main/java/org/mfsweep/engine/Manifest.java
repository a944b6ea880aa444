package org.mfsweep.engine;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * DIR/manifest.json: what ran, on what, when; rewritten as the sweep progresses. Each write goes to
 * a temporary file that is then renamed over the manifest, so a reader (or a killed driver) sees
 * the old manifest or the new one, never a torn one.
 */
final class Manifest {
  static final String FILE = "manifest.json";
  static final String TEMPORARY = ".manifest.json.tmp";

  private final Map<String, Object> fields = new LinkedHashMap<>();

  Manifest put(String key, Object value) {
    fields.put(key, value);
    return this;
  }

  String json() {
    return ConfigValueFactory.fromMap(fields).render(ConfigRenderOptions.concise().setFormatted(true)) + "\n";
  }

  /** Writes manifest.json under dir through a temporary file and an atomic rename. */
  void write(Path dir, Configuration hadoop) {
    Path file = new Path(dir, FILE);
    Path tmp = new Path(dir, TEMPORARY);
    try {
      FileSystem fs = file.getFileSystem(hadoop);
      fs.setWriteChecksum(false); // no .manifest.json.crc beside it
      try (OutputStream out = fs.create(tmp, true)) {
        out.write(json().getBytes(StandardCharsets.UTF_8));
      }
      if ("file".equals(fs.getUri().getScheme())) {
        // rename(2) replaces the target atomically
        Files.move(java.nio.file.Path.of(tmp.toUri()), java.nio.file.Path.of(file.toUri()),
            StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } else {
        // HDFS implements an overwriting rename atomically; object stores have no atomic rename at all
        FileContext.getFileContext(fs.getUri(), hadoop).rename(tmp, file, Options.Rename.OVERWRITE);
      }
    } catch (IOException e) {
      throw new OutputException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The attempts recorded in dir's manifest.json (empty when there is none).
   *
   * @throws OutputException when the manifest exists but cannot be read: it is never silently replaced
   */
  static List<Map<String, Object>> attempts(FileSystem fs, Path dir) {
    Path file = new Path(dir, FILE);
    String text;
    try {
      if (!fs.exists(file)) {
        return new ArrayList<>();
      }
      try (InputStream in = fs.open(file)) {
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw unreadable(file, e.getMessage());
    }
    Object attempts;
    try {
      attempts = ConfigFactory.parseString(text).root().unwrapped().get("attempts");
    } catch (RuntimeException e) {
      throw unreadable(file, e.getMessage());
    }
    if (!(attempts instanceof List<?> list)) {
      throw unreadable(file, "it has no list of attempts");
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object a : list) {
      if (!(a instanceof Map<?, ?> m)) {
        throw unreadable(file, "an attempt is not an object");
      }
      Map<String, Object> copy = new LinkedHashMap<>();
      m.forEach((k, v) -> copy.put(String.valueOf(k), v));
      out.add(copy);
    }
    return out;
  }

  private static OutputException unreadable(Path file, String why) {
    return new OutputException(file + " cannot be read (" + why + "); it records every earlier attempt, so "
        + "mfsweep does not replace it: repair it, or move it aside (the tables do not depend on it) and run again");
  }
}
