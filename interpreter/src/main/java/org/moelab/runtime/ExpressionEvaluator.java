package org.moelab.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.moelab.ast.Arg;
import org.moelab.ast.DictEntry;
import org.moelab.ast.Expr;
import org.moelab.ast.Param;
import org.moelab.source.SourceSpan;
import org.moelab.types.ShapeError;

/** Evaluates expressions; operators, indexing and attributes are delegated to their own classes. */
final class ExpressionEvaluator {
  private final CallContext ctx;
  private final Interpreter interpreter;
  private final Operators operators;

  ExpressionEvaluator(CallContext ctx, Interpreter interpreter) {
    this.ctx = ctx;
    this.interpreter = interpreter;
    this.operators = new Operators(ctx);
  }

  Value eval(Expr expr, Env env) {
    if (expr instanceof Expr.IntLit i) {
      return new Value.IntValue(i.value());
    } else if (expr instanceof Expr.FloatLit f) {
      return new Value.FloatValue(f.value());
    } else if (expr instanceof Expr.StringLit s) {
      return new Value.StrValue(s.value());
    } else if (expr instanceof Expr.BoolLit b) {
      return new Value.BoolValue(b.value());
    } else if (expr instanceof Expr.NoneLit) {
      return Value.NoneValue.NONE;
    } else if (expr instanceof Expr.Name n) {
      return lookup(n, env);
    } else if (expr instanceof Expr.ListLit l) {
      return new Value.ListValue(evalAll(l.elements(), env));
    } else if (expr instanceof Expr.DictLit d) {
      return dict(d, env);
    } else if (expr instanceof Expr.Call c) {
      return call(c, env);
    } else if (expr instanceof Expr.Index ix) {
      return Indexing.index(ctx, eval(ix.target(), env), ix, e -> eval(e, env));
    } else if (expr instanceof Expr.Attribute a) {
      return Attributes.get(ctx, eval(a.target(), env), a);
    } else if (expr instanceof Expr.Unary u) {
      return operators.unary(u, eval(u.operand(), env));
    } else if (expr instanceof Expr.Binary b) {
      return binary(b, env);
    } else if (expr instanceof Expr.Pipe p) {
      return pipe(p, env);
    } else if (expr instanceof Expr.Comprehension c) {
      return comprehension(c, env);
    } else if (expr instanceof Expr.Conditional c) {
      return conditional(c, env);
    }
    return lambda((Expr.Lambda) expr, env);
  }

  private Value lookup(Expr.Name n, Env env) {
    return env.lookup(n.name()).orElseThrow(() -> ctx.error("E0101", "Unknown name '" + n.name() + "'.",
        n.span(), Suggest.closest(n.name(), env.visibleNames()).map(s -> "did you mean '" + s + "'?")
            .orElse("Define it with 'let " + n.name() + " = ...' before this line.")));
  }

  private List<Value> evalAll(List<Expr> exprs, Env env) {
    List<Value> out = new ArrayList<>(exprs.size());
    for (Expr e : exprs) {
      out.add(eval(e, env));
    }
    return out;
  }

  private Value dict(Expr.DictLit d, Env env) {
    Map<String, Value> entries = new LinkedHashMap<>();
    for (DictEntry e : d.entries()) {
      Value key = eval(e.key(), env);
      if (!(key instanceof Value.StrValue s)) {
        throw ctx.error("E0104", "Dict keys must be strings, got " + key.typeName() + ".", e.key().span());
      }
      entries.put(s.value(), eval(e.value(), env));
    }
    return new Value.DictValue(entries);
  }

  private Value call(Expr.Call c, Env env) {
    Value callee = eval(c.callee(), env);
    Args args = args(c, env);
    return apply(callee, args, c.callee().span());
  }

  Value apply(Value callee, Args args, SourceSpan calleeSpan) {
    if (callee instanceof UnknownValue) {
      return UnknownValue.ANY;
    }
    if (!(callee instanceof Callable f)) {
      throw ctx.error("E0107", "A " + callee.typeName() + " is not callable.", calleeSpan);
    }
    try {
      return interpreter.invoke(f, args);
    } catch (ShapeError e) {
      throw ctx.error("E0201", e.getMessage(), args.callSpan(), e.help());
    }
  }

