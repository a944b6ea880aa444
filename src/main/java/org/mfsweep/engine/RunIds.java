package org.mfsweep.engine;

import java.util.Arrays;
import java.util.Iterator;

/**
 * A set of run_ids held as a sorted long[]: a run_id is 16 hex digits (64 bits of SHA-256, see
 * {@code spec.Ids}), so each takes 8 bytes, 8 MB per 10⁶ runs (16 MB while it is read), instead of
 * a String and a hash-set entry (about 100 bytes) each.
 */
final class RunIds {
  static final RunIds EMPTY = new RunIds(new long[0]);

  private final long[] sorted;

  private RunIds(long[] sorted) {
    this.sorted = sorted;
  }

  /**
   * Reads the ids one at a time (e.g. from {@code Dataset.toLocalIterator()}).
   *
   * @param what names where the ids come from, for the error on an id that is not 16 hex digits
   * @throws OutputException on such an id
   */
  static RunIds of(Iterator<String> ids, String what) {
    long[] a = new long[1024];
    int n = 0;
    while (ids.hasNext()) {
      String id = ids.next();
      if (n == a.length) {
        a = Arrays.copyOf(a, a.length * 2);
      }
      a[n++] = parse(id, what);
    }
    a = Arrays.copyOf(a, n);
    Arrays.sort(a);
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (k == 0 || a[i] != a[k - 1]) {
        a[k++] = a[i];
      }
    }
    return new RunIds(k == n ? a : Arrays.copyOf(a, k));
  }

  private static long parse(String id, String what) {
    if (id == null || id.length() != 16) {
      throw new OutputException(what + " holds the run_id '" + id + "', not 16 hex digits as mfsweep writes them; "
          + "write this sweep to another --output");
    }
    try {
      return Long.parseUnsignedLong(id, 16);
    } catch (NumberFormatException e) {
      throw new OutputException(what + " holds the run_id '" + id + "', not 16 hex digits as mfsweep writes them; "
          + "write this sweep to another --output");
    }
  }

  /** Whether the run_id (16 hex digits) is in the set; a run_id of another shape is not. */
  boolean contains(String runId) {
    if (sorted.length == 0 || runId.length() != 16) {
      return false;
    }
    long x;
    try {
      x = Long.parseUnsignedLong(runId, 16);
    } catch (NumberFormatException e) {
      return false;
    }
    return Arrays.binarySearch(sorted, x) >= 0;
  }

  int size() {
    return sorted.length;
  }

  boolean isEmpty() {
    return sorted.length == 0;
  }
}
