package org.mfsweep.engine;

import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** DIR/manifest.json: what ran, on what, when; rewritten as the sweep progresses. */
final class Manifest {
  private final Map<String, Object> fields = new LinkedHashMap<>();

  Manifest put(String key, Object value) {
    fields.put(key, value);
    return this;
  }

  String json() {
    return ConfigValueFactory.fromMap(fields).render(ConfigRenderOptions.concise().setFormatted(true)) + "\n";
  }

  /** Writes (replacing) manifest.json under dir. */
  void write(Path dir, Configuration hadoop) {
    Path file = new Path(dir, "manifest.json");
    try {
      FileSystem fs = file.getFileSystem(hadoop);
      fs.setWriteChecksum(false); // no .manifest.json.crc beside it
      try (OutputStream out = fs.create(file, true)) {
        out.write(json().getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new OutputException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
