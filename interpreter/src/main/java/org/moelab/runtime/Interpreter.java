package org.moelab.runtime;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.moelab.ast.Param;
import org.moelab.ast.Program;
import org.moelab.ast.Stmt;
import org.moelab.ast.TypeExpr;
import org.moelab.diag.Diagnostic;
import org.moelab.diag.DiagnosticSink;
import org.moelab.source.SourceSpan;
import org.moelab.types.Dim;

/**
 * Evaluates programs statement by statement. The same evaluator checks (abstract values, every
 * statement visited, errors collected) and runs (concrete values, stopping at the first error).
 */
public final class Interpreter {
  private static final int MAX_CALL_DEPTH = 500;

  private final Mode mode;
  private final Env globals;
  private final CallContext ctx;
  private final ExpressionEvaluator expressions;
  private final Deque<UserFunction> callStack = new ArrayDeque<>();
  private final Deque<Map<String, SourceSpan>> libraryArguments = new ArrayDeque<>();

  /** An interpreter over {@code globals} in {@code mode}. */
  public Interpreter(Mode mode, Env globals, RuntimeServices services) {
    this.mode = mode;
    this.globals = globals;
    this.ctx = new CallContext(mode, services, this);
    this.expressions = new ExpressionEvaluator(ctx, this);
  }

  /** The call context built-ins receive. */
  public CallContext context() {
    return ctx;
  }

  /**
   * Runs {@code program}'s statements in the global scope. Errors go to {@code sink}; when
   * checking, every statement is visited and a failed binding becomes unknown; when running, the
   * first error stops. Returns the value of the last expression statement, if any.
   */
  public Optional<Value> run(Program program, DiagnosticSink sink) {
    Optional<Value> last = Optional.empty();
    for (Stmt stmt : program.statements()) {
      try {
        last = execute(stmt, globals);
      } catch (EvalError e) {
        sink.report(e.diagnostic());
        bindUnknown(stmt);
        if (mode == Mode.RUN) {
          return Optional.empty();
        }
        last = Optional.empty();
      } catch (ReturnSignal r) {
        sink.report(Diagnostic.error("E0113", "'return' is only allowed inside a function body.", stmt.span()));
        if (mode == Mode.RUN) {
          return Optional.empty();
        }
      } catch (org.moelab.backend.BackendException e) {
        sink.report(Diagnostic.error("E0303", "The " + ctx.services().executor().backend().name()
            + " backend failed: " + e.getMessage(), stmt.span(), "Try --backend " + otherBackend() + "."));
        bindUnknown(stmt);
        if (mode == Mode.RUN) {
          return Optional.empty();
        }
      } catch (org.moelab.types.ShapeError e) {
        sink.report(Diagnostic.error("E0201", e.getMessage(), stmt.span(), e.help()));
        bindUnknown(stmt);
        if (mode == Mode.RUN) {
          return Optional.empty();
        }
      }
    }
    return last;
  }

  private String otherBackend() {
    return ctx.services().executor().backend().name().equals("djl") ? "nd4j" : "djl";
  }

  private void bindUnknown(Stmt stmt) {
    String name = null;
    if (stmt instanceof Stmt.Let let) {
      name = let.name();
    } else if (stmt instanceof Stmt.Def def) {
      name = def.name();
    } else if (stmt instanceof Stmt.Decl decl) {
      name = decl.name();
    }
    if (name != null) {
      globals.define(name, UnknownValue.ANY);
    }
  }

  /** Executes one statement in {@code env}; returns an expression statement's value. */
  Optional<Value> execute(Stmt stmt, Env env) {
    ctx.checkCancelled();
    if (stmt instanceof Stmt.Let let) {
      Value v = expressions.eval(let.value(), env);
      let.type().ifPresent(t -> checkAnnotation(v, t, env, let.value().span()));
      materialize(v);
      env.define(let.name(), v);
    } else if (stmt instanceof Stmt.Def def) {
      UserFunction f = define(def.name(), "def", def.params(), def.returnType(), def.body(), env);
      env.define(def.name(), f);
      checkBodyAlone(f, def.span());
    } else if (stmt instanceof Stmt.Decl decl) {
      env.define(decl.name(), declare(decl, env));
    } else if (stmt instanceof Stmt.Show show) {
      Value v = expressions.eval(show.value(), env);
      if (!ctx.isChecking()) {
        ctx.display(Displays.of(v, ctx), false);
      }
    } else if (stmt instanceof Stmt.Return ret) {
      throw new ReturnSignal(expressions.eval(ret.value(), env));
    } else if (stmt instanceof Stmt.ExprStmt es) {
      Value v = expressions.eval(es.value(), env);
      materialize(v);
      return Optional.of(v);
    }
    return Optional.empty();
  }

