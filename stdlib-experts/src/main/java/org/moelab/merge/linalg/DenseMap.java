package org.moelab.merge.linalg;

/** A dense matrix seen as a {@link LinearMap}; the products are {@link Kernels}' blocked ones. */
final class DenseMap implements LinearMap {
  private final Matrix m;

  DenseMap(Matrix m) {
    this.m = m;
  }

  @Override
  public int rows() {
    return m.rows();
  }

  @Override
  public int cols() {
    return m.cols();
  }

  @Override
  public int rankBound() {
    return Math.min(m.rows(), m.cols());
  }

  @Override
  public double[][] apply(double[][] block) {
    return Kernels.apply(m.v(), m.rows(), m.cols(), block);
  }

  @Override
  public double[][] applyTransposed(double[][] block) {
    return Kernels.applyTransposed(m.v(), m.rows(), m.cols(), block);
  }
}
