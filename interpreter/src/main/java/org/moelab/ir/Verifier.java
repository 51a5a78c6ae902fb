package org.moelab.ir;

import java.util.ArrayList;
import java.util.List;
import org.moelab.tensor.DType;
import org.moelab.tensor.Shape;
import org.moelab.types.ShapeError;
import org.moelab.types.ShapeRules;
import org.moelab.types.SymShape;

/**
 * Checks that every node of a graph is well formed: arity, attributes, input dtypes, and that the
 * stored output shape and dtype are what the op's rule gives. Run in tests over every graph the
 * test programs build; an empty list means the graph is valid.
 */
public final class Verifier {
  private Verifier() {}

  /** Problems found in the graph computing {@code roots}, one sentence each. */
  public static List<String> verify(List<Node> roots) {
    return verifyNodes(GraphDump.topological(roots));
  }

  /** Problems found in exactly these nodes (their inputs are not visited). */
  public static List<String> verifyNodes(List<Node> nodes) {
    List<String> problems = new ArrayList<>();
    for (Node n : nodes) {
      try {
        String p = check(n);
        if (p != null) {
          problems.add(n + ": " + p);
        }
      } catch (ShapeError | IllegalStateException | IllegalArgumentException | ClassCastException e) {
        problems.add(n + ": " + e.getMessage());
      }
    }
    return problems;
  }

  private static SymShape sym(Node n) {
    return SymShape.of(n.shape());
  }

  private static String expectShape(Node n, SymShape expected) {
    return expected.toShape().equals(n.shape()) ? null : "shape should be " + expected + " by its rule";
  }

  private static String check(Node n) {
    if (n.op().arity() >= 0 && n.inputs().size() != n.op().arity()) {
      return "has " + n.inputs().size() + " inputs, needs " + n.op().arity();
    }
    return switch (n.op().family()) {
      case SOURCE, RANDOM -> source(n);
      case UNARY -> n.input(0).shape().equals(n.shape()) ? unaryType(n) : "shape differs from its input";
      case BINARY -> binary(n);
      case TERNARY -> ternary(n);
      case REDUCE -> reduce(n);
      case MATMUL -> matmul(n);
      case MOVEMENT -> movement(n);
      case INDEX -> index(n);
      case SORT -> sort(n);
    };
  }

  private static String source(Node n) {
    return switch (n.op()) {
      case CONSTANT -> n.attrs().getConstant("value").value().shape().equals(n.shape())
          && n.attrs().getConstant("value").value().dtype() == n.dtype() ? null : "constant payload differs from the node type";
      case FULL -> n.attrs().has("value") ? null : "missing attribute value";
      case ARANGE -> n.shape().rank() == 1 ? null : "arange must be 1-D";
      case RANDOM_NORMAL -> n.attrs().has("seed") && n.attrs().has("std") ? null : "missing seed or std";
      default -> n.attrs().has("seed") && n.attrs().has("low") ? null : "missing seed or bounds";
    };
  }

  private static String unaryType(Node n) {
    if (n.op() == Op.NOT) {
      return n.dtype() == DType.BOOL ? null : "not must give bool";
    }
    if (n.op() == Op.CAST) {
      return null;
    }
    return n.input(0).dtype() == n.dtype() ? null : "dtype differs from its input";
  }

  private static String binary(Node n) {
    if (n.input(0).dtype() != n.input(1).dtype()) {
      return "inputs have different dtypes " + n.input(0).dtype() + " and " + n.input(1).dtype();
    }
    boolean bool = switch (n.op()) {
      case EQ, NE, LT, LE, GT, GE, AND, OR -> true;
      default -> false;
    };
    DType expected = bool ? DType.BOOL : n.input(0).dtype();
    if (expected != n.dtype()) {
      return "dtype should be " + expected;
    }
    return expectShape(n, ShapeRules.broadcast(sym(n.input(0)), sym(n.input(1))));
  }

  private static String ternary(Node n) {
    if (n.input(0).dtype() != DType.BOOL) {
      return "condition must be bool";
    }
    SymShape s = ShapeRules.broadcast(ShapeRules.broadcast(sym(n.input(0)), sym(n.input(1))), sym(n.input(2)));
    return expectShape(n, s);
  }

  private static String reduce(Node n) {
    Node x = n.input(0);
    return switch (n.op()) {
      case CUMSUM -> x.shape().equals(n.shape()) ? null : "cumsum keeps the shape";
      case ARGMAX -> n.dtype() == DType.I64 ? expectShape(n, ShapeRules.reduce(sym(x),
          new int[] {n.attrs().getInt("axis")}, n.attrs().getBool("keepdims"))) : "argmax gives i64";
      default -> expectShape(n, ShapeRules.reduce(sym(x), n.attrs().getInts("axes"), n.attrs().getBool("keepdims")));
    };
  }

