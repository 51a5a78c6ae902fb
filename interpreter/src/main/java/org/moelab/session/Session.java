package org.moelab.session;

import java.util.List;
import java.util.Optional;
import org.moelab.grammar.Completeness;
import org.moelab.source.Source;

/**
 * The one API the command line and the Jupyter kernel share: compile a unit of {@code .moe} source
 * against the session's environment, run it, and get values, diagnostics and displays back.
 *
 * <p>State (bindings, loaded tensors, RNG state) persists across units. A unit with a compile or
 * runtime error leaves the bindings of earlier units intact. Not thread-safe, except {@link
 * #interrupt()}, which any thread may call while a unit runs.
 */
public interface Session extends AutoCloseable {

  /** Checks and runs one unit, reporting prints and displays to the session's listener. */
  RunResult run(Source source);

  /** Checks one unit without running it; the result holds the diagnostics only. */
  RunResult check(Source source);

  /** Completion candidates at {@code cursor} (a character offset into {@code code}). */
  Completion complete(String code, int cursor);

  /** Help for the name at {@code cursor}, if there is one. */
  Optional<Inspection> inspect(String code, int cursor);

  /** Whether {@code code} is a complete unit (Jupyter's {@code is_complete}). */
  Completeness isComplete(String code);

  /** The IR graph of the tensor value bound to {@code name}, as text and SVG, if it is a tensor. */
  default Optional<Display> graph(String name) {
    return graph(List.of(name));
  }

  /**
   * One IR graph computing every tensor bound to {@code names} (names bound to other values are
   * skipped), as text and SVG; empty when none is a tensor.
   */
  Optional<Display> graph(List<String> names);

  /** Asks the running unit to stop soon; it ends with {@link RunStatus#INTERRUPTED}. */
  void interrupt();

  /** Names bound so far, in binding order. */
  List<VariableInfo> variables();

  /** Switches the backend; bound tensors move with it. */
  void setBackend(String name);

  /** The current backend's name. */
  String backendName();

  /** Resets the session's base seed. */
  void setSeed(long seed);

  /** Frees the backend and everything bound. */
  @Override
  void close();
}