  private Args args(Expr.Call c, Env env) {
    List<Value> positional = new ArrayList<>();
    List<SourceSpan> positionalSpans = new ArrayList<>();
    Map<String, Value> keywords = new LinkedHashMap<>();
    Map<String, SourceSpan> keywordSpans = new LinkedHashMap<>();
    for (Arg a : c.args()) {
      Value v = eval(a.value(), env);
      if (a.keyword().isPresent()) {
        String k = a.keyword().get();
        if (keywords.containsKey(k)) {
          throw ctx.error("E0106", "Keyword argument '" + k + "' is given twice.", a.span());
        }
        keywords.put(k, v);
        keywordSpans.put(k, origin(a.value()).orElse(a.span()));
      } else {
        positional.add(v);
        positionalSpans.add(origin(a.value()).orElse(a.value().span()));
      }
    }
    return new Args(positional, keywords, positionalSpans, keywordSpans, c.span());
  }

  /** The user's argument a library function's parameter came from, when {@code arg} is that parameter. */
  private java.util.Optional<SourceSpan> origin(Expr arg) {
    return arg instanceof Expr.Name n ? interpreter.libraryArgumentSpan(n.name()) : java.util.Optional.empty();
  }

  private Value binary(Expr.Binary b, Env env) {
    Value left = eval(b.left(), env);
    if (b.op() == org.moelab.ast.BinaryOp.AND || b.op() == org.moelab.ast.BinaryOp.OR) {
      return operators.logical(b, left, () -> eval(b.right(), env));
    }
    Value right = eval(b.right(), env);
    try {
      return operators.binary(b, left, right);
    } catch (ShapeError e) {
      throw ctx.error("E0201", e.getMessage(), b.span(), e.help());
    }
  }

  private Value pipe(Expr.Pipe p, Env env) {
    Value input = eval(p.value(), env);
    if (p.stage() instanceof Expr.Call c) {
      Value callee = eval(c.callee(), env);
      return apply(callee, args(c, env).prepend(input, p.value().span()), c.callee().span());
    }
    Value stage = eval(p.stage(), env);
    Args args = new Args(List.of(input), Map.of(), List.of(p.value().span()), Map.of(), p.span());
    return apply(stage, args, p.stage().span());
  }

  private Value comprehension(Expr.Comprehension c, Env env) {
    Value iterable = eval(c.iterable(), env);
    List<Value> items = Iterables.elements(ctx, iterable, c.iterable().span());
    if (items == null) {
      Env local = env.child();
      local.define(c.variable(), UnknownValue.ANY);
      c.condition().ifPresent(cond -> eval(cond, local));
      eval(c.element(), local);
      return new UnknownValue(UnknownValue.Kind.LIST);
    }
    List<Value> out = new ArrayList<>();
    for (Value item : items) {
      ctx.checkCancelled();
      Env local = env.child();
      local.define(c.variable(), item);
      if (c.condition().isPresent()) {
        Value keep = eval(c.condition().get(), local);
        if (keep instanceof UnknownValue) {
          eval(c.element(), local);
          return new UnknownValue(UnknownValue.Kind.LIST);
        }
        if (!Operators.truth(ctx, keep, c.condition().get().span())) {
          continue;
        }
      }
      out.add(eval(c.element(), local));
    }
    return new Value.ListValue(out);
  }

  private Value conditional(Expr.Conditional c, Env env) {
    Value cond = eval(c.condition(), env);
    if (cond instanceof UnknownValue) {
      Value a = eval(c.whenTrue(), env);
      Value b = eval(c.whenFalse(), env);
      return a.equals(b) ? a : UnknownValue.ANY;
    }
    return Operators.truth(ctx, cond, c.condition().span()) ? eval(c.whenTrue(), env) : eval(c.whenFalse(), env);
  }

  private Value lambda(Expr.Lambda l, Env env) {
    List<UserFunction.FunctionParam> params = new ArrayList<>();
    for (Param p : l.params()) {
      params.add(new UserFunction.FunctionParam(p.name(), p.type(), p.defaultValue().map(e -> eval(e, env))));
    }
    return new UserFunction("<fn>", "fn", params, UserFunction.bodyOf(l.body()), java.util.Optional.empty(), env);
  }
}
