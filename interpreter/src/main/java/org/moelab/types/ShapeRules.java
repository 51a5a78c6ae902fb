package org.moelab.types;

import java.util.ArrayList;
import java.util.List;

/**
 * The shape rule of every tensor operation, on symbolic shapes. The same rules serve the checker
 * (symbols, unknown dimensions) and graph building (all dimensions fixed); each failure is a {@link
 * ShapeError} whose message names both shapes.
 */
public final class ShapeRules {
  private ShapeRules() {}

  /** numpy broadcasting of two shapes. */
  public static SymShape broadcast(SymShape a, SymShape b) {
    if (!a.hasRank() || !b.hasRank()) {
      return SymShape.unknownRank();
    }
    int rank = Math.max(a.rank(), b.rank());
    List<Dim> out = new ArrayList<>(rank);
    for (int i = 0; i < rank; i++) {
      Dim x = i < rank - a.rank() ? Dim.of(1) : a.dim(i - (rank - a.rank()));
      Dim y = i < rank - b.rank() ? Dim.of(1) : b.dim(i - (rank - b.rank()));
      out.add(broadcastDim(x, y, a, b));
    }
    return SymShape.of(out);
  }

  private static Dim broadcastDim(Dim x, Dim y, SymShape a, SymShape b) {
    if (x.is(1)) {
      return y;
    }
    if (y.is(1)) {
      return x;
    }
    Dim unified = Dim.unify(x, y);
    if (unified == null) {
      throw new ShapeError(
          "Shapes " + a + " and " + b + " do not broadcast: dimension " + x + " does not match " + y + ".",
          "Broadcasting needs equal dimensions or 1, aligned from the right; reshape one operand.");
    }
    return unified;
  }

  /** numpy {@code matmul} of two tensors of rank at least 2. */
  public static SymShape matmul(SymShape a, SymShape b) {
    if (!a.hasRank() || !b.hasRank()) {
      return SymShape.unknownRank();
    }
    if (a.rank() < 2 || b.rank() < 2) {
      throw new ShapeError("Matrix product needs two tensors of rank at least 2, got " + a + " @ " + b + ".");
    }
    Dim inner = Dim.unify(a.dim(-1), b.dim(-2));
    if (inner == null) {
      throw new ShapeError(
          "Matrix product " + a + " @ " + b + ": inner dimensions " + a.dim(-1) + " and " + b.dim(-2)
              + " differ.",
          "The last dimension of the left operand must equal the second-to-last of the right; transpose one with .T.");
    }
    SymShape batch = broadcast(a.sub(0, a.rank() - 2), b.sub(0, b.rank() - 2));
    return batch.concat(SymShape.of(List.of(a.dim(-2), b.dim(-1))));
  }

  /** Normalises {@code axis} (negative counts from the end) against {@code rank}. */
  public static int axis(int axis, int rank, SymShape shape) {
    int a = axis < 0 ? axis + rank : axis;
    if (a < 0 || a >= rank) {
      throw new ShapeError("Axis " + axis + " is out of range for a tensor of shape " + shape + ".",
          "Use an axis between " + (-rank) + " and " + (rank - 1) + ".");
    }
    return a;
  }

  /** Reduction over {@code axes} (normalised), keeping them as 1 when {@code keepdims}. */
  public static SymShape reduce(SymShape s, int[] axes, boolean keepdims) {
    if (!s.hasRank()) {
      return s;
    }
    List<Dim> out = new ArrayList<>();
    for (int i = 0; i < s.rank(); i++) {
      boolean reduced = contains(axes, i);
      if (!reduced) {
        out.add(s.dim(i));
      } else if (keepdims) {
        out.add(Dim.of(1));
      }
    }
    return SymShape.of(out);
  }

  /**
   * Reshape to {@code target}, where at most one entry may be -1 (inferred). Fails when the sizes
   * provably differ.
   */
  public static SymShape reshape(SymShape s, List<Dim> target) {
    int inferred = -1;
    Dim known = Dim.of(1);
    for (int i = 0; i < target.size(); i++) {
      if (target.get(i).is(-1)) {
        if (inferred >= 0) {
          throw new ShapeError("Reshape target " + target + " has more than one -1.");
        }
        inferred = i;
      } else {
        known = Dim.times(known, target.get(i));
      }
    }
    Dim total = s.numel();
    List<Dim> out = new ArrayList<>(target);
    if (inferred >= 0) {
      out.set(inferred, divide(total, known, s, target));
      return SymShape.of(out);
    }
    if (Dim.unify(total, known) == null) {
      throw new ShapeError("Cannot reshape " + s + " (" + total + " elements) to " + target + " (" + known + " elements).");
    }
    return SymShape.of(out);
  }

