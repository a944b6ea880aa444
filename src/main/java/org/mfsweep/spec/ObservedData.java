package org.mfsweep.spec;

import java.io.Serializable;

/**
 * Observations read and checked from a data file; immutable once built.
 *
 * <p>Completion: m observations of a symmetric n × n matrix at (rows[i], cols[i]) with
 * rows[i] ≤ cols[i], no position twice. Sensing: m measurements yᵢ = ⟨Aᵢ, X⟩ with symmetric Aᵢ,
 * matrices[i·n² …] holding Aᵢ column-major.
 *
 * @param id content hash of the file and of the options that shape the data (test fraction included)
 * @param source the file, for messages
 * @param testFraction share of the observations each seed holds out for the test error
 * @param matrixRows r of a rectangular r × c completion file (its observations are kept embedded in
 *     the symmetric (r+c) × (r+c) matrix at (row, r + col), n = r + c), or 0 for a symmetric file
 * @param matrixCols c of a rectangular file, or 0
 */
public record ObservedData(String id, String source, Kind kind, int n, int[] rows, int[] cols, double[] matrices,
                           double[] values, double testFraction, int matrixRows, int matrixCols)
    implements Serializable {

  /** A symmetric file's observations (or sensing measurements). */
  public ObservedData(String id, String source, Kind kind, int n, int[] rows, int[] cols, double[] matrices,
                      double[] values, double testFraction) {
    this(id, source, kind, n, rows, cols, matrices, values, testFraction, 0, 0);
  }

  /** Whether the file is a rectangular r × c matrix, which X = W_N ⋯ W_1 fits directly (a general problem). */
  public boolean rectangular() {
    return matrixRows > 0;
  }

  /** Observations held out for testing: round(testFraction · count). */
  public int testCount() {
    return (int) Math.round(testFraction * count());
  }

  /** Observations a problem trains on. */
  public int trainCount() {
    return count() - testCount();
  }
  public int count() {
    return values.length;
  }
}