  private static String matmul(Node n) {
    if (n.op() == Op.MATMUL) {
      return expectShape(n, ShapeRules.matmul(sym(n.input(0)), sym(n.input(1))));
    }
    if (n.op() == Op.SEGMENT_OUTER) {
      return segmentOuter(n);
    }
    Shape x = n.input(0).shape();
    Shape w = n.input(1).shape();
    Shape offsets = n.input(2).shape();
    if (x.rank() != 2 || w.rank() != 3 || x.dim(1) != w.dim(1)) {
      return "segment matmul needs x [N, a] and w [G, a, b]";
    }
    if (offsets.rank() != 1 || offsets.dim(0) != w.dim(0) + 1 || n.input(2).dtype() != DType.I64) {
      return "offsets must be i64 [G + 1]";
    }
    return n.shape().equals(Shape.of(x.dim(0), w.dim(2))) ? null : "output must be [N, b]";
  }

  private static String segmentOuter(Node n) {
    Shape x = n.input(0).shape();
    Shape dy = n.input(1).shape();
    Shape offsets = n.input(2).shape();
    if (x.rank() != 2 || dy.rank() != 2 || x.dim(0) != dy.dim(0)) {
      return "segment outer needs x [N, a] and dy [N, b]";
    }
    if (n.input(0).dtype() != n.input(1).dtype() || n.input(0).dtype() != n.dtype()) {
      return "segment outer inputs and output must share one dtype";
    }
    if (offsets.rank() != 1 || offsets.dim(0) < 1 || n.input(2).dtype() != DType.I64) {
      return "offsets must be i64 [G + 1]";
    }
    return n.shape().equals(Shape.of(offsets.dim(0) - 1, x.dim(1), dy.dim(1))) ? null : "output must be [G, a, b]";
  }

  private static String movement(Node n) {
    Node x = n.input(0);
    return switch (n.op()) {
      case RESHAPE -> x.shape().size() == n.shape().size() ? null : "reshape changes the element count";
      case PERMUTE -> expectShape(n, ShapeRules.permute(sym(x), n.attrs().getInts("axes")));
      case EXPAND -> expectShape(n, ShapeRules.broadcast(sym(x), sym(n)));
      case SLICE -> slice(n);
      default -> expectShape(n, ShapeRules.concat(n.inputs().stream().map(Verifier::sym).toList(), n.attrs().getInt("axis")));
    };
  }

  private static String slice(Node n) {
    long[] starts = n.attrs().getLongs("starts");
    long[] stops = n.attrs().getLongs("stops");
    long[] steps = n.attrs().getLongs("steps");
    Shape in = n.input(0).shape();
    if (starts.length != in.rank()) {
      return "slice needs one range per axis";
    }
    for (int i = 0; i < starts.length; i++) {
      if (steps[i] < 1 || starts[i] < 0 || stops[i] > in.dim(i) || starts[i] > stops[i]) {
        return "slice range " + i + " is out of bounds";
      }
      if (n.shape().dim(i) != (stops[i] - starts[i] + steps[i] - 1) / steps[i]) {
        return "slice output dimension " + i + " is wrong";
      }
    }
    return null;
  }

  private static String index(Node n) {
    return switch (n.op()) {
      case GATHER -> n.input(1).dtype() == DType.I64 && n.input(1).shape().equals(n.shape()) ? null : "gather index must be i64 of the output shape";
      case INDEX_SELECT -> n.input(1).dtype() == DType.I64 && n.input(1).shape().rank() == 1 ? null : "index must be 1-D i64";
      case INDEX_ADD -> n.input(0).shape().equals(n.shape()) && n.input(1).shape().rank() == 1 ? null : "index_add keeps the base shape";
      case BINCOUNT -> n.shape().equals(Shape.of(n.attrs().getLong("length"))) ? null : "bincount output is [length]";
      default -> n.shape().dim(-1) == n.attrs().getLong("depth") ? null : "one_hot adds an axis of size depth";
    };
  }

  private static String sort(Node n) {
    if (n.dtype() != DType.I64) {
      return "sort ops give i64 indices";
    }
    if (n.op() == Op.ARGSORT) {
      return n.shape().equals(n.input(0).shape()) ? null : "argsort keeps the shape";
    }
    return n.shape().dim(-1) == n.attrs().getLong("k") ? null : "top-k output ends in k";
  }
}
