package org.moelab.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.moelab.backend.Backend;
import org.moelab.backend.Backends;
import org.moelab.diag.Diagnostic;
import org.moelab.diag.DiagnosticRenderer;
import org.moelab.diag.DiagnosticSink;
import org.moelab.grammar.Completeness;
import org.moelab.grammar.MoeSyntax;
import org.moelab.grammar.ParseResult;
import org.moelab.ir.GraphDump;
import org.moelab.session.Completion;
import org.moelab.session.Display;
import org.moelab.session.Inspection;
import org.moelab.session.RunResult;
import org.moelab.session.RunStatus;
import org.moelab.session.Session;
import org.moelab.session.SessionListener;
import org.moelab.session.SessionOptions;
import org.moelab.session.VariableInfo;
import org.moelab.source.Source;

/**
 * The {@link Session} implementation: parse, check with abstract values, then run, against a
 * persistent global scope. A failed unit rolls its bindings back.
 */
public final class InterpreterSession implements Session {
  private final SessionOptions options;
  private final SessionListener listener;
  private final Map<String, Source> sources = new HashMap<>();
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private final SeedSequence seeds;
  private final Env globals;
  private final Executor executor;
  private Backend backend;

  /** Opens a session: starts the backend and evaluates the stdlib prelude. */
  public InterpreterSession(SessionOptions options, SessionListener listener) {
    this.options = options;
    this.listener = listener;
    this.seeds = new SeedSequence(options.seed());
    this.backend = Backends.create(options.backend());
    this.executor = new Executor(backend, cancelled::get);
    BuiltinRegistry registry = BuiltinRegistry.get();
    this.globals = registry.newBuiltinScope().child();
    for (Source prelude : registry.prelude()) {
      RunResult r = run(prelude);
      if (!r.ok()) {
        throw new IllegalStateException("the stdlib prelude " + prelude.name() + " failed:\n" + r.errorText());
      }
    }
  }

  private RuntimeServices services(SessionListener out) {
    return new RuntimeServices(executor, seeds, cancelled, options.workingDirectory(), out);
  }

  @Override
  public RunResult run(Source source) {
    cancelled.set(false);
    sources.put(source.name(), source);
    ParseResult parsed = MoeSyntax.parse(source);
    if (parsed.hasErrors()) {
      return failure(RunStatus.COMPILE_ERROR, parsed.diagnostics());
    }
    List<Diagnostic> checkErrors;
    try {
      checkErrors = checkProgram(parsed);
    } catch (Interrupted e) {
      return new RunResult(RunStatus.INTERRUPTED, List.of(), "Interrupted.\n", Optional.empty());
    }
    if (!checkErrors.isEmpty()) {
      return failure(RunStatus.COMPILE_ERROR, checkErrors);
    }
    Env saved = globals.snapshot();
    DiagnosticSink sink = new DiagnosticSink();
    Interpreter interpreter = new Interpreter(Mode.RUN, globals, services(listener));
    try {
      Optional<Value> last = interpreter.run(parsed.program(), sink);
      if (sink.hasErrors()) {
        globals.restore(saved);
        return failure(RunStatus.RUNTIME_ERROR, sink.diagnostics());
      }
      return new RunResult(RunStatus.OK, List.of(), "", last.filter(InterpreterSession::worthShowing)
          .map(v -> Displays.of(v, interpreter.context())));
    } catch (Interrupted e) {
      globals.restore(saved);
      return new RunResult(RunStatus.INTERRUPTED, List.of(), "Interrupted.\n", Optional.empty());
    }
  }

  private static boolean worthShowing(Value v) {
    return !(v instanceof Value.NoneValue);
  }

  private List<Diagnostic> checkProgram(ParseResult parsed) {
    long position = seeds.position();
    DiagnosticSink sink = new DiagnosticSink();
    try {
      new Interpreter(Mode.CHECK, globals.snapshot(), services(SessionListener.silent())).run(parsed.program(), sink);
    } finally {
      seeds.seek(position);
    }
    return sink.diagnostics().stream().filter(Diagnostic::isError).toList();
  }

  @Override
  public RunResult check(Source source) {
    sources.put(source.name(), source);
    ParseResult parsed = MoeSyntax.parse(source);
    if (parsed.hasErrors()) {
      return failure(RunStatus.COMPILE_ERROR, parsed.diagnostics());
    }
    List<Diagnostic> errors = checkProgram(parsed);
    return errors.isEmpty() ? new RunResult(RunStatus.OK, List.of(), "", Optional.empty())
        : failure(RunStatus.COMPILE_ERROR, errors);
  }

  private RunResult failure(RunStatus status, List<Diagnostic> diagnostics) {
    return new RunResult(status, diagnostics, render(diagnostics), Optional.empty());
  }

  /** Renders diagnostics against the sources this session has seen. */
  public String render(List<Diagnostic> diagnostics) {
    DiagnosticRenderer renderer = new DiagnosticRenderer(sources::get);
    StringBuilder text = new StringBuilder();
    diagnostics.forEach(d -> text.append(renderer.render(d)));
    return text.toString();
  }

  @Override
  public Completion complete(String code, int cursor) {
    return new Completer(globals).complete(code, cursor);
  }

  @Override
  public Optional<Inspection> inspect(String code, int cursor) {
    return new Completer(globals).inspect(code, cursor);
  }

  @Override
  public Completeness isComplete(String code) {
    return MoeSyntax.completeness(code);
  }

  @Override
  public Optional<Display> graph(List<String> names) {
    List<org.moelab.ir.Node> roots = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (String name : names) {
      tensor(name).filter(t -> !t.isAbstract()).ifPresent(t -> {
        roots.add(t.node());
        labels.add(name);
      });
    }
    if (roots.isEmpty()) {
      return Optional.empty();
    }
    java.util.Map<String, String> data = new java.util.LinkedHashMap<>();
    data.put("text/plain", GraphDump.text(roots, labels));
    data.put("image/svg+xml", org.moelab.ir.GraphSvg.render(roots, labels));
    return Optional.of(new Display(data, Optional.empty()));
  }

  /** The tensor bound to {@code name}, if any (for tools such as benchmarks). */
  public Optional<TensorValue> tensor(String name) {
    return globals.lookup(name).filter(v -> v instanceof TensorValue).map(v -> (TensorValue) v);
  }

  /** The executor evaluating this session's graphs (for tools such as benchmarks). */
  public Executor executor() {
    return executor;
  }

  @Override
  public void interrupt() {
    cancelled.set(true);
  }

  @Override
  public List<VariableInfo> variables() {
    List<VariableInfo> out = new ArrayList<>();
    globals.own().forEach((name, v) -> out.add(new VariableInfo(name, v.typeName(), summary(v))));
    return out;
  }

  private static String summary(Value v) {
    String s = v instanceof TensorValue ? v.typeName() : v.toString();
    return s.length() > 80 ? s.substring(0, 77) + "..." : s;
  }

  @Override
  public void setBackend(String name) {
    Backend next = Backends.create(name);
    executor.switchTo(next);
    backend.close();
    backend = next;
  }

  @Override
  public String backendName() {
    return backend.name();
  }

  @Override
  public void setSeed(long seed) {
    seeds.reset(seed);
  }

  @Override
  public void close() {
    executor.close();
    backend.close();
  }
}
