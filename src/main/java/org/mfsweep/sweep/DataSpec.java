package org.mfsweep.sweep;

import java.io.Serializable;
import org.mfsweep.spec.Kind;

/**
 * A problem read from the user's file (the {@code data} block of a sweep file).
 *
 * @param kind COMPLETION for (row, col, value) observations, SENSING for (value, matrix) rows
 * @param format csv or parquet
 * @param indexBase 0 or 1: how the file numbers rows and columns (completion)
 * @param rectangular true when (row, col) index an r × c matrix, embedded in the symmetric
 *     (r+c) × (r+c) matrix at (row, r + col); false for entries of a symmetric n × n matrix
 * @param rows declared r (rectangular) or n (symmetric); 0 to take the largest index + 1
 * @param cols declared c (rectangular); 0 to take the largest index + 1
 * @param testFraction share of the observations held out for the test error
 * @param separator the CSV field separator (',' by default; '\t' for MovieLens's u.data)
 * @param header whether the CSV file's first line names its fields
 * @param columns without a header, the names of the fields by position (e.g. [row, col, value,
 *     timestamp] for u.data); empty with a header
 */
public record DataSpec(String file, Kind kind, String format, int indexBase, boolean rectangular, int rows, int cols,
                       String rowColumn, String colColumn, String valueColumn, String matrixColumn,
                       double testFraction, char separator, boolean header, java.util.List<String> columns)
    implements Serializable {

  public DataSpec {
    columns = java.util.List.copyOf(columns);
  }

  /** A CSV file with a header line, comma-separated (or a Parquet file). */
  public DataSpec(String file, Kind kind, String format, int indexBase, boolean rectangular, int rows, int cols,
                  String rowColumn, String colColumn, String valueColumn, String matrixColumn, double testFraction) {
    this(file, kind, format, indexBase, rectangular, rows, cols, rowColumn, colColumn, valueColumn, matrixColumn,
        testFraction, ',', true, java.util.List.of());
  }

  /** Whether the CSV layout is other than a comma-separated file with a header (then it is part of the data's id). */
  public boolean customLayout() {
    return separator != ',' || !header || !columns.isEmpty();
  }
}
