package org.moelab.ast;

import java.util.List;
import java.util.Optional;
import org.moelab.source.SourceSpan;

/** A statement: binds a name, defines a function, shows or evaluates an expression. */
public sealed interface Stmt extends Node {

  /** {@code let NAME (: TYPE)? = VALUE}. {@code nameSpan} covers just the name. */
  record Let(String name, SourceSpan nameSpan, Optional<TypeExpr> type, Expr value, SourceSpan span)
      implements Stmt {}

  /**
   * {@code def NAME(PARAMS) (: TYPE)? = EXPR} (body is an {@link Body.ExprBody}) or the block form
   * {@code def NAME(PARAMS) (: TYPE)? { STATEMENTS }} (a {@link Body.Block}).
   */
  record Def(
      String name,
      SourceSpan nameSpan,
      List<Param> params,
      Optional<TypeExpr> returnType,
      Body body,
      SourceSpan span)
      implements Stmt {
    public Def {
      params = List.copyOf(params);
    }
  }

  /**
   * A declaration of an expert system component: {@code KIND NAME([COUNT])? = VALUE}, or with
   * parameters, {@code KIND NAME(PARAMS) = VALUE}, which declares a constructor function.
   *
   * <p>{@code experts ffn[8] = swiglu(d, f)} evaluates {@code swiglu(d, f)} eight times (fresh
   * parameters each) and binds the list; {@code router gate = topk(...)} binds one router.
   *
   * @param count the {@code [N]} replication count, only for {@link DeclKind#EXPERTS}
   * @param params present for the parametric form, empty otherwise
   */
  record Decl(
      DeclKind kind,
      String name,
      SourceSpan nameSpan,
      Optional<Expr> count,
      Optional<List<Param>> params,
      Expr value,
      SourceSpan span)
      implements Stmt {}

  /** {@code show EXPR}: a rich display (a heatmap in a notebook, a table in a terminal). */
  record Show(Expr value, SourceSpan span) implements Stmt {}

  /** {@code return EXPR} inside a block body. */
  record Return(Expr value, SourceSpan span) implements Stmt {}

  /** An expression evaluated for its value or its effect, such as {@code print(x)}. */
  record ExprStmt(Expr value, SourceSpan span) implements Stmt {}

  /** The body of a function: one expression, or a block of statements. */
  sealed interface Body permits Body.ExprBody, Body.Block {
    /** The body's span. */
    SourceSpan span();

    /** {@code = EXPR}. */
    record ExprBody(Expr value, SourceSpan span) implements Body {}

    /** <code>{ STATEMENTS }</code>; its value is the first {@code return}, else the last expression statement. */
    record Block(List<Stmt> statements, SourceSpan span) implements Body {
      public Block {
        statements = List.copyOf(statements);
      }
    }
  }
}
