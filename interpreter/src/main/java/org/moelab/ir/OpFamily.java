package org.moelab.ir;

/** Families of ops; passes and backends reason about families, not lists of ops. */
public enum OpFamily {
  /** Leaves: constants and filled tensors. */
  SOURCE,
  /** Seeded random tensors, generated on the host so every backend sees the same bits. */
  RANDOM,
  /** One input, same shape out, element by element. */
  UNARY,
  /** Two inputs broadcast numpy-style, element by element. */
  BINARY,
  /** {@code where(cond, a, b)}, broadcast. */
  TERNARY,
  /** Reductions and scans along axes. */
  REDUCE,
  /** Matrix products, plain and grouped. */
  MATMUL,
  /** Shape changes that move no arithmetic: reshape, permute, expand, slice, concat. */
  MOVEMENT,
  /** Index-driven reads and writes: gather, index_select, scatter-add, bincount, one-hot. */
  INDEX,
  /** Sorting and top-k. */
  SORT
}
