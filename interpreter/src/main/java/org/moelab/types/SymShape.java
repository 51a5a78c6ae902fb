package org.moelab.types;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import org.moelab.tensor.Shape;

/**
 * A tensor shape whose dimensions may be symbolic ({@code [B, S, 512]}), or whose rank itself may
 * be unknown. Concrete runs use all-fixed shapes; the checker runs the same rules on symbols.
 */
public final class SymShape {
  private static final SymShape UNKNOWN = new SymShape(null);
  private final List<Dim> dims;

  private SymShape(List<Dim> dims) {
    this.dims = dims == null ? null : Collections.unmodifiableList(dims);
  }

  /** A shape with these dimensions. */
  public static SymShape of(List<Dim> dims) {
    return new SymShape(new ArrayList<>(dims));
  }

  /** A shape with these fixed dimensions. */
  public static SymShape fixed(long... sizes) {
    List<Dim> dims = new ArrayList<>(sizes.length);
    for (long s : sizes) {
      dims.add(Dim.of(s));
    }
    return new SymShape(dims);
  }

  /** The concrete shape as a symbolic one. */
  public static SymShape of(Shape shape) {
    return fixed(shape.dims());
  }

  /** A shape of unknown rank. */
  public static SymShape unknownRank() {
    return UNKNOWN;
  }

  /** True when the rank is known. */
  public boolean hasRank() {
    return dims != null;
  }

  /** Number of dimensions; only when {@link #hasRank()}. */
  public int rank() {
    return dims.size();
  }

  /** The dimensions; only when {@link #hasRank()}. */
  public List<Dim> dims() {
    return dims;
  }

  /** Dimension {@code axis}, negative counting from the end. */
  public Dim dim(int axis) {
    return dims.get(axis < 0 ? dims.size() + axis : axis);
  }

  /** Dimension {@code axis}, or an unknown dimension when the rank itself is unknown. */
  public Dim dimOrAny(int axis) {
    return dims == null ? Dim.any() : dim(axis);
  }

  /** True when every dimension is fixed. */
  public boolean isConcrete() {
    return dims != null && dims.stream().allMatch(d -> d instanceof Dim.Fixed);
  }

  /** The concrete shape; fails if any dimension is not fixed. */
  public Shape toShape() {
    if (!isConcrete()) {
      throw new IllegalStateException("shape " + this + " is not concrete");
    }
    long[] sizes = new long[dims.size()];
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = ((Dim.Fixed) dims.get(i)).size();
    }
    return Shape.of(sizes);
  }

  /** Product of all dimensions. */
  public Dim numel() {
    Dim n = Dim.of(1);
    if (dims == null) {
      return Dim.any();
    }
    for (Dim d : dims) {
      n = Dim.times(n, d);
    }
    return n;
  }

  /** A copy with dimension {@code axis} replaced. */
  public SymShape with(int axis, Dim dim) {
    List<Dim> copy = new ArrayList<>(dims);
    copy.set(axis < 0 ? copy.size() + axis : axis, dim);
    return new SymShape(copy);
  }

  /** The dimensions {@code [from, to)} as a shape. */
  public SymShape sub(int from, int to) {
    return new SymShape(new ArrayList<>(dims.subList(from, to)));
  }

  /** This shape followed by {@code more}. */
  public SymShape concat(SymShape more) {
    if (!hasRank() || !more.hasRank()) {
      return UNKNOWN;
    }
    List<Dim> all = new ArrayList<>(dims);
    all.addAll(more.dims);
    return new SymShape(all);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SymShape other && java.util.Objects.equals(dims, other.dims);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hashCode(dims);
  }

  /** Prints as {@code [B, S, 512]}, or {@code [...]} when the rank is unknown. */
  @Override
  public String toString() {
    if (dims == null) {
      return "[...]";
    }
    return dims.stream().map(Dim::toString).collect(Collectors.joining(", ", "[", "]"));
  }
}
