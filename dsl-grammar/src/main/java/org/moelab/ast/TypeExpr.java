package org.moelab.ast;

import java.util.List;
import org.moelab.source.SourceSpan;

/**
 * A written type: {@code int}, {@code float}, {@code str}, {@code bool}, {@code tensor}, {@code
 * tensor[B, S, 512]}, {@code list[expert]}, {@code lora[E]}, ...
 *
 * @param name the type's name
 * @param args bracketed arguments: dimensions for tensors (names, integers, {@code ...}), element
 *     types for containers
 */
public record TypeExpr(String name, List<TypeArg> args, SourceSpan span) implements Node {
  public TypeExpr {
    args = List.copyOf(args);
  }

  /** One bracketed argument of a type. */
  public sealed interface TypeArg permits TypeArg.Dim, TypeArg.Ellipsis, TypeArg.Nested {
    /** Where it was written. */
    SourceSpan span();

    /** A dimension: a symbolic name such as {@code B} or a fixed size such as {@code 512}. */
    record Dim(String symbol, long size, SourceSpan span) implements TypeArg {
      /** True for a fixed size, false for a symbol. */
      public boolean isFixed() {
        return symbol == null;
      }
    }

    /** {@code ...}: any number of leading dimensions. */
    record Ellipsis(SourceSpan span) implements TypeArg {}

    /** A nested type, such as {@code expert} in {@code list[expert]}. */
    record Nested(TypeExpr type, SourceSpan span) implements TypeArg {}
  }
}
