package org.moelab.ir;

/**
 * The IR's op set. Each op's Javadoc is its contract: every backend implements exactly this, and
 * the conformance suite checks it against PyTorch fixtures.
 *
 * <p>Conventions: axes are non-negative after lowering (the front end normalises negative axes);
 * binary and ternary ops broadcast numpy-style; integer attributes are {@code long}; array
 * attributes are {@code long[]} (see {@link Attrs}); the output shape and dtype of a node are
 * already computed and stored on the {@link Node}.
 */
public enum Op {
  // ---- SOURCE ----
  /** A constant host tensor. Attr {@code value}: {@link Constant}. */
  CONSTANT(OpFamily.SOURCE, 0),
  /** A tensor filled with attr {@code value} (double), of the node's shape and dtype. */
  FULL(OpFamily.SOURCE, 0),
  /** {@code [0, 1, ..., n-1]} as the node's dtype; n is the node's single dimension. */
  ARANGE(OpFamily.SOURCE, 0),

  // ---- RANDOM (host-generated; see org.moelab.ir.HostRandom) ----
  /** Normal samples. Attrs {@code seed} (long), {@code mean}, {@code std} (double). */
  RANDOM_NORMAL(OpFamily.RANDOM, 0),
  /** Uniform samples in [low, high). Attrs {@code seed}, {@code low}, {@code high}. */
  RANDOM_UNIFORM(OpFamily.RANDOM, 0),

  // ---- UNARY ----
  NEG(OpFamily.UNARY, 1),
  ABS(OpFamily.UNARY, 1),
  /** -1, 0 or 1 (0 for 0). */
  SIGN(OpFamily.UNARY, 1),
  EXP(OpFamily.UNARY, 1),
  /** Natural log. */
  LOG(OpFamily.UNARY, 1),
  SQRT(OpFamily.UNARY, 1),
  SIN(OpFamily.UNARY, 1),
  COS(OpFamily.UNARY, 1),
  TANH(OpFamily.UNARY, 1),
  /** 1 / (1 + e^-x). */
  SIGMOID(OpFamily.UNARY, 1),
  /** max(x, 0). */
  RELU(OpFamily.UNARY, 1),
  /** x · sigmoid(x). */
  SILU(OpFamily.UNARY, 1),
  /** Exact GELU: x · Φ(x) with the erf form (PyTorch's default). */
  GELU(OpFamily.UNARY, 1),
  /** Logical not of a BOOL tensor. */
  NOT(OpFamily.UNARY, 1),
  /** Converts to the node's dtype (float→int truncates toward zero; to BOOL is x != 0). */
  CAST(OpFamily.UNARY, 1),

  // ---- BINARY (numpy broadcasting; comparison and logical ops give BOOL) ----
  ADD(OpFamily.BINARY, 2),
  SUB(OpFamily.BINARY, 2),
  MUL(OpFamily.BINARY, 2),
  /** True division. */
  DIV(OpFamily.BINARY, 2),
  POW(OpFamily.BINARY, 2),
  MAXIMUM(OpFamily.BINARY, 2),
  MINIMUM(OpFamily.BINARY, 2),
  EQ(OpFamily.BINARY, 2),
  NE(OpFamily.BINARY, 2),
  LT(OpFamily.BINARY, 2),
  LE(OpFamily.BINARY, 2),
  GT(OpFamily.BINARY, 2),
  GE(OpFamily.BINARY, 2),
  AND(OpFamily.BINARY, 2),
  OR(OpFamily.BINARY, 2),

  // ---- TERNARY ----
  /** {@code where(cond, a, b)}: a where cond (BOOL) is true, else b; all three broadcast. */
  WHERE(OpFamily.TERNARY, 3),

  // ---- REDUCE ----
  /** Sum over attr {@code axes} (long[]); attr {@code keepdims} (boolean). */
  SUM(OpFamily.REDUCE, 1),
  /** Mean over {@code axes}, {@code keepdims}. */
  MEAN(OpFamily.REDUCE, 1),
  /** Max over {@code axes}, {@code keepdims}. */
  MAX(OpFamily.REDUCE, 1),
  /** Min over {@code axes}, {@code keepdims}. */
  MIN(OpFamily.REDUCE, 1),
  /** Index (I64) of the first maximum along attr {@code axis}; {@code keepdims}. */
  ARGMAX(OpFamily.REDUCE, 1),
  /** Inclusive prefix sum along attr {@code axis}. */
  CUMSUM(OpFamily.REDUCE, 1),

