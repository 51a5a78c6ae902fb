package org.moelab.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.moelab.ast.BinaryOp;
import org.moelab.ast.Expr;
import org.moelab.ir.Op;
import org.moelab.runtime.Value.BoolValue;
import org.moelab.runtime.Value.FloatValue;
import org.moelab.runtime.Value.IntValue;
import org.moelab.runtime.Value.ListValue;
import org.moelab.runtime.Value.StrValue;
import org.moelab.source.SourceSpan;

/** Unary and binary operators on numbers, strings, lists, tensors and callables. */
final class Operators {
  private final CallContext ctx;

  Operators(CallContext ctx) {
    this.ctx = ctx;
  }

  /** The truth of a condition; only bools (and scalar bool tensors while running) qualify. */
  static boolean truth(CallContext ctx, Value v, SourceSpan span) {
    if (v instanceof BoolValue b) {
      return b.value();
    }
    throw ctx.error("E0104", "A condition must be a bool, got " + v.typeName() + ".", span);
  }

  Value unary(Expr.Unary u, Value v) {
    if (v instanceof UnknownValue) {
      return v;
    }
    return switch (u.op()) {
      case NOT -> v instanceof TensorValue t ? ctx.ops().unary(Op.NOT, t) : new BoolValue(!truth(ctx, v, u.operand().span()));
      case PLUS -> numeric(v, u) ;
      case NEG -> negate(v, u);
    };
  }

  private Value negate(Value v, Expr.Unary u) {
    if (v instanceof IntValue i) {
      return new IntValue(-i.value());
    } else if (v instanceof FloatValue f) {
      return new FloatValue(-f.value());
    } else if (v instanceof TensorValue t) {
      return ctx.ops().unary(Op.NEG, t);
    }
    throw bad(u.op().symbol(), v, u.span());
  }

  private Value numeric(Value v, Expr.Unary u) {
    if (v instanceof IntValue || v instanceof FloatValue || v instanceof TensorValue) {
      return v;
    }
    throw bad(u.op().symbol(), v, u.span());
  }

  Value logical(Expr.Binary b, Value left, Supplier<Value> right) {
    if (left instanceof TensorValue l) {
      Value r = right.get();
      return ctx.ops().binary(b.op() == BinaryOp.AND ? Op.AND : Op.OR, l, ctx.toTensor(r, b.right().span()));
    }
    if (left instanceof UnknownValue) {
      right.get();
      return new UnknownValue(UnknownValue.Kind.BOOL);
    }
    boolean l = truth(ctx, left, b.left().span());
    if (b.op() == BinaryOp.AND ? !l : l) {
      return new BoolValue(l);
    }
    Value r = right.get();
    return r instanceof UnknownValue ? r : new BoolValue(truth(ctx, r, b.right().span()));
  }

  Value binary(Expr.Binary b, Value left, Value right) {
    if (left instanceof UnknownValue || right instanceof UnknownValue) {
      return unknownResult(b.op(), left, right);
    }
    if (b.op() == BinaryOp.COMPOSE) {
      return compose(b, left, right);
    }
    if (left instanceof TensorValue || right instanceof TensorValue || isTensorOnly(b.op()) && isNumeric(left, right)) {
      return tensor(b, left, right);
    }
    if (isNumber(left) && isNumber(right)) {
      return ScalarMath.apply(ctx, b, left, right);
    }
    if (b.op() == BinaryOp.EQ || b.op() == BinaryOp.NE) {
      boolean eq = left.equals(right);
      return new BoolValue(b.op() == BinaryOp.EQ ? eq : !eq);
    }
    if (left instanceof StrValue l && right instanceof StrValue r) {
      return strings(b, l.value(), r.value());
    }
    if (left instanceof ListValue l && right instanceof ListValue r && b.op() == BinaryOp.ADD) {
      List<Value> all = new ArrayList<>(l.elements());
      all.addAll(r.elements());
      return new ListValue(all);
    }
    if (left instanceof ListValue l && right instanceof IntValue n && b.op() == BinaryOp.MUL) {
      List<Value> all = new ArrayList<>();
      for (long i = 0; i < n.value(); i++) {
        all.addAll(l.elements());
      }
      return new ListValue(all);
    }
    throw bad2(b, left, right);
  }

