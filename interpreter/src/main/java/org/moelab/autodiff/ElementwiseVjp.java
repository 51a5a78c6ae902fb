package org.moelab.autodiff;

import static org.moelab.autodiff.GradBuilder.tv;

import java.util.Arrays;
import java.util.List;
import org.moelab.ir.Node;
import org.moelab.ir.Op;
import org.moelab.runtime.TensorValue;

/**
 * Backward rules (vector-Jacobian products) of the elementwise ops: unary, binary and where. Each
 * rule gets the forward node and the gradient {@code g} of its output and returns one gradient per
 * input (null where the input gets none). Broadcast operands get their gradient summed back.
 */
final class ElementwiseVjp {
  private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2 * Math.PI);

  private final GradBuilder b;

  ElementwiseVjp(GradBuilder b) {
    this.b = b;
  }

  /** d/dx of a unary op: one entry. */
  List<TensorValue> unary(Node node, TensorValue g) {
    return Arrays.asList(unaryGrad(node, g));
  }

  private TensorValue unaryGrad(Node node, TensorValue g) {
    TensorValue x = tv(node.input(0));
    TensorValue y = tv(node);
    return switch (node.op()) {
      case NEG -> b.neg(g);                                            // d(-x) = -1
      case ABS -> b.mul(g, b.unary(Op.SIGN, x));                        // d|x| = sign(x), 0 at 0
      case EXP -> b.mul(g, y);                                          // d e^x = e^x
      case LOG -> b.div(g, x);                                          // d ln x = 1/x
      case SQRT -> b.div(g, b.mulScalar(y, 2));                         // d √x = 1/(2√x)
      case SIN -> b.mul(g, b.unary(Op.COS, x));                         // d sin = cos
      case COS -> b.neg(b.mul(g, b.unary(Op.SIN, x)));                  // d cos = -sin
      case TANH -> b.mul(g, b.sub(b.scalar(1, y.dtype()), b.mul(y, y))); // 1 - tanh²
      case SIGMOID -> b.mul(g, b.mul(y, b.sub(b.scalar(1, y.dtype()), y))); // σ(1-σ)
      case RELU -> b.keepWhere(b.cmp(Op.GT, y, b.scalar(0, y.dtype())), g); // torch: result > 0
      case SILU -> b.mul(g, siluSlope(x));
      case GELU -> b.mul(g, geluSlope(x, y));
      case CAST -> castGrad(node, g);
      default -> null;                                                  // SIGN, NOT: piecewise constant
    };
  }

  /** d/dx x·σ(x) = σ(x)·(1 + x·(1 − σ(x))). */
  private TensorValue siluSlope(TensorValue x) {
    TensorValue s = b.unary(Op.SIGMOID, x);
    TensorValue one = b.scalar(1, x.dtype());
    return b.mul(s, b.add(one, b.mul(x, b.sub(one, s))));
  }

  /**
   * d/dx x·Φ(x) = Φ(x) + x·φ(x). The IR has no erf, so Φ(x) is recovered from the forward value as
   * gelu(x)/x (exact up to rounding), and as 1/2 at x = 0.
   */
  private TensorValue geluSlope(TensorValue x, TensorValue y) {
    TensorValue zero = b.scalar(0, x.dtype());
    TensorValue cdf = b.ops().where(b.cmp(Op.EQ, x, zero), b.scalar(0.5, x.dtype()), b.div(y, x));
    TensorValue pdf = b.mulScalar(b.unary(Op.EXP, b.mulScalar(b.mul(x, x), -0.5)), INV_SQRT_2PI);
    return b.add(cdf, b.mul(x, pdf));
  }

  private TensorValue castGrad(Node node, TensorValue g) {
    boolean floatToFloat = node.dtype().isFloating() && node.input(0).dtype().isFloating();
    return floatToFloat ? b.ops().cast(g, node.input(0).dtype()) : null;
  }

  /** d/da and d/db of a binary op. */
  List<TensorValue> binary(Node node, TensorValue g) {
    TensorValue x = tv(node.input(0));
    TensorValue z = tv(node.input(1));
    TensorValue y = tv(node);
    TensorValue ga;
    TensorValue gb;
    switch (node.op()) {
      case ADD: ga = g; gb = g; break;                                        // d(a+b) = (1, 1)
      case SUB: ga = g; gb = b.neg(g); break;                                 // d(a-b) = (1, -1)
      case MUL: ga = b.mul(g, z); gb = b.mul(g, x); break;                    // d(ab) = (b, a)
      case DIV: ga = b.div(g, z); gb = b.neg(b.div(b.mul(g, y), z)); break;   // d(a/b) = (1/b, -a/b²)
      case POW: ga = powBase(g, x, z); gb = powExponent(g, x, y); break;
      case MAXIMUM: ga = pick(g, x, z, Op.GT); gb = pick(g, z, x, Op.GT); break;
      case MINIMUM: ga = pick(g, x, z, Op.LT); gb = pick(g, z, x, Op.LT); break;
      default: return Arrays.asList(null, null);                             // comparisons, logic
    }
    return Arrays.asList(b.unbroadcast(ga, x.node().shape()), b.unbroadcast(gb, z.node().shape()));
  }

  /** d/da a^b = b·a^(b−1). */
  private TensorValue powBase(TensorValue g, TensorValue x, TensorValue z) {
    TensorValue bMinus1 = b.sub(z, b.scalar(1, z.dtype()));
    return b.mul(g, b.mul(z, b.ops().binary(Op.POW, x, bMinus1)));
  }

  /** d/db a^b = a^b·ln a, taken as 0 where a = 0 (as PyTorch does). */
  private TensorValue powExponent(TensorValue g, TensorValue x, TensorValue y) {
    TensorValue zero = b.scalar(0, x.dtype());
    TensorValue slope = b.ops().where(b.cmp(Op.EQ, x, zero), zero, b.mul(y, b.unary(Op.LOG, x)));
    return b.mul(g, slope);
  }

  /**
   * The share of {@code g} that goes to {@code self} in maximum/minimum: all of it where self wins
   * ({@code winOp}), half on ties (PyTorch's rule), none where it loses.
   */
  private TensorValue pick(TensorValue g, TensorValue self, TensorValue other, Op winOp) {
    TensorValue tie = b.keepWhere(b.cmp(Op.EQ, self, other), b.mulScalar(g, 0.5));
    return b.ops().where(b.cmp(winOp, self, other), g, tie);
  }

  /** where(c, a, b): the gradient goes to a where c holds, to b elsewhere; c gets none. */
  List<TensorValue> where(Node node, TensorValue g) {
    TensorValue cond = tv(node.input(0));
    TensorValue zero = b.scalar(0, g.dtype());
    TensorValue ga = b.ops().where(cond, g, zero);
    TensorValue gb = b.ops().where(cond, zero, g);
    return Arrays.asList(null, b.unbroadcast(ga, node.input(1).shape()), b.unbroadcast(gb, node.input(2).shape()));
  }
}
