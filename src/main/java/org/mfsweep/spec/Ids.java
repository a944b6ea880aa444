package org.mfsweep.spec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Content hashes that identify runs, problems and random streams. The hashed text is a
 * canonical "key=value|..." string; doubles enter by their IEEE bits, so 1e-3 and 0.001 agree
 * and no Double.toString version difference can change an id.
 */
public final class Ids {
  /** Bump only with a deliberate, documented break: every id and every random stream changes. */
  static final String SCHEME = "mfsweep/1";

  private Ids() {}

  /** First 16 hex digits (64 bits) of SHA-256 over the canonical text. */
  public static String hex(String canonical) {
    return HexFormat.of().formatHex(digest(canonical), 0, 8);
  }

  /** A 64-bit seed from SHA-256 over the canonical text. */
  public static long seed(String canonical) {
    byte[] d = digest(canonical);
    long s = 0;
    for (int i = 0; i < 8; i++) {
      s = (s << 8) | (d[i] & 0xffL);
    }
    return s;
  }

  /** Canonical text for a double: its bits in hex. */
  public static String bits(double x) {
    return Long.toHexString(Double.doubleToLongBits(x));
  }

  private static byte[] digest(String canonical) {
    try {
      return MessageDigest.getInstance("SHA-256").digest((SCHEME + "|" + canonical).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
