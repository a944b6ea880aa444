package org.mfsweep.results;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * A table's schema and the code that fills its rows, in one list of columns: each column names its
 * type and how its value comes from the row's source S. Adding a column is adding one entry.
 */
public final class Table<S> {
  /** One column: name, type, whether null may appear, and its value in a row made from a source. */
  public record Column<S>(String name, DataType type, boolean nullable, Function<S, Object> value) {}

  private final String name;
  private final List<Column<S>> columns;
  private final StructType schema;

  Table(String name, List<Column<S>> columns) {
    this.name = name;
    this.columns = List.copyOf(columns);
    StructType s = new StructType();
    for (Column<S> c : columns) {
      s = s.add(c.name(), c.type(), c.nullable());
    }
    this.schema = s;
  }

  public String name() {
    return name;
  }

  public StructType schema() {
    return schema;
  }

  /** The row of a source, columns in schema order. */
  public Row row(S source) {
    Object[] values = new Object[columns.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = columns.get(i).value().apply(source);
    }
    return RowFactory.create(values);
  }

  /** Collects columns in order. */
  static final class Builder<S> {
    private final List<Column<S>> columns = new ArrayList<>();

    Builder<S> add(String name, DataType type, boolean nullable, Function<S, Object> value) {
      columns.add(new Column<>(name, type, nullable, value));
      return this;
    }

    Table<S> build(String name) {
      return new Table<>(name, columns);
    }
  }

  /** null where a double is NaN: the value does not apply. */
  static Double finite(double v) {
    return Double.isNaN(v) ? null : v;
  }
}
