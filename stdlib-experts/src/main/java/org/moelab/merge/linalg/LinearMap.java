package org.moelab.merge.linalg;

/**
 * A matrix seen only through products with blocks of vectors, so {@link TruncatedSvd} can work on a
 * dense matrix or on a low-rank product B·A without forming it. Blocks are arrays of vectors
 * ({@code block[c]} is vector c).
 */
public interface LinearMap {
  /** The number of rows. */
  int rows();

  /** The number of columns. */
  int cols();

  /** An upper bound on the rank (rows or cols when nothing better is known). */
  int rankBound();

  /** M x for every vector x (of length cols) in {@code block}. */
  double[][] apply(double[][] block);

  /** Mᵀ y for every vector y (of length rows) in {@code block}. */
  double[][] applyTransposed(double[][] block);

  /** A dense matrix as a map (cache-blocked, multi-threaded products). */
  static LinearMap dense(Matrix m) {
    return new DenseMap(m);
  }

  /** The product {@code left · right} ([m, r] · [r, n]) as a map of rank at most r. */
  static LinearMap product(Matrix left, Matrix right) {
    LinearMap l = dense(left);
    LinearMap r = dense(right);
    return new LinearMap() {
      @Override
      public int rows() {
        return left.rows();
      }

      @Override
      public int cols() {
        return right.cols();
      }

      @Override
      public int rankBound() {
        return Math.min(left.cols(), Math.min(left.rows(), right.cols()));
      }

      @Override
      public double[][] apply(double[][] block) {
        return l.apply(r.apply(block));
      }

      @Override
      public double[][] applyTransposed(double[][] block) {
        return r.applyTransposed(l.applyTransposed(block));
      }
    };
  }
}