  private Value unknownResult(BinaryOp op, Value left, Value right) {
    if (left instanceof TensorValue t) {
      return TensorOps.abstractTensor(org.moelab.types.SymShape.unknownRank(), t.dtype());
    }
    if (right instanceof TensorValue t) {
      return TensorOps.abstractTensor(org.moelab.types.SymShape.unknownRank(), t.dtype());
    }
    return switch (op) {
      case EQ, NE, LT, LE, GT, GE -> new UnknownValue(UnknownValue.Kind.BOOL);
      default -> UnknownValue.ANY;
    };
  }

  /** Operators that lists of numbers only support as tensors (+ and * keep their list meaning). */
  private static boolean isTensorOnly(BinaryOp op) {
    return op == BinaryOp.MATMUL || op == BinaryOp.SUB || op == BinaryOp.DIV || op == BinaryOp.POW;
  }

  private static boolean isNumeric(Value left, Value right) {
    return (left instanceof ListValue || isNumber(left)) && (right instanceof ListValue || isNumber(right))
        && (left instanceof ListValue || right instanceof ListValue);
  }

  private static boolean isNumber(Value v) {
    return v instanceof IntValue || v instanceof FloatValue || v instanceof BoolValue;
  }

  private Value compose(Expr.Binary b, Value left, Value right) {
    if (!(left instanceof Callable f)) {
      throw ctx.error("E0108", "The left side of '>>' must be callable, got " + left.typeName() + ".", b.left().span());
    }
    if (!(right instanceof Callable g)) {
      throw ctx.error("E0108", "The right side of '>>' must be callable, got " + right.typeName() + ".", b.right().span());
    }
    return new ComposedFunction(f, g);
  }

  private Value strings(Expr.Binary b, String l, String r) {
    int c = l.compareTo(r);
    return switch (b.op()) {
      case ADD -> new StrValue(l + r);
      case LT -> new BoolValue(c < 0);
      case LE -> new BoolValue(c <= 0);
      case GT -> new BoolValue(c > 0);
      case GE -> new BoolValue(c >= 0);
      default -> throw bad2(b, new StrValue(l), new StrValue(r));
    };
  }

  private Value tensor(Expr.Binary b, Value left, Value right) {
    Op op = switch (b.op()) {
      case ADD -> Op.ADD;
      case SUB -> Op.SUB;
      case MUL -> Op.MUL;
      case DIV -> Op.DIV;
      case POW -> Op.POW;
      case EQ -> Op.EQ;
      case NE -> Op.NE;
      case LT -> Op.LT;
      case LE -> Op.LE;
      case GT -> Op.GT;
      case GE -> Op.GE;
      case MATMUL -> Op.MATMUL;
      default -> throw bad2(b, left, right);
    };
    if (op == Op.MATMUL) {
      return ctx.ops().matmul(ctx.toTensor(left, b.left().span()), ctx.toTensor(right, b.right().span()));
    }
    if (left instanceof TensorValue l && isNumber(right)) {
      return ctx.ops().binaryScalar(op, l, ScalarMath.asDouble(right), right instanceof FloatValue, false);
    }
    if (right instanceof TensorValue r && isNumber(left)) {
      return ctx.ops().binaryScalar(op, r, ScalarMath.asDouble(left), left instanceof FloatValue, true);
    }
    return ctx.ops().binary(op, ctx.toTensor(left, b.left().span()), ctx.toTensor(right, b.right().span()));
  }

  private EvalError bad(String op, Value v, SourceSpan span) {
    return ctx.error("E0108", "Operator '" + op + "' does not apply to a " + v.typeName() + ".", span);
  }

  private EvalError bad2(Expr.Binary b, Value l, Value r) {
    return ctx.error("E0108", "Operator '" + b.op().symbol() + "' does not apply to " + l.typeName()
        + " and " + r.typeName() + ".", b.opSpan());
  }
}
