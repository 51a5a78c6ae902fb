package org.moelab.runtime;

/** Whether the evaluator is checking (abstract values, no data) or running. */
public enum Mode {
  /** Static checking: tensors carry shapes only; nothing is printed, read or written. */
  CHECK,
  /** Execution: tensors carry graph nodes that the executor evaluates on the backend. */
  RUN
}
