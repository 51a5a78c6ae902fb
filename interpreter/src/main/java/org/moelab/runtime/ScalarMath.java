package org.moelab.runtime;

import org.moelab.ast.Expr;
import org.moelab.runtime.Value.BoolValue;
import org.moelab.runtime.Value.FloatValue;
import org.moelab.runtime.Value.IntValue;

/** Arithmetic and comparison on int, float and bool scalars (ints stay ints where exact). */
final class ScalarMath {
  private ScalarMath() {}

  static double asDouble(Value v) {
    if (v instanceof IntValue i) {
      return i.value();
    } else if (v instanceof FloatValue f) {
      return f.value();
    } else if (v instanceof BoolValue b) {
      return b.value() ? 1 : 0;
    }
    throw new IllegalArgumentException(v.typeName());
  }

  static Value apply(CallContext ctx, Expr.Binary b, Value left, Value right) {
    boolean ints = left instanceof IntValue && right instanceof IntValue;
    double x = asDouble(left);
    double y = asDouble(right);
    return switch (b.op()) {
      case ADD -> ints ? new IntValue(Math.addExact(((IntValue) left).value(), ((IntValue) right).value())) : new FloatValue(x + y);
      case SUB -> ints ? new IntValue(Math.subtractExact(((IntValue) left).value(), ((IntValue) right).value())) : new FloatValue(x - y);
      case MUL -> ints ? new IntValue(Math.multiplyExact(((IntValue) left).value(), ((IntValue) right).value())) : new FloatValue(x * y);
      case DIV -> {
        if (ints && y == 0) {
          throw ctx.error("E0111", "Division by zero.", b.span());
        }
        yield new FloatValue(x / y);
      }
      case MOD -> {
        if (ints) {
          long r = ((IntValue) right).value();
          if (r == 0) {
            throw ctx.error("E0111", "Modulo by zero.", b.span());
          }
          yield new IntValue(Math.floorMod(((IntValue) left).value(), r));
        }
        yield new FloatValue(x - Math.floor(x / y) * y);
      }
      case POW -> ints && y >= 0 ? new IntValue(pow(((IntValue) left).value(), ((IntValue) right).value())) : new FloatValue(Math.pow(x, y));
      case EQ -> new BoolValue(x == y);
      case NE -> new BoolValue(x != y);
      case LT -> new BoolValue(x < y);
      case LE -> new BoolValue(x <= y);
      case GT -> new BoolValue(x > y);
      case GE -> new BoolValue(x >= y);
      default -> throw ctx.error("E0108", "Operator '" + b.op().symbol() + "' does not apply to numbers.", b.opSpan());
    };
  }

  private static long pow(long base, long exp) {
    long result = 1;
    for (long i = 0; i < exp; i++) {
      result = Math.multiplyExact(result, base);
    }
    return result;
  }
}
