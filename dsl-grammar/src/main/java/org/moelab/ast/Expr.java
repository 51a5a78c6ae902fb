package org.moelab.ast;

import java.util.List;
import java.util.Optional;
import org.moelab.source.SourceSpan;

/** An expression. */
public sealed interface Expr extends Node {

  /** An integer literal such as {@code 42}. */
  record IntLit(long value, SourceSpan span) implements Expr {}

  /** A floating-point literal such as {@code 1.5} or {@code 1e-3}. */
  record FloatLit(double value, SourceSpan span) implements Expr {}

  /** A string literal with escapes already decoded. */
  record StringLit(String value, SourceSpan span) implements Expr {}

  /** {@code true} or {@code false}. */
  record BoolLit(boolean value, SourceSpan span) implements Expr {}

  /** {@code none}. */
  record NoneLit(SourceSpan span) implements Expr {}

  /** A reference to a name in scope. */
  record Name(String name, SourceSpan span) implements Expr {}

  /** {@code [a, b, c]}; a nested list of numbers is a tensor literal. */
  record ListLit(List<Expr> elements, SourceSpan span) implements Expr {
    public ListLit {
      elements = List.copyOf(elements);
    }
  }

  /** <code>{"k": v, ...}</code>. */
  record DictLit(List<DictEntry> entries, SourceSpan span) implements Expr {
    public DictLit {
      entries = List.copyOf(entries);
    }
  }

  /** {@code callee(args)} with positional arguments before keyword arguments. */
  record Call(Expr callee, List<Arg> args, SourceSpan span) implements Expr {
    public Call {
      args = List.copyOf(args);
    }
  }

  /** {@code target[items]}: map lookup, list index, or tensor indexing and slicing. */
  record Index(Expr target, List<IndexItem> items, SourceSpan span) implements Expr {
    public Index {
      items = List.copyOf(items);
    }
  }

  /** {@code target.name}. {@code nameSpan} covers just the name. */
  record Attribute(Expr target, String name, SourceSpan nameSpan, SourceSpan span) implements Expr {}

  /** A prefix operator applied to one operand. */
  record Unary(UnaryOp op, Expr operand, SourceSpan span) implements Expr {}

  /** An infix operator; {@code opSpan} covers just the operator token. */
  record Binary(BinaryOp op, Expr left, Expr right, SourceSpan opSpan, SourceSpan span)
      implements Expr {}

  /**
   * {@code value |> stage}: calls {@code stage} with {@code value} as first argument. When
   * {@code stage} is a call {@code f(a, k = 1)} it means {@code f(value, a, k = 1)}.
   */
  record Pipe(Expr value, Expr stage, SourceSpan span) implements Expr {}

  /** {@code [element for variable in iterable if condition]}. */
  record Comprehension(
      Expr element,
      String variable,
      SourceSpan variableSpan,
      Expr iterable,
      Optional<Expr> condition,
      SourceSpan span)
      implements Expr {}

  /** {@code if condition then whenTrue else whenFalse}. */
  record Conditional(Expr condition, Expr whenTrue, Expr whenFalse, SourceSpan span)
      implements Expr {}

  /** {@code fn(params) => body}: an anonymous one-expression function. */
  record Lambda(List<Param> params, Expr body, SourceSpan span) implements Expr {
    public Lambda {
      params = List.copyOf(params);
    }
  }
}