  // ---- MATMUL ----
  /**
   * numpy {@code matmul} of two tensors of rank ≥ 2: the last two axes multiply, leading axes
   * broadcast.
   */
  MATMUL(OpFamily.MATMUL, 2),
  /**
   * Grouped GEMM, the core of sparse MoE dispatch: inputs {@code x [N, a]}, {@code w [G, a, b]},
   * {@code offsets} (I64 {@code [G + 1]}, non-decreasing, {@code offsets[0] = 0}, {@code
   * offsets[G] = N}). Output {@code [N, b]} where rows {@code offsets[g] .. offsets[g+1]} are
   * {@code x[rows] @ w[g]}. A group with no rows costs nothing.
   */
  SEGMENT_MATMUL(OpFamily.MATMUL, 3),
  /**
   * Grouped outer product, the weight gradient of {@link #SEGMENT_MATMUL}: inputs {@code x [N,
   * a]}, {@code dy [N, b]}, {@code offsets} (same contract as {@link #SEGMENT_MATMUL}; G is the
   * output's first dimension). Output {@code [G, a, b]} with {@code out[g] = x[rows]ᵀ @ dy[rows]}
   * for rows {@code offsets[g] .. offsets[g+1]}; an empty group gives zeros. The work is
   * proportional to {@code N·a·b}: nothing scales with {@code G·N}.
   */
  SEGMENT_OUTER(OpFamily.MATMUL, 3),

  // ---- MOVEMENT ----
  /** Row-major reshape to the node's shape. */
  RESHAPE(OpFamily.MOVEMENT, 1),
  /** Transpose by attr {@code axes} (long[]): output axis i is input axis axes[i]. */
  PERMUTE(OpFamily.MOVEMENT, 1),
  /** Broadcast to the node's shape (numpy {@code broadcast_to}). */
  EXPAND(OpFamily.MOVEMENT, 1),
  /**
   * Strided slice: attrs {@code starts}, {@code stops}, {@code steps} (long[], one per axis,
   * already clamped to the axis, steps positive).
   */
  SLICE(OpFamily.MOVEMENT, 1),
  /** Concatenate all inputs along attr {@code axis}. Any number of inputs (≥ 1). */
  CONCAT(OpFamily.MOVEMENT, -1),

  // ---- INDEX ----
  /**
   * {@code torch.gather(x, axis, index)}: index (I64) has x's rank; out[i][j][k] = x[index[i][j][k]][j][k]
   * for axis 0, and so on. Output has the index's shape.
   */
  GATHER(OpFamily.INDEX, 2),
  /** {@code torch.index_select(x, axis, index)} with a 1-D I64 index. */
  INDEX_SELECT(OpFamily.INDEX, 2),
  /**
   * {@code base.index_add(axis, index, src)}: inputs base, index (1-D I64), src; adds src slice i
   * into base at position index[i] along {@code axis}. Duplicated indices accumulate.
   */
  INDEX_ADD(OpFamily.INDEX, 3),
  /** Counts of each value in a 1-D I64 input; output I64 {@code [length]} (attr {@code length}). */
  BINCOUNT(OpFamily.INDEX, 1),
  /** One-hot of an I64 input along a new last axis of attr {@code depth}, in the node's dtype. */
  ONE_HOT(OpFamily.INDEX, 1),

  // ---- SORT ----
  /**
   * Indices (I64) of the top attr {@code k} entries along the last axis, ordered by value
   * (descending when attr {@code largest} is true); ties go to the lower index.
   */
  TOPK_INDICES(OpFamily.SORT, 1),
  /**
   * Indices (I64) that sort the last axis (descending when attr {@code descending}); stable: equal
   * values keep index order.
   */
  ARGSORT(OpFamily.SORT, 1);

  private final OpFamily family;
  private final int arity;

  Op(OpFamily family, int arity) {
    this.family = family;
    this.arity = arity;
  }

  /** The op's family. */
  public OpFamily family() {
    return family;
  }

  /** Number of inputs, or -1 for variadic. */
  public int arity() {
    return arity;
  }
}
