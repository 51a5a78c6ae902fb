package org.moelab.runtime;

import java.util.stream.Collectors;
import org.moelab.ast.TypeExpr;

/** Prints written types back as source. */
public final class TypeNames {
  private TypeNames() {}

  /** {@code tensor[B, S, 512]}. */
  public static String render(TypeExpr t) {
    if (t.args().isEmpty()) {
      return t.name();
    }
    return t.name() + t.args().stream().map(TypeNames::render).collect(Collectors.joining(", ", "[", "]"));
  }

  private static String render(TypeExpr.TypeArg a) {
    if (a instanceof TypeExpr.TypeArg.Dim d) {
      return d.isFixed() ? Long.toString(d.size()) : d.symbol();
    }
    if (a instanceof TypeExpr.TypeArg.Nested n) {
      return render(n.type());
    }
    return "...";
  }
}
