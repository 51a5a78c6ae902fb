package org.moelab.runtime;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.moelab.ast.Expr;
import org.moelab.ast.Stmt;
import org.moelab.ast.TypeExpr;

/**
 * A function defined in {@code .moe} ({@code def}, a parametric declaration, or {@code fn}): its
 * parameters with defaults evaluated at definition, its body, and the scope it closes over.
 *
 * @param name the name, or {@code <fn>} for a lambda
 * @param kind the declaration keyword ({@code def}, {@code router}, ...) for messages
 * @param params parameters in order
 * @param body the body
 * @param returnType the declared return type, if any
 * @param closure the defining scope
 */
public record UserFunction(
    String name,
    String kind,
    List<FunctionParam> params,
    Stmt.Body body,
    Optional<TypeExpr> returnType,
    Env closure)
    implements Callable {

  /**
   * A parameter: its name, declared type and default value (already evaluated).
   *
   * @param name the name
   * @param type the declared type, if any
   * @param defaultValue the default, if any
   */
  public record FunctionParam(String name, Optional<TypeExpr> type, Optional<Value> defaultValue) {}

  @Override
  public Value call(CallContext ctx, Args args) {
    return ctx.call(this, args);
  }

  /** A lambda's body as a block-less body. */
  public static Stmt.Body bodyOf(Expr expr) {
    return new Stmt.Body.ExprBody(expr, expr.span());
  }

  @Override
  public String signature() {
    return name + params.stream()
        .map(p -> p.name() + p.type().map(t -> ": " + TypeNames.render(t)).orElse("")
            + p.defaultValue().map(v -> " = " + Formatting.repr(v)).orElse(""))
        .collect(Collectors.joining(", ", "(", ")"))
        + returnType.map(t -> ": " + TypeNames.render(t)).orElse("");
  }

  @Override
  public String typeName() {
    return kind.equals("def") ? "function" : kind;
  }

  @Override
  public String toString() {
    return "<" + typeName() + " " + signature() + ">";
  }
}
