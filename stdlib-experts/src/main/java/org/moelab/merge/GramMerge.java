package org.moelab.merge;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * One tensor's merge by a method whose coefficients depend only on dot products of its inputs over
 * vectors of the tensor: slerp, nuslerp, model_stock and karcher. Each vector (the whole tensor, a
 * row along the last axis, or a column along the first) gets the Gram matrix of the method's
 * vectors over it ({@link Gram}), from which the method computes a few coefficients; every output
 * element is then a function of the inputs at that element and its vector's coefficients. So the
 * tensor can be fed in row blocks and never be in memory whole.
 *
 * <p>Protocol: when {@link #needsStatistics()} and the tensor takes several blocks, {@link
 * #observe} every block in index order, then {@link #endStatistics}; then {@link #merge} each
 * block. A tensor in one block goes straight to {@link #merge}, which takes its statistics from the
 * block itself. Rows along the last axis lie inside row blocks, so they need no statistics pass.
 * Sums run over fixed chunks of 64 Ki elements, so the result does not depend on the number of
 * threads; how a tensor is blocked changes only the order of the double-precision sums.
 */
public abstract class GramMerge {
  /** Runs {@code task(0)} … {@code task(count − 1)}, possibly in parallel, and returns when all are done. */
  @FunctionalInterface
  public interface Parallel {
    /** Runs the tasks. */
    void forEach(int count, IntConsumer task);
  }

  /** Runs the tasks one after another on the calling thread. */
  public static final Parallel SERIAL = (count, task) -> {
    for (int i = 0; i < count; i++) {
      task.accept(i);
    }
  };

  private static final int CHUNK = 1 << 16;
  private final Lines lines;
  private final int vectors;
  private final boolean minusBase;
  private double[] sums;
  private double[][] coefficients;

  /**
   * A merge over {@code lines} (the whole tensor, rows along the last axis or columns along the
   * first) of {@code vectors} vectors, which are task vectors θ − θ_base when {@code minusBase}.
   */
  GramMerge(Lines lines, int vectors, boolean minusBase) {
    if (lines.outer() > 1 && lines.inner() > 1) {
      throw new IllegalArgumentException("vectors along a middle axis are not supported: " + lines);
    }
    this.lines = lines;
    this.vectors = vectors;
    this.minusBase = minusBase;
  }

  /**
   * The merge of tensor {@code name} of {@code shape} by {@code method} (slerp, nuslerp,
   * model_stock or karcher), with {@code params} for the models other than the base. Fails with a
   * {@link MergeException} when the number of models does not suit the method.
   */
  public static GramMerge of(MergeMethod method, String name, long[] shape, List<ModelParams> params,
      MergeOptions options, boolean hasBase) {
    int size = Math.toIntExact(Arrays.stream(shape).reduce(1, Math::multiplyExact));
    int models = params.size();
    return switch (method) {
      case SLERP -> Interpolation.slerp(name, models, size, options.t());
      case NUSLERP -> Interpolation.nuslerp(name, shape, size, params, options, hasBase);
      case MODEL_STOCK -> ModelStock.of(name, shape, size, models, options.filterWise());
      case KARCHER -> new Karcher(size, models + (hasBase ? 1 : 0), options.maxIter(), options.tol());
      default -> throw new IllegalArgumentException(method.configName() + " is not a Gram-matrix method");
    };
  }

  /** Whether {@code method} is one of the methods merged here. */
  public static boolean handles(MergeMethod method) {
    return method == MergeMethod.SLERP || method == MergeMethod.NUSLERP || method == MergeMethod.MODEL_STOCK
        || method == MergeMethod.KARCHER;
  }

  /** The method's vectors among the inputs of a block (the base, when it has one, and the other models). */
  abstract float[][] vectors(float[] base, float[][] models);

  /** The coefficients of one line, from the Gram matrix of its vectors over it. */
  abstract double[] coefficients(Gram gram);

  /**
   * Writes the output at {@code start, start + stride, …} ({@code count} elements) from the inputs
   * there and {@code coefficients}; {@code out} may be one of the inputs.
   */
  abstract void apply(float[] base, float[][] models, float[] out, int start, int stride, int count,
      double[] coefficients);

  /** Whether a tensor in several row blocks needs a statistics pass ({@link #observe}) before {@link #merge}. */
  public boolean needsStatistics() {
    return lines.outer() == 1 || lines.inner() > 1;
  }

  /** Adds the block {@code [offset, offset + length)} of the inputs to the statistics; blocks in index order. */
  public void observe(float[] base, float[][] models, int length, long offset, Parallel parallel) {
    if (!needsStatistics()) {
      throw new IllegalStateException("rows along the last axis need no statistics pass");
    }
    if (sums == null) {
      sums = new double[lines.count() * Gram.entries(vectors)];
    }
    if (length == 0) {
      return;
    }
    float[][] x = vectors(base, models);
    float[] minus = minusBase ? base : null;
    int entries = Gram.entries(vectors);
    if (lines.inner() == 1) {
      int chunks = chunks(length);
      double[] partial = new double[chunks * entries];
      parallel.forEach(chunks, c -> Gram.accumulate(x, minus, c * CHUNK, 1, chunk(c, length), partial, c * entries));
      for (int c = 0; c < chunks; c++) {
        for (int p = 0; p < entries; p++) {
          sums[p] += partial[c * entries + p];
        }
      }
      return;
    }
    int stride = lines.inner();
    int rows = rowsOf(length, offset);
    forColumns(parallel, column -> Gram.accumulate(x, minus, column, stride, rows, sums, column * entries));
  }

  /** Ends the statistics pass: computes every line's coefficients. */
  public void endStatistics() {
    if (sums == null) {
      sums = new double[lines.count() * Gram.entries(vectors)];
    }
    coefficients = new double[lines.count()][];
    for (int line = 0; line < coefficients.length; line++) {
      coefficients[line] = coefficients(new Gram(sums, line * Gram.entries(vectors), vectors));
    }
  }

  /**
   * Writes the merged block {@code [offset, offset + length)} to {@code out[0, length)}, which may be
   * the base's or a model's array. Without a statistics pass the block must hold every vector it
   * touches whole: a block of rows when {@link #needsStatistics()} is false, else the whole tensor.
   */
  public void merge(float[] base, float[][] models, float[] out, int length, long offset, Parallel parallel) {
    if (length == 0) {
      return;
    }
    if (!needsStatistics()) {
      mergeRows(base, models, out, length, offset, parallel);
      return;
    }
    if (coefficients == null) {
      if (offset != 0 || length != (long) lines.count() * lines.length()) {
        throw new IllegalStateException("a block of " + length + " elements at " + offset
            + " needs the statistics of the whole tensor: observe every block first");
      }
      observe(base, models, length, offset, parallel);
      endStatistics();
    }
    if (lines.inner() == 1) {
      double[] c = coefficients[0];
      parallel.forEach(chunks(length), k -> apply(base, models, out, k * CHUNK, 1, chunk(k, length), c));
      return;
    }
    int stride = lines.inner();
    int rows = rowsOf(length, offset);
    forColumns(parallel, column -> apply(base, models, out, column, stride, rows, coefficients[column]));
  }

  /** The merge of a whole tensor, into a new array. */
  float[] merge(TensorInputs in) {
    float[] out = new float[in.size()];
    merge(in.base(), in.models().toArray(new float[0][]), out, out.length, 0, SERIAL);
    return out;
  }

  /** Each row of the block on its own: its Gram matrix, its coefficients, its output. */
  private void mergeRows(float[] base, float[][] models, float[] out, int length, long offset, Parallel parallel) {
    int rowLength = lines.length();
    if (offset % rowLength != 0 || length % rowLength != 0) {
      throw new IllegalStateException("a block of " + length + " elements at " + offset + " splits a row of "
          + rowLength);
    }
    float[][] x = vectors(base, models);
    float[] minus = minusBase ? base : null;
    int rows = length / rowLength;
    int parts = Math.min(rows, chunks(length));
    parallel.forEach(parts, p -> {
      double[] gram = new double[Gram.entries(vectors)];
      for (int row = (int) ((long) rows * p / parts); row < (long) rows * (p + 1) / parts; row++) {
        Arrays.fill(gram, 0);
        Gram.accumulate(x, minus, row * rowLength, 1, rowLength, gram, 0);
        apply(base, models, out, row * rowLength, 1, rowLength, coefficients(new Gram(gram, 0, vectors)));
      }
    });
  }

  /** Runs {@code task} on every column, in parallel over fixed ranges of columns. */
  private void forColumns(Parallel parallel, IntConsumer task) {
    int columns = lines.inner();
    int parts = Math.max(1, Math.min(columns, (int) ((long) columns * lines.length() / CHUNK)));
    parallel.forEach(parts, p -> {
      for (int c = (int) ((long) columns * p / parts); c < (long) columns * (p + 1) / parts; c++) {
        task.accept(c);
      }
    });
  }

  /** The rows of a block of whole rows (columns are the vectors: {@code inner} elements per row). */
  private int rowsOf(int length, long offset) {
    if (offset % lines.inner() != 0 || length % lines.inner() != 0) {
      throw new IllegalStateException("a block of " + length + " elements at " + offset + " splits a row of "
          + lines.inner());
    }
    return length / lines.inner();
  }

  private static int chunks(int length) {
    return (length + CHUNK - 1) / CHUNK;
  }

  private static int chunk(int c, int length) {
    return Math.min(CHUNK, length - c * CHUNK);
  }
}
