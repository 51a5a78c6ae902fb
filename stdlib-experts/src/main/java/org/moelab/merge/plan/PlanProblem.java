package org.moelab.merge.plan;

import java.util.Objects;
import java.util.Optional;
import org.moelab.diag.Diagnostic;
import org.moelab.source.SourceSpan;

/**
 * One problem that stops a merge before it starts: a stable code (see {@code
 * docs/diagnostics.md}), a sentence that names the bad value and the fix, and where that value is
 * written in the config. Problems that belong to no single value carry {@link SourceSpan#NONE} (or,
 * from the config reader, a span of the whole file, see {@link #inFile}) and are reported against the
 * config file as a whole.
 *
 * @param code one of the codes below
 * @param message a full sentence naming the bad value and the fix
 * @param at the offending value in the config, or {@link SourceSpan#NONE}
 */
public record PlanProblem(String code, String message, SourceSpan at) {
  /** The config is not valid YAML. */
  public static final String SYNTAX = "E0701";
  /** An entry of the wrong kind, or a required one missing. */
  public static final String STRUCTURE = "E0702";
  /** An unknown or unsupported key, method, parameter name or option value. */
  public static final String NAME = "E0703";
  /** A value out of range: a parameter, a layer range, a number of models. */
  public static final String RANGE = "E0704";
  /** A checkpoint problem: unreadable, missing tensors, unequal shapes, an overlapping output. */
  public static final String CHECKPOINT = "E0705";

  /** Checks that no component is null. */
  public PlanProblem {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(at, "at");
  }

  /** A problem that belongs to no single config value. */
  public static PlanProblem of(String code, String message) {
    return new PlanProblem(code, message, SourceSpan.NONE);
  }

  /**
   * A problem with the config file {@code file} as a whole (a missing key, an empty file): its span
   * names the file and has line 0.
   */
  public static PlanProblem inFile(String code, String message, String file) {
    return new PlanProblem(code, message, new SourceSpan(file, 0, 0, 0, 0, 0, 0));
  }

  /** True when the problem points at a line and column of the config. */
  public boolean positioned() {
    return !at.equals(SourceSpan.NONE) && at.line() > 0;
  }

  /** The file the problem is in, when known (positioned, or made by {@link #inFile}). */
  public Optional<String> file() {
    return at.equals(SourceSpan.NONE) ? Optional.empty() : Optional.of(at.sourceName());
  }

  /** The problem as a diagnostic; only for {@link #positioned()} problems. */
  public Diagnostic toDiagnostic() {
    if (!positioned()) {
      throw new IllegalStateException("no position: " + message);
    }
    return Diagnostic.error(code, message, at);
  }

  /** {@code file:line:col: message}, {@code file: message}, or the message alone, as far as it is known. */
  @Override
  public String toString() {
    if (positioned()) {
      return at + ": " + message;
    }
    return file().map(f -> f + ": " + message).orElse(message);
  }
}
