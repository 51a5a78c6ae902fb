/**
 * The evaluator: values, scopes, the interpreter that both checks (abstract values) and runs
 * (graph-building values), the graph builder {@link org.moelab.runtime.TensorOps}, the executor and
 * the built-in machinery.
 */
package org.moelab.runtime;
