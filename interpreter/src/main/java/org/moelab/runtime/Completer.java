package org.moelab.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.moelab.session.Completion;
import org.moelab.session.Inspection;

/**
 * Completion and inspection from what the session knows: keywords, names in scope, built-in
 * signatures (keyword parameters of the call being written), dict keys and attributes.
 */
final class Completer {
  static final List<String> KEYWORDS = List.of("let", "def", "return", "show", "expert", "experts", "router",
      "layer", "model", "merge", "if", "then", "else", "for", "in", "and", "or", "not", "true", "false", "none", "fn");
  private static final Pattern KEY = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\[\\s*[\"']([^\"']*)$");
  private static final Pattern ATTRIBUTE = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\.([A-Za-z0-9_]*)$");

  private final Env scope;

  Completer(Env scope) {
    this.scope = scope;
  }

  Completion complete(String code, int cursor) {
    String before = code.substring(0, Math.max(0, Math.min(cursor, code.length())));
    Matcher key = KEY.matcher(before);
    if (key.find()) {
      return keys(key, cursor);
    }
    Matcher attr = ATTRIBUTE.matcher(before);
    if (attr.find()) {
      return attributes(attr, cursor);
    }
    int start = identifierStart(before);
    String prefix = before.substring(start);
    List<Completion.Item> items = new ArrayList<>();
    enclosingCall(before).flatMap(this::callable).ifPresent(f -> parameters(f).stream()
        .filter(p -> p.startsWith(prefix)).forEach(p -> items.add(new Completion.Item(p + " = ", "parameter", ""))));
    for (String name : scope.visibleNames()) {
      if (name.startsWith(prefix)) {
        Value v = scope.lookup(name).orElseThrow();
        boolean fn = v instanceof Callable;
        items.add(new Completion.Item(name, fn ? "function" : "variable", fn ? ((Callable) v).signature() : v.typeName()));
      }
    }
    for (String k : KEYWORDS) {
      if (k.startsWith(prefix) && !prefix.isEmpty()) {
        items.add(new Completion.Item(k, "keyword", ""));
      }
    }
    return new Completion(start, cursor, items);
  }

  private Completion keys(Matcher m, int cursor) {
    String prefix = m.group(2);
    List<Completion.Item> items = new ArrayList<>();
    scope.lookup(m.group(1)).filter(v -> v instanceof Value.DictValue).ifPresent(v -> {
      for (var e : ((Value.DictValue) v).entries().entrySet()) {
        if (e.getKey().startsWith(prefix)) {
          items.add(new Completion.Item(e.getKey(), "key", e.getValue().typeName()));
        }
      }
    });
    return new Completion(cursor - prefix.length(), cursor, items);
  }

  private Completion attributes(Matcher m, int cursor) {
    String prefix = m.group(2);
    List<Completion.Item> items = new ArrayList<>();
    scope.lookup(m.group(1)).ifPresent(v -> {
      for (String a : Attributes.names(v)) {
        if (a.startsWith(prefix)) {
          items.add(new Completion.Item(a, "attribute", ""));
        }
      }
    });
    return new Completion(cursor - prefix.length(), cursor, items);
  }

  private static int identifierStart(String before) {
    int i = before.length();
    while (i > 0 && (Character.isLetterOrDigit(before.charAt(i - 1)) || before.charAt(i - 1) == '_')) {
      i--;
    }
    return i;
  }

  /** The name of the function whose argument list the cursor is in. */
  private static Optional<String> enclosingCall(String before) {
    int depth = 0;
    for (int i = before.length() - 1; i >= 0; i--) {
      char c = before.charAt(i);
      if (c == ')' || c == ']') {
        depth++;
      } else if (c == '[' ) {
        depth--;
      } else if (c == '(') {
        if (depth == 0) {
          int end = i;
          int start = identifierStart(before.substring(0, end));
          return start < end ? Optional.of(before.substring(start, end)) : Optional.empty();
        }
        depth--;
      }
    }
    return Optional.empty();
  }

  private Optional<Callable> callable(String name) {
    return scope.lookup(name).filter(v -> v instanceof Callable).map(v -> (Callable) v);
  }

  private static List<String> parameters(Callable f) {
    if (f instanceof BuiltinValue b) {
      return b.builtin().signature().params().stream().map(Param::name).toList();
    }
    if (f instanceof UserFunction u) {
      return u.params().stream().map(UserFunction.FunctionParam::name).toList();
    }
    return List.of();
  }

  Optional<Inspection> inspect(String code, int cursor) {
    int c = Math.max(0, Math.min(cursor, code.length()));
    int start = identifierStart(code.substring(0, c));
    int end = c;
    while (end < code.length() && (Character.isLetterOrDigit(code.charAt(end)) || code.charAt(end) == '_')) {
      end++;
    }
    if (start == end) {
      return Optional.empty();
    }
    String name = code.substring(start, end);
    return scope.lookup(name).map(v -> describe(name, v));
  }

  private static Inspection describe(String name, Value v) {
    if (v instanceof BuiltinValue b) {
      Signature s = b.builtin().signature();
      StringBuilder plain = new StringBuilder(s.render()).append("\n\n").append(s.doc()).append('\n');
      StringBuilder md = new StringBuilder("```\n").append(s.render()).append("\n```\n\n").append(s.doc()).append("\n\n");
      for (Param p : s.params()) {
        plain.append("  ").append(p.render()).append(": ").append(p.doc()).append('\n');
        md.append("- `").append(p.render()).append("`: ").append(p.doc()).append('\n');
      }
      return new Inspection(name, plain.toString(), md.toString());
    }
    if (v instanceof Callable f) {
      return new Inspection(name, f.signature(), "```\n" + f.signature() + "\n```");
    }
    String text = name + ": " + v.typeName() + (v instanceof TensorValue ? "" : " = " + Formatting.repr(v));
    return new Inspection(name, text, "`" + text + "`");
  }
}