  private Value declare(Stmt.Decl decl, Env env) {
    if (decl.params().isPresent()) {
      UserFunction f = define(decl.name(), decl.kind().keyword(), decl.params().get(), Optional.empty(),
          new Stmt.Body.ExprBody(decl.value(), decl.value().span()), env);
      checkBodyAlone(f, decl.span());
      return f;
    }
    if (decl.count().isEmpty()) {
      Value v = expressions.eval(decl.value(), env);
      materialize(v);
      return v;
    }
    Value count = expressions.eval(decl.count().get(), env);
    if (count instanceof UnknownValue) {
      expressions.eval(decl.value(), env);
      return new UnknownValue(UnknownValue.Kind.LIST);
    }
    if (!(count instanceof Value.IntValue n) || n.value() < 1) {
      throw ctx.error("E0111", "The expert count must be a positive int, got " + Formatting.repr(count) + ".",
          decl.count().get().span());
    }
    List<Value> experts = new ArrayList<>();
    try {
      for (long i = 0; i < n.value(); i++) {
        ctx.replica(i);
        Value v = expressions.eval(decl.value(), env);
        materialize(v);
        experts.add(v);
      }
    } finally {
      ctx.replica(0);
    }
    return new Value.ListValue(experts);
  }

  private UserFunction define(String name, String kind, List<Param> params, Optional<TypeExpr> returnType,
      Stmt.Body body, Env env) {
    List<UserFunction.FunctionParam> evaluated = new ArrayList<>();
    for (Param p : params) {
      Optional<Value> dflt = p.defaultValue().map(e -> expressions.eval(e, env));
      p.type().ifPresent(t -> checkTypeName(t));
      evaluated.add(new UserFunction.FunctionParam(p.name(), p.type(), dflt));
    }
    return new UserFunction(name, kind, evaluated, body, returnType, env);
  }

  private void checkTypeName(TypeExpr t) {
    if (!TypeAnnotations.KNOWN.contains(t.name())) {
      throw ctx.error("E0104", "Unknown type '" + t.name() + "'.", t.span(),
          Suggest.closest(t.name(), TypeAnnotations.KNOWN).map(s -> "did you mean '" + s + "'?")
              .orElse("Known types: " + String.join(", ", new java.util.TreeSet<>(TypeAnnotations.KNOWN)) + "."));
    }
    for (TypeExpr.TypeArg a : t.args()) {
      if (a instanceof TypeExpr.TypeArg.Nested n) {
        checkTypeName(n.type());
      }
    }
  }

  /** While checking, evaluates a function body once with abstract parameters of the declared types. */
  private void checkBodyAlone(UserFunction f, SourceSpan span) {
    if (mode != Mode.CHECK) {
      return;
    }
    Env local = f.closure().child();
    for (UserFunction.FunctionParam p : f.params()) {
      Value v = p.type().map(t -> TypeAnnotations.abstractValue(t, f.closure()))
          .orElse(p.defaultValue().orElse(UnknownValue.ANY));
      local.define(p.name(), v);
    }
    callStack.push(f);
    try {
      evalBody(f, local);
    } finally {
      callStack.pop();
    }
  }

  private void checkAnnotation(Value v, TypeExpr type, Env env, SourceSpan span) {
    checkTypeName(type);
    TypeAnnotations.check(v, type, new HashMap<>(), env).ifPresent(m -> {
      throw ctx.error(m.code(), "Type mismatch: " + m.reason() + ".", span);
    });
  }

  /** Calls any callable value with arguments. */
  Value invoke(Callable f, Args args) {
    if (f instanceof UserFunction uf) {
      return callUser(uf, args);
    }
    return f.call(ctx, args);
  }

  private Value callUser(UserFunction f, Args args) {
    if (mode == Mode.CHECK && callStack.contains(f)) {
      return UnknownValue.ANY;
    }
    if (callStack.size() >= MAX_CALL_DEPTH) {
      throw ctx.error("E0112", "Call depth exceeded " + MAX_CALL_DEPTH + " in '" + f.name() + "'.",
          args.callSpan(), "Look for unbounded recursion.");
    }
    Env local = f.closure().child();
    Map<String, SourceSpan> argumentSpans = bindParams(f, args, local);
    callStack.push(f);
    libraryArguments.push(isLibrary(f.body().span()) ? argumentSpans : Map.of());
    try {
      Value result = evalBody(f, local);
      if (f.returnType().isPresent()) {
        TypeAnnotations.check(result, f.returnType().get(), new HashMap<>(), f.closure()).ifPresent(m -> {
          throw ctx.error(m.code(), "The result of '" + f.name() + "' does not match its declared type: "
              + m.reason() + ".", f.body().span());
        });
      }
      return result;
    } catch (EvalError e) {
      throw atCaller(f, args, e);
    } catch (org.moelab.types.ShapeError e) {
      throw atCaller(f, args, new EvalError(Diagnostic.error("E0201", e.getMessage(), f.body().span(), e.help())));
    } finally {
      libraryArguments.pop();
      callStack.pop();
    }
  }

