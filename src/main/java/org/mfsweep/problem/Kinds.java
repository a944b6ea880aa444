package org.mfsweep.problem;

import java.util.List;
import java.util.stream.Collectors;
import org.mfsweep.spec.Kind;

/** The registered problem kinds: the one list to extend when adding a kind. */
public final class Kinds {
  private static final List<ProblemKind> ALL = List.of(
      new SensingKind(),
      new CompletionKind(),
      new DiagonalKind(),
      new LeastSquaresKind());

  private Kinds() {}

  public static List<ProblemKind> all() {
    return ALL;
  }

  /** @throws IllegalArgumentException for a kind that is not registered */
  public static ProblemKind of(Kind kind) {
    for (ProblemKind k : ALL) {
      if (k.kind().equals(kind)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown kind '" + kind + "' (valid: " + names() + ")");
  }

  /** The kind spelled so in a sweep file. @throws IllegalArgumentException naming the valid spellings */
  public static ProblemKind parse(String name) {
    return of(new Kind(name));
  }

  /** "sensing | completion | …". */
  public static String names() {
    return ALL.stream().map(k -> k.kind().configName()).collect(Collectors.joining(" | "));
  }
}
