package org.moelab.runtime;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.moelab.source.SourceSpan;

/**
 * The arguments of one call, with the span of each for diagnostics.
 *
 * @param positional positional arguments in order
 * @param keywords keyword arguments in order
 * @param positionalSpans span of each positional argument
 * @param keywordSpans span of each keyword argument (name and value)
 * @param callSpan span of the whole call
 */
public record Args(
    List<Value> positional,
    Map<String, Value> keywords,
    List<SourceSpan> positionalSpans,
    Map<String, SourceSpan> keywordSpans,
    SourceSpan callSpan) {
  public Args {
    positional = List.copyOf(positional);
    keywords = Collections.unmodifiableMap(new LinkedHashMap<>(keywords));
    positionalSpans = List.copyOf(positionalSpans);
    keywordSpans = Collections.unmodifiableMap(new LinkedHashMap<>(keywordSpans));
  }

  /** Positional arguments only, all at {@code span}. */
  public static Args of(SourceSpan span, Value... values) {
    return new Args(List.of(values), Map.of(), Collections.nCopies(values.length, span), Map.of(), span);
  }

  /** The same arguments with {@code first} prepended (used by {@code |>}). */
  public Args prepend(Value first, SourceSpan span) {
    List<Value> values = new java.util.ArrayList<>(positional.size() + 1);
    values.add(first);
    values.addAll(positional);
    List<SourceSpan> spans = new java.util.ArrayList<>(positionalSpans.size() + 1);
    spans.add(span);
    spans.addAll(positionalSpans);
    return new Args(values, keywords, spans, keywordSpans, callSpan);
  }
}
