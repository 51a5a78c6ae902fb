package org.moelab.grammar;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.moelab.ast.Arg;
import org.moelab.ast.DictEntry;
import org.moelab.ast.Expr;
import org.moelab.ast.IndexItem;
import org.moelab.ast.Param;
import org.moelab.ast.Program;
import org.moelab.ast.Stmt;
import org.moelab.ast.TypeExpr;
import org.moelab.ast.TypeExpr.TypeArg;

/**
 * Prints an AST as S-expressions so tests can compare whole trees as strings.
 *
 * <p>Operators print as their symbol: {@code (+ a b)}, {@code (- x)}, {@code (|> x f)}. Calls
 * print as {@code (call f a k=v)}, indexing as {@code (index t 0 (: 1 3 _))}, attributes as {@code
 * (. x shape)}. In types, a symbolic dimension prints bare ({@code B}), a nested type with a caret
 * ({@code list[^expert]}).
 */
final class AstPrinter {
  private AstPrinter() {}

  static String print(Program program) {
    return join(program.statements(), AstPrinter::statement, "\n");
  }

  static String statement(Stmt stmt) {
    if (stmt instanceof Stmt.Let let) {
      return "(let " + let.name() + let.type().map(t -> ":" + type(t)).orElse("") + " "
          + expr(let.value()) + ")";
    }
    if (stmt instanceof Stmt.Def def) {
      return "(def " + def.name() + " (" + join(def.params(), AstPrinter::param, " ") + ")"
          + def.returnType().map(t -> " :" + type(t)).orElse("") + " " + body(def.body()) + ")";
    }
    if (stmt instanceof Stmt.Decl decl) {
      return "(" + decl.kind().keyword() + " " + decl.name()
          + decl.count().map(c -> "[" + expr(c) + "]").orElse("")
          + decl.params().map(ps -> "(" + join(ps, AstPrinter::param, " ") + ")").orElse("")
          + " " + expr(decl.value()) + ")";
    }
    if (stmt instanceof Stmt.Show show) {
      return "(show " + expr(show.value()) + ")";
    }
    if (stmt instanceof Stmt.Return ret) {
      return "(return " + expr(ret.value()) + ")";
    }
    return expr(((Stmt.ExprStmt) stmt).value());
  }

  private static String body(Stmt.Body body) {
    if (body instanceof Stmt.Body.ExprBody e) {
      return "= " + expr(e.value());
    }
    return "{" + join(((Stmt.Body.Block) body).statements(), AstPrinter::statement, "; ") + "}";
  }

  static String param(Param p) {
    return p.name() + p.type().map(t -> ":" + type(t)).orElse("")
        + p.defaultValue().map(d -> "=" + expr(d)).orElse("");
  }

  static String type(TypeExpr t) {
    if (t.args().isEmpty()) {
      return t.name();
    }
    return t.name() + "[" + join(t.args(), AstPrinter::typeArg, ",") + "]";
  }

  private static String typeArg(TypeArg arg) {
    if (arg instanceof TypeArg.Dim dim) {
      return dim.isFixed() ? Long.toString(dim.size()) : dim.symbol();
    }
    if (arg instanceof TypeArg.Ellipsis) {
      return "...";
    }
    return "^" + type(((TypeArg.Nested) arg).type());
  }

  static String expr(Expr e) {
    if (e instanceof Expr.IntLit i) {
      return Long.toString(i.value());
    }
    if (e instanceof Expr.FloatLit f) {
      return Double.toString(f.value());
    }
    if (e instanceof Expr.StringLit s) {
      return quote(s.value());
    }
    if (e instanceof Expr.BoolLit b) {
      return Boolean.toString(b.value());
    }
    if (e instanceof Expr.NoneLit) {
      return "none";
    }
    if (e instanceof Expr.Name n) {
      return n.name();
    }
    if (e instanceof Expr.ListLit l) {
      return "[" + join(l.elements(), AstPrinter::expr, " ") + "]";
    }
    if (e instanceof Expr.DictLit d) {
      return "{" + join(d.entries(), AstPrinter::entry, ", ") + "}";
    }
    return compound(e);
  }

  private static String compound(Expr e) {
    if (e instanceof Expr.Call c) {
      return "(call " + expr(c.callee()) + (c.args().isEmpty() ? "" : " ")
          + join(c.args(), AstPrinter::arg, " ") + ")";
    }
    if (e instanceof Expr.Index i) {
      return "(index " + expr(i.target()) + " " + join(i.items(), AstPrinter::item, " ") + ")";
    }
    if (e instanceof Expr.Attribute a) {
      return "(. " + expr(a.target()) + " " + a.name() + ")";
    }
    if (e instanceof Expr.Unary u) {
      return "(" + u.op().symbol() + " " + expr(u.operand()) + ")";
    }
    if (e instanceof Expr.Binary b) {
      return "(" + b.op().symbol() + " " + expr(b.left()) + " " + expr(b.right()) + ")";
    }
    if (e instanceof Expr.Pipe p) {
      return "(|> " + expr(p.value()) + " " + expr(p.stage()) + ")";
    }
    if (e instanceof Expr.Comprehension c) {
      return "(for " + expr(c.element()) + " " + c.variable() + " " + expr(c.iterable())
          + c.condition().map(x -> " " + expr(x)).orElse("") + ")";
    }
    if (e instanceof Expr.Conditional c) {
      return "(if " + expr(c.condition()) + " " + expr(c.whenTrue()) + " " + expr(c.whenFalse())
          + ")";
    }
    Expr.Lambda l = (Expr.Lambda) e;
    return "(fn (" + join(l.params(), AstPrinter::param, " ") + ") " + expr(l.body()) + ")";
  }

  private static String arg(Arg a) {
    return a.keyword().map(k -> k + "=").orElse("") + expr(a.value());
  }

  private static String entry(DictEntry d) {
    return expr(d.key()) + ": " + expr(d.value());
  }

  private static String item(IndexItem item) {
    if (item instanceof IndexItem.At at) {
      return expr(at.index());
    }
    IndexItem.Slice s = (IndexItem.Slice) item;
    return "(: " + s.start().map(AstPrinter::expr).orElse("_") + " "
        + s.stop().map(AstPrinter::expr).orElse("_") + " "
        + s.step().map(AstPrinter::expr).orElse("_") + ")";
  }

  private static String quote(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")
        .replace("\t", "\\t") + "\"";
  }

  private static <T> String join(List<T> items, Function<T, String> show, String separator) {
    return items.stream().map(show).collect(Collectors.joining(separator));
  }
}
