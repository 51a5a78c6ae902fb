package org.moelab.ir;

import java.util.concurrent.atomic.AtomicLong;
import org.moelab.tensor.HostTensor;

/**
 * A constant tensor payload for {@link Op#CONSTANT} nodes. Constants are compared by identity
 * (each made once, with a unique id), so two loads of the same file are two constants.
 */
public final class Constant {
  private static final AtomicLong IDS = new AtomicLong();
  private final long id;
  private final HostTensor value;
  private final String label;

  private Constant(HostTensor value, String label) {
    this.id = IDS.incrementAndGet();
    this.value = value;
    this.label = label;
  }

  /** A new constant holding {@code value}; {@code label} names it in graph dumps. */
  public static Constant of(HostTensor value, String label) {
    return new Constant(value, label);
  }

  /** The tensor. */
  public HostTensor value() {
    return value;
  }

  /** A short name for graph dumps (a file key, a literal, ...). */
  public String label() {
    return label;
  }

  /** Unique id. */
  public long id() {
    return id;
  }

  @Override
  public String toString() {
    return "const#" + id + (label.isEmpty() ? "" : "(" + label + ")");
  }
}