  /**
   * Inside a standard-library function, where the argument bound to parameter {@code name} came
   * from: built-ins called with that parameter report mistakes at the user's argument.
   */
  Optional<SourceSpan> libraryArgumentSpan(String name) {
    Map<String, SourceSpan> top = libraryArguments.peek();
    return top == null ? Optional.empty() : Optional.ofNullable(top.get(name));
  }

  /** Source names of the standard library's {@code .moe} preludes. */
  private static boolean isLibrary(org.moelab.source.SourceSpan span) {
    return span.sourceName().startsWith("<stdlib>");
  }

  /**
   * An error inside a standard-library function called from user code is reported at the user's
   * call, naming the function: users cannot see or fix the library's own lines.
   */
  private EvalError atCaller(UserFunction f, Args args, EvalError e) {
    Diagnostic d = e.diagnostic();
    if (!isLibrary(f.body().span()) || isLibrary(args.callSpan()) || !isLibrary(d.span())) {
      return e;
    }
    return new EvalError(new Diagnostic(d.severity(), d.code(), d.message().replaceAll("\\.$", "")
        + " (in the standard library's '" + f.name() + "').", args.callSpan(), d.help()));
  }

  /** Binds arguments to parameters in {@code local}; returns the span each argument came from. */
  private Map<String, SourceSpan> bindParams(UserFunction f, Args args, Env local) {
    List<UserFunction.FunctionParam> params = f.params();
    if (args.positional().size() > params.size()) {
      throw ctx.error("E0105", f.name() + " takes " + params.size() + " positional arguments but "
          + args.positional().size() + " were given.", args.positionalSpans().get(params.size()),
          "The signature is " + f.signature() + ".");
    }
    Map<String, Value> values = new HashMap<>();
    Map<String, SourceSpan> spans = new HashMap<>();
    for (int i = 0; i < args.positional().size(); i++) {
      values.put(params.get(i).name(), args.positional().get(i));
      spans.put(params.get(i).name(), args.positionalSpans().get(i));
    }
    List<String> names = params.stream().map(UserFunction.FunctionParam::name).toList();
    args.keywords().forEach((k, v) -> {
      SourceSpan span = args.keywordSpans().get(k);
      if (!names.contains(k)) {
        throw ctx.error("E0102", f.name() + " has no parameter '" + k + "'.", span,
            Suggest.closest(k, names).map(s -> "did you mean '" + s + "'? ").orElse("")
                + "The signature is " + f.signature() + ".");
      }
      if (values.containsKey(k)) {
        throw ctx.error("E0106", "Argument '" + k + "' of " + f.name() + " is given twice.", span);
      }
      values.put(k, v);
      spans.put(k, span);
    });
    Map<String, Dim> symbols = new HashMap<>();
    for (UserFunction.FunctionParam p : params) {
      Value v = values.get(p.name());
      if (v == null) {
        v = p.defaultValue().orElseThrow(() -> ctx.error("E0103", f.name() + " is missing its argument '"
            + p.name() + "'.", args.callSpan(), "The signature is " + f.signature() + "."));
      } else if (p.type().isPresent()) {
        if (p.type().get().name().equals("tensor") && !(v instanceof TensorValue) && !(v instanceof UnknownValue)) {
          v = ctx.toTensor(v, spans.get(p.name()));
        }
        TypeAnnotations.check(v, p.type().get(), symbols, f.closure()).ifPresent(m -> {
          throw ctx.error(m.code(), "Argument '" + p.name() + "' of " + f.name() + ": " + m.reason() + ".",
              spans.get(p.name()));
        });
      }
      local.define(p.name(), v);
    }
    return spans;
  }

  private Value evalBody(UserFunction f, Env local) {
    if (f.body() instanceof Stmt.Body.ExprBody e) {
      return expressions.eval(e.value(), local);
    }
    Stmt.Body.Block block = (Stmt.Body.Block) f.body();
    Value last = Value.NoneValue.NONE;
    try {
      for (Stmt s : block.statements()) {
        Optional<Value> v = execute(s, local);
        last = v.orElse(Value.NoneValue.NONE);
      }
    } catch (ReturnSignal r) {
      return r.value;
    }
    return last;
  }

  private void materialize(Value v) {
    if (mode == Mode.RUN && v instanceof TensorValue t) {
      ctx.materialize(t);
    }
  }

  /** Unwinds a block body at {@code return}. */
  static final class ReturnSignal extends RuntimeException {
    final transient Value value;

    ReturnSignal(Value value) {
      super(null, null, false, false);
      this.value = value;
    }
  }
}