  private static Dim divide(Dim total, Dim known, SymShape s, List<Dim> target) {
    if (total instanceof Dim.Fixed t && known instanceof Dim.Fixed k) {
      if (k.size() == 0 || t.size() % k.size() != 0) {
        throw new ShapeError("Cannot reshape " + s + " (" + t.size() + " elements) to " + target + ".");
      }
      return Dim.of(t.size() / k.size());
    }
    if (known.is(1)) {
      return total;
    }
    String t = total.toString();
    String k = known.toString();
    if (t.startsWith(k + "*")) {
      return Dim.sym(t.substring(k.length() + 1));
    }
    if (t.endsWith("*" + k)) {
      return Dim.sym(t.substring(0, t.length() - k.length() - 1));
    }
    return Dim.any();
  }

  /** Transpose by a permutation of the axes. */
  public static SymShape permute(SymShape s, int[] axes) {
    if (!s.hasRank()) {
      return s;
    }
    if (axes.length != s.rank()) {
      throw new ShapeError("Permutation of " + axes.length + " axes given for a tensor of rank " + s.rank() + " " + s + ".");
    }
    boolean[] seen = new boolean[axes.length];
    List<Dim> out = new ArrayList<>();
    for (int a : axes) {
      int n = axis(a, s.rank(), s);
      if (seen[n]) {
        throw new ShapeError("Axis " + a + " appears twice in the permutation.");
      }
      seen[n] = true;
      out.add(s.dim(n));
    }
    return SymShape.of(out);
  }

  /** Concatenation along {@code axis}: other dimensions must agree. */
  public static SymShape concat(List<SymShape> parts, int axis) {
    SymShape first = parts.get(0);
    if (!first.hasRank()) {
      return first;
    }
    Dim along = Dim.of(0);
    List<Dim> out = new ArrayList<>(first.dims());
    for (SymShape p : parts) {
      if (!p.hasRank() || p.rank() != first.rank()) {
        throw new ShapeError("Cannot concatenate tensors of shapes " + first + " and " + p + ": ranks differ.");
      }
      for (int i = 0; i < p.rank(); i++) {
        if (i == axis) {
          continue;
        }
        Dim u = Dim.unify(out.get(i), p.dim(i));
        if (u == null) {
          throw new ShapeError("Cannot concatenate " + first + " and " + p + " along axis " + axis
              + ": dimension " + i + " differs (" + out.get(i) + " vs " + p.dim(i) + ").");
        }
        out.set(i, u);
      }
      along = plus(along, p.dim(axis));
    }
    out.set(axis, along);
    return SymShape.of(out);
  }

  /** Sum of two dimensions. */
  public static Dim plus(Dim a, Dim b) {
    if (a.is(0)) {
      return b;
    }
    if (b.is(0)) {
      return a;
    }
    if (a instanceof Dim.Fixed x && b instanceof Dim.Fixed y) {
      return Dim.of(x.size() + y.size());
    }
    if (a instanceof Dim.Any || b instanceof Dim.Any) {
      return Dim.any();
    }
    return Dim.sym(a + "+" + b);
  }

  /** Requires {@code s} to have exactly {@code rank} dimensions; {@code what} names the operand. */
  public static void requireRank(SymShape s, int rank, String what) {
    if (s.hasRank() && s.rank() != rank) {
      throw new ShapeError(what + " must have rank " + rank + ", got shape " + s + ".");
    }
  }

  /** Requires two dimensions to be equal; {@code what} explains which dimensions they are. */
  public static Dim requireEqual(Dim a, Dim b, String what) {
    Dim u = Dim.unify(a, b);
    if (u == null) {
      throw new ShapeError(what + ": " + a + " vs " + b + ".");
    }
    return u;
  }

  private static boolean contains(int[] axes, int i) {
    for (int a : axes) {
      if (a == i) {
        return true;
      }
    }
    return false;
  }
}
