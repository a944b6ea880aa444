package org.mfsweep.sweep;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.mfsweep.spec.Kind;
import org.mfsweep.spec.ObservedData;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Reads a user's data file (CSV through commons-csv, Parquet through parquet-hadoop) and checks
 * it completely: missing columns, values that are not numbers or not finite, indices out of range,
 * positions given twice, matrices of the wrong size or not symmetric. Every problem found (up to
 * {@link #MAX_PROBLEMS}) is reported, with the file and the line (CSV) or row (Parquet), in one
 * {@link SweepFileException}, before any run starts.
 */
public final class DataFiles {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DataFiles.class);
  static final int MAX_PROBLEMS = 20;
  /** Relative asymmetry |A_jk − A_kj| / max|A| above which a sensing matrix is refused. */
  static final double SYMMETRY_TOLERANCE = 1e-12;

  private DataFiles() {}

  /** Loads and checks; where names the data.file key of the sweep file, for messages. */
  public static ObservedData load(DataSpec spec, String where) {
    return load(spec, sweepFile(where), where);
  }

  /** The sweep file of a "FILE:LINE: data.file" location: what SweepFileException names once, as for every other key. */
  static String sweepFile(String where) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(.*?)(:\\d+)?: data\\.file$").matcher(where);
    return m.matches() ? m.group(1) : where;
  }

  private static ObservedData load(DataSpec spec, String sweepFile, String where) {
    Path file = Path.of(spec.file());
    List<String> problems = new ArrayList<>();
    if (!Files.exists(file)) {
      throw new SweepFileException(sweepFile, List.of(where + ": " + file + ": no such file"));
    }
    if (!Files.isReadable(file) || Files.isDirectory(file) && !hasParquetParts(file)) {
      throw new SweepFileException(sweepFile, List.of(where + ": " + file + ": cannot read it (a readable CSV or "
          + "Parquet file, or a folder of Parquet part files)"));
    }
    List<Row> rows;
    try {
      rows = "csv".equals(spec.format()) ? csv(file, spec, problems) : parquet(file, spec, problems);
    } catch (IOException | RuntimeException e) {
      throw new SweepFileException(sweepFile, List.of(where + ": " + file + ": cannot read it as " + spec.format() + ": "
          + e.getMessage()));
    }
    if (problems.isEmpty() && rows.isEmpty()) {
      problems.add(file + ": no observations");
    }
    // the rows that parsed are checked too, so that one pass reports every kind of problem
    ObservedData data = rows.isEmpty() ? null
        : spec.kind().equals(Kind.COMPLETION) ? completion(file, spec, rows, problems) : sensing(file, spec, rows, problems);
    if (!problems.isEmpty()) {
      List<String> lines = new ArrayList<>();
      for (String p : problems.subList(0, Math.min(problems.size(), MAX_PROBLEMS))) {
        lines.add(where + ": " + p);
      }
      if (problems.size() > MAX_PROBLEMS) {
        lines.add(where + ": … and " + (problems.size() - MAX_PROBLEMS) + " more");
      }
      throw new SweepFileException(sweepFile, lines);
    }
    return data;
  }

  /** One observation as read: where it was, and its fields (matrix only for sensing). */
  private record Row(String at, long row, long col, double value, double[] matrix) {}

  // ---- CSV ----

  private static List<Row> csv(Path file, DataSpec spec, List<String> problems) throws IOException {
    List<Row> out = new ArrayList<>();
    if (!spec.kind().equals(Kind.COMPLETION)) {
      problems.add(file + ": sensing data must be Parquet (a value column and an array column for the matrix)");
      return out;
    }
    // with a header its names; without one (MovieLens's u.data) data.columns names the fields by position
    CSVFormat format = (spec.header() ? CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
        : CSVFormat.DEFAULT.builder().setHeader(spec.columns().toArray(new String[0])).setSkipHeaderRecord(false))
        .setDelimiter(spec.separator()).setTrim(true).setIgnoreEmptyLines(true).get();
    try (Reader reader = csvReader(file);
         CSVParser parser = CSVParser.parse(reader, format)) {
      for (String column : List.of(spec.rowColumn(), spec.colColumn(), spec.valueColumn())) {
        if (!parser.getHeaderMap().containsKey(column)) {
          problems.add(spec.header() ? file + ":1: missing column '" + column + "' (the header has "
              + parser.getHeaderNames() + ")" : file + ": missing column '" + column + "' (data.columns names "
              + spec.columns() + ")");
        }
      }
      if (!problems.isEmpty()) {
        return out;
      }
      for (CSVRecord r : parser) {
        String at = file + ":" + parser.getCurrentLineNumber();
        if (!r.isConsistent()) {
          problems.add(at + ": " + r.size() + " fields where the " + (spec.header() ? "header" : "data.columns")
              + " has " + parser.getHeaderNames().size() + (spec.separator() == ',' ? "" : " (fields separated by '"
              + (spec.separator() == '\t' ? "\\t" : String.valueOf(spec.separator())) + "', data.separator)"));
          continue;
        }
        Long row = integer(r.get(spec.rowColumn()), spec.rowColumn(), at, problems);
        Long col = integer(r.get(spec.colColumn()), spec.colColumn(), at, problems);
        Double value = number(r.get(spec.valueColumn()), spec.valueColumn(), at, problems);
        if (row != null && col != null && value != null) {
          out.add(new Row(at, row, col, value, null));
        }
        if (problems.size() > MAX_PROBLEMS) {
          break;
        }
      }
    }
    return out;
  }

  /** The file's text; a name ending in .gz is read through gzip. */
  private static Reader csvReader(Path file) throws IOException {
    if (!file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".gz")) {
      return Files.newBufferedReader(file, StandardCharsets.UTF_8);
    }
    InputStream in = Files.newInputStream(file);
    try {
      return new java.io.BufferedReader(new java.io.InputStreamReader(new java.util.zip.GZIPInputStream(in, 1 << 16),
          StandardCharsets.UTF_8));
    } catch (IOException e) {
      in.close();
      throw new IOException("not a gzip file (" + e.getMessage() + ")", e);
    }
  }

  private static Long integer(String text, String column, String at, List<String> problems) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      problems.add(at + ": " + column + " = '" + text + "' is not an integer");
      return null;
    }
  }

  private static Double number(String text, String column, String at, List<String> problems) {
    double v;
    try {
      v = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      problems.add(at + ": " + column + " = '" + text + "' is not a number");
      return null;
    }
    if (!Double.isFinite(v)) {
      problems.add(at + ": " + column + " = " + text + " is not finite");
      return null;
    }
    return v;
  }

  // ---- Parquet ----

  private static boolean hasParquetParts(Path dir) {
    return !parquetParts(dir).isEmpty();
  }

  private static List<Path> parquetParts(Path p) {
    if (!Files.isDirectory(p)) {
      return List.of(p);
    }
    try (Stream<Path> s = Files.walk(p)) {
      return s.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().endsWith(".parquet")).sorted()
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  private static List<Row> parquet(Path file, DataSpec spec, List<String> problems) throws IOException {
    List<Row> out = new ArrayList<>();
    Configuration conf = new Configuration();
    long index = 0;
    for (Path part : parquetParts(file)) {
      org.apache.hadoop.fs.Path hp = new org.apache.hadoop.fs.Path(part.toAbsolutePath().toUri());
      MessageType schema;
      try (ParquetFileReader footer = ParquetFileReader.open(HadoopInputFile.fromPath(hp, conf))) {
        schema = footer.getFooter().getFileMetaData().getSchema();
      }
      List<String> needed = spec.kind().equals(Kind.COMPLETION)
          ? List.of(spec.rowColumn(), spec.colColumn(), spec.valueColumn())
          : List.of(spec.valueColumn(), spec.matrixColumn());
      for (String column : needed) {
        if (!schema.containsField(column)) {
          problems.add(part + ": missing column '" + column + "' (the file has " + fieldNames(schema) + ")");
        }
      }
      if (!problems.isEmpty()) {
        return out;
      }
      try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), hp).withConf(conf).build()) {
        Group g;
        while ((g = reader.read()) != null) {
          index++;
          String at = part + ": row " + index;
          if (spec.kind().equals(Kind.COMPLETION)) {
            Double row = scalar(g, spec.rowColumn(), at, problems);
            Double col = scalar(g, spec.colColumn(), at, problems);
            Double value = scalar(g, spec.valueColumn(), at, problems);
            if (row != null && col != null && value != null) {
              if (row != Math.rint(row) || col != Math.rint(col)) {
                problems.add(at + ": row and col must be integers, got " + row + ", " + col);
              } else {
                out.add(new Row(at, row.longValue(), col.longValue(), value, null));
              }
            }
          } else {
            Double value = scalar(g, spec.valueColumn(), at, problems);
            double[] matrix = array(g, spec.matrixColumn(), at, problems);
            if (value != null && matrix != null) {
              out.add(new Row(at, 0, 0, value, matrix));
            }
          }
          if (problems.size() > MAX_PROBLEMS) {
            return out;
          }
        }
      }
    }
    return out;
  }

  private static List<String> fieldNames(MessageType schema) {
    return schema.getFields().stream().map(Type::getName).toList();
  }

  /** A numeric scalar field (int, long, float or double); null after recording why not. */
  private static Double scalar(Group g, String field, String at, List<String> problems) {
    Type t = g.getType().getType(field);
    if (!t.isPrimitive()) {
      problems.add(at + ": " + field + " is not a number column");
      return null;
    }
    if (g.getFieldRepetitionCount(field) == 0) {
      problems.add(at + ": " + field + " is missing (null)");
      return null;
    }
    double v = switch (t.asPrimitiveType().getPrimitiveTypeName()) {
      case INT32 -> g.getInteger(field, 0);
      case INT64 -> g.getLong(field, 0);
      case FLOAT -> g.getFloat(field, 0);
      case DOUBLE -> g.getDouble(field, 0);
      default -> Double.NaN;
    };
    if (t.asPrimitiveType().getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.BINARY) {
      problems.add(at + ": " + field + " is not a number column");
      return null;
    }
    if (!Double.isFinite(v)) {
      problems.add(at + ": " + field + " = " + v + " is not finite");
      return null;
    }
    return v;
  }

  /** A list of doubles, in either of Parquet's list layouts; null after recording why not. */
  private static double[] array(Group g, String field, String at, List<String> problems) {
    if (g.getFieldRepetitionCount(field) == 0) {
      problems.add(at + ": " + field + " is missing (null)");
      return null;
    }
    Type t = g.getType().getType(field);
    double[] out;
    if (t.isPrimitive()) { // repeated double (two-level list)
      out = new double[g.getFieldRepetitionCount(field)];
      for (int i = 0; i < out.length; i++) {
        out[i] = g.getDouble(field, i);
      }
    } else { // LIST → repeated group list → element
      Group list = g.getGroup(field, 0);
      int count = list.getType().getFieldCount() == 0 ? 0 : list.getFieldRepetitionCount(0);
      out = new double[count];
      for (int i = 0; i < count; i++) {
        Group element = list.getGroup(0, i);
        if (element.getFieldRepetitionCount(0) == 0) {
          problems.add(at + ": " + field + "[" + i + "] is null");
          return null;
        }
        out[i] = element.getDouble(0, 0);
      }
    }
    for (int i = 0; i < out.length; i++) {
      if (!Double.isFinite(out[i])) {
        problems.add(at + ": " + field + "[" + i + "] = " + out[i] + " is not finite");
        return null;
      }
    }
    return out;
  }

  // ---- checks and assembly ----

  private static ObservedData completion(Path file, DataSpec spec, List<Row> rows, List<String> problems) {
    long maxRow = -1;
    long maxCol = -1;
    for (Row r : rows) {
      long i = r.row() - spec.indexBase();
      long j = r.col() - spec.indexBase();
      if (i < 0 || j < 0) {
        problems.add(r.at() + ": (" + r.row() + ", " + r.col() + ") is out of range: indices start at "
            + spec.indexBase() + " (data.index-base)");
      }
      maxRow = Math.max(maxRow, i);
      maxCol = Math.max(maxCol, j);
    }
    long r0 = spec.rectangular() ? (spec.rows() > 0 ? spec.rows() : maxRow + 1) : 0;
    long c0 = spec.rectangular() ? (spec.cols() > 0 ? spec.cols() : maxCol + 1) : 0;
    long n = spec.rectangular() ? r0 + c0 : spec.rows() > 0 ? spec.rows() : Math.max(maxRow, maxCol) + 1;
    if (n > 46_340) {
      problems.add(file + ": n = " + n + " is too large (n² must fit an int)");
    }
    int[] is = new int[rows.size()];
    int[] js = new int[rows.size()];
    double[] values = new double[rows.size()];
    Map<Long, String> seen = new HashMap<>();
    for (int t = 0; t < rows.size() && problems.size() <= MAX_PROBLEMS; t++) {
      Row r = rows.get(t);
      long i = r.row() - spec.indexBase();
      long j = r.col() - spec.indexBase();
      if (i < 0 || j < 0) {
        continue;
      }
      long a;
      long b;
      if (spec.rectangular()) {
        if (i >= r0 || j >= c0) {
          problems.add(r.at() + ": (" + r.row() + ", " + r.col() + ") is outside the declared " + r0 + " × " + c0
              + " matrix (data.rows, data.cols)");
          continue;
        }
        a = i;
        b = r0 + j;
      } else {
        if (i >= n || j >= n) {
          problems.add(r.at() + ": (" + r.row() + ", " + r.col() + ") is outside the declared " + n + " × " + n
              + " matrix (data.rows)");
          continue;
        }
        a = Math.min(i, j);
        b = Math.max(i, j);
      }
      String before = seen.putIfAbsent(a + b * n, r.at());
      if (before != null) {
        problems.add(r.at() + ": position (" + r.row() + ", " + r.col() + ") was already given at " + before
            + (spec.rectangular() ? "" : " (a symmetric matrix has one entry for (j, k) and (k, j))"));
        continue;
      }
      is[t] = (int) a;
      js[t] = (int) b;
      values[t] = r.value();
    }
    if (!problems.isEmpty()) {
      return null;
    }
    if (spec.indexBase() == 0) {
      boolean row0 = false;
      boolean col0 = false;
      for (Row r : rows) {
        row0 |= r.row() == 0;
        col0 |= r.col() == 0;
      }
      if (spec.rectangular() ? !row0 || !col0 : !row0 && !col0) {
        log.warn("{}: no observation is in {} 0 although data.index-base = 0: if the file numbers from 1, set "
            + "data.index-base = 1", file, spec.rectangular() ? (!row0 ? "row" : "column") : "row or column");
      }
    }
    return new ObservedData(id(file, spec), file.toString(), Kind.COMPLETION, (int) n, is, js, null, values,
        spec.testFraction(), spec.rectangular() ? (int) r0 : 0, spec.rectangular() ? (int) c0 : 0);
  }

  private static ObservedData sensing(Path file, DataSpec spec, List<Row> rows, List<String> problems) {
    int size = rows.get(0).matrix().length;
    int n = (int) Math.round(Math.sqrt(size));
    if ((long) n * n != size || n == 0) {
      problems.add(rows.get(0).at() + ": " + spec.matrixColumn() + " has " + size + " entries, not n² for any n");
      return null;
    }
    double[] matrices = new double[Math.multiplyExact(rows.size(), size)];
    double[] values = new double[rows.size()];
    for (int t = 0; t < rows.size() && problems.size() <= MAX_PROBLEMS; t++) {
      Row r = rows.get(t);
      double[] a = r.matrix();
      if (a.length != size) {
        problems.add(r.at() + ": " + spec.matrixColumn() + " has " + a.length + " entries; the first row has " + size
            + " (n = " + n + ")");
        continue;
      }
      double max = 0;
      for (double v : a) {
        max = Math.max(max, Math.abs(v));
      }
      int[] worst = null;
      double asymmetry = 0;
      for (int j = 0; j < n; j++) {
        for (int k = j + 1; k < n; k++) {
          double d = Math.abs(a[j * n + k] - a[k * n + j]);
          if (d > asymmetry) {
            asymmetry = d;
            worst = new int[] {j, k};
          }
        }
      }
      if (asymmetry > SYMMETRY_TOLERANCE * max) {
        problems.add(r.at() + ": " + spec.matrixColumn() + " is not symmetric: entries (" + worst[0] + ", " + worst[1]
            + ") and (" + worst[1] + ", " + worst[0] + ") differ by " + asymmetry);
        continue;
      }
      System.arraycopy(a, 0, matrices, t * size, size); // symmetric: row- and column-major agree
      values[t] = r.value();
    }
    if (!problems.isEmpty()) {
      return null;
    }
    return new ObservedData(id(file, spec), file.toString(), Kind.SENSING, n, null, null, matrices, values,
        spec.testFraction());
  }

  /** SHA-256 of the file's bytes and of the options that shape the data, as 16 hex digits. */
  private static String id(Path file, DataSpec spec) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (Path part : parquetParts(file)) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(part), md)) {
          in.transferTo(java.io.OutputStream.nullOutputStream());
        }
      }
      String options = spec.kind().configName() + "|" + spec.indexBase() + "|" + spec.rectangular() + "|"
          + spec.rows() + "|" + spec.cols() + "|" + spec.rowColumn() + "|" + spec.colColumn() + "|"
          + spec.valueColumn() + "|" + spec.matrixColumn() + "|" + org.mfsweep.spec.Ids.bits(spec.testFraction())
          // without a test set the file's order is kept (no split): another problem than 0.1's shuffled one
          + (spec.testFraction() == 0 ? "|order=file" : "")
          // a text layout other than comma-separated with a header (ids of the others unchanged)
          + (spec.customLayout() ? "|separator=" + (int) spec.separator() + "|header=" + spec.header() + "|columns="
              + String.join(",", spec.columns()) : "");
      md.update(options.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(md.digest(), 0, 8);
    } catch (IOException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot hash " + file + ": " + e.getMessage(), e);
    }
  }
}
