package org.mfsweep.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DIR/_lock: which process writes a sweep's output. Taken before Spark starts (a Hadoop file
 * system needs no Spark context), so that a second {@code run} on a busy output is refused at once.
 * A lock left by a process of this host that no longer runs is taken over; any other is refused.
 */
public final class OutputLock implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OutputLock.class);
  static final String LOCK = "_lock";

  private final FileSystem fs;
  private final Path root;
  private boolean held;
  /** This lock created the output folder: closing removes it again when it is still empty. */
  private boolean created;

  private OutputLock(FileSystem fs, Path root) {
    this.fs = fs;
    this.root = root;
  }

  /**
   * The Hadoop configuration Spark would give the driver, without starting Spark: the defaults
   * from the class path plus every {@code spark.hadoop.*} property spark-submit set.
   */
  public static Configuration hadoopConfiguration() {
    Configuration conf = new Configuration();
    for (Map.Entry<Object, Object> e : System.getProperties().entrySet()) {
      String key = String.valueOf(e.getKey());
      if (key.startsWith("spark.hadoop.")) {
        conf.set(key.substring("spark.hadoop.".length()), String.valueOf(e.getValue()));
      }
    }
    return conf;
  }

  /** Qualifies output, checks it can be a folder, creates it and takes its lock. */
  public static OutputLock acquire(String output, Configuration hadoop) {
    Path p = new Path(output);
    try {
      FileSystem fs = p.getFileSystem(hadoop);
      Path root = fs.makeQualified(p);
      for (Path a = root; a != null; a = a.getParent()) {
        if (fs.exists(a)) {
          if (!fs.getFileStatus(a).isDirectory()) {
            throw new OutputException("cannot use output " + root + ": " + a + " is a file, not a folder");
          }
          break;
        }
      }
      OutputLock lock = new OutputLock(fs, root);
      lock.take();
      return lock;
    } catch (IOException e) {
      throw new OutputException("cannot use output " + output + ": " + e.getMessage(), e);
    }
  }

  /** The qualified output folder. */
  public Path root() {
    return root;
  }

  /** "pid@host" of this process, as written into the lock and into each attempt of the manifest. */
  static String me() {
    return ProcessHandle.current().pid() + "@" + OutputStore.host();
  }

  /** Whether "pid@host" names a process that still runs (unknown for other hosts: then true). */
  static boolean alive(String owner) {
    String[] parts = owner.split("[@ ]", 3);
    boolean sameHost = parts.length >= 2 && parts[1].equals(OutputStore.host());
    if (!sameHost) {
      return true;
    }
    return parts[0].matches("\\d+")
        && ProcessHandle.of(Long.parseLong(parts[0])).map(ProcessHandle::isAlive).orElse(false);
  }

  private void take() {
    Path lock = new Path(root, LOCK);
    try {
      created = !fs.exists(root);
      if (!fs.mkdirs(root)) {
        throw new OutputException("cannot create output folder " + root);
      }
      if (fs.exists(lock)) {
        String owner = read(lock).trim();
        if (alive(owner)) {
          throw new OutputException(root + " is being written by another mfsweep (" + owner + "); if that "
              + "process is gone, remove " + lock);
        }
        log.info("taking over the lock of {}, whose process is gone", owner);
        fs.delete(lock, false);
        fs.delete(new Path(root, "." + LOCK + ".crc"), false);
      }
      fs.setWriteChecksum(false); // no ._lock.crc beside it
      try (OutputStream out = fs.create(lock, false)) {
        out.write((me() + " " + Instant.now() + "\n").getBytes(StandardCharsets.UTF_8));
      }
      held = true;
    } catch (FileAlreadyExistsException e) {
      throw new OutputException(root + " is being written by another mfsweep that started just now", e);
    } catch (IOException e) {
      throw new OutputException("cannot write to output folder " + root + ": " + e.getMessage(), e);
    }
  }

  /** Whether this process still holds the lock. */
  public synchronized boolean held() {
    return held;
  }

  /** Removes DIR/_lock; idempotent. */
  @Override public synchronized void close() {
    if (!held) {
      return;
    }
    try {
      fs.delete(new Path(root, LOCK), false);
      held = false;
      if (created && fs.listStatus(root).length == 0) {
        fs.delete(root, false); // refused before anything was written: leave nothing behind
      }
    } catch (IOException e) {
      log.warn("could not remove {}: {}", new Path(root, LOCK), e.getMessage());
    }
  }

  private String read(Path p) throws IOException {
    try (InputStream in = fs.open(p)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
