package org.mfsweep.spec;

import java.io.Serializable;
import java.util.List;

/**
 * An optimizer as a run names it: its name and its settings, in the order its class declares them
 * (e.g. momentum: beta; flow: horizon, rtol, atol). What the optimizer does lives in one class per
 * optimizer in {@code org.mfsweep.optim} (see {@code Optimizers}).
 */
public record OptimizerSpec(String name, List<Setting> settings) implements Serializable {
  public static final OptimizerSpec GD = new OptimizerSpec("gd", List.of());

  /** One setting: a double, a long (integers) or a string. */
  public record Setting(String name, Object value) implements Serializable {
    public Setting {
      if (!(value instanceof Double || value instanceof Long || value instanceof String)) {
        throw new IllegalArgumentException("setting " + name + " must be a double, long or string, got " + value);
      }
    }

    String canonical() {
      return name + "=" + (value instanceof Double d ? Ids.bits(d) : value.toString());
    }
  }

  public OptimizerSpec {
    settings = List.copyOf(settings);
  }

  /** The name as sweep files and the {@code optimizer} column spell it. */
  public String configName() {
    return name;
  }

  /** The value of a setting. @throws IllegalArgumentException when the optimizer has no such setting */
  public Object get(String setting) {
    for (Setting s : settings) {
      if (s.name().equals(setting)) {
        return s.value();
      }
    }
    throw new IllegalArgumentException("optimizer " + name + " has no setting " + setting + " (it has " + settings + ")");
  }

  public double real(String setting) {
    return ((Number) get(setting)).doubleValue();
  }

  public long integer(String setting) {
    return ((Number) get(setting)).longValue();
  }

  /** Whether it has the setting. */
  public boolean has(String setting) {
    return settings.stream().anyMatch(s -> s.name().equals(setting));
  }

  /** "" without settings, else "|name=value|…" in declared order, doubles by their bits (see {@link Ids}). */
  String canonical() {
    StringBuilder sb = new StringBuilder();
    for (Setting s : settings) {
      sb.append('|').append(s.canonical());
    }
    return sb.toString();
  }
}
