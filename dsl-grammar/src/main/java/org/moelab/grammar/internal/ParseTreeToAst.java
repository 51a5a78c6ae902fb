package org.moelab.grammar.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;
import org.moelab.ast.Arg;
import org.moelab.ast.BinaryOp;
import org.moelab.ast.DeclKind;
import org.moelab.ast.DictEntry;
import org.moelab.ast.Expr;
import org.moelab.ast.IndexItem;
import org.moelab.ast.Param;
import org.moelab.ast.Program;
import org.moelab.ast.Stmt;
import org.moelab.ast.TypeExpr;
import org.moelab.ast.TypeExpr.TypeArg;
import org.moelab.ast.UnaryOp;
import org.moelab.grammar.internal.MoeParser.*;
import org.moelab.source.SourceSpan;

/**
 * The one place where parse-tree contexts become AST records: one {@code createX} per node kind.
 *
 * <p>Top-level statements whose subtree holds a syntax error are left out, so the program is
 * partial but every node in it is whole. Syntax rules that the grammar does not express (chained
 * comparisons, argument order, {@code return} placement, declaration counts) are reported here.
 */
final class ParseTreeToAst {
  /** Identifiers that, as a type argument, name a type rather than a symbolic dimension. */
  static final Set<String> BUILTIN_TYPE_NAMES =
      Set.of("int", "float", "str", "bool", "text", "tensor", "any", "list", "dict");

  private final SpanFactory spans;
  private final SyntaxDiagnostics diagnostics;
  private final Literals literals;
  private int depth;

  ParseTreeToAst(SpanFactory spans, SyntaxDiagnostics diagnostics) {
    this.spans = spans;
    this.diagnostics = diagnostics;
    this.literals = new Literals(spans, diagnostics);
  }

  /**
   * Converts the statements that parsed without error; {@code whole} is the program's span.
   * {@code recovered} says whether the parser recovered from errors, so the tree must be checked.
   */
  Program createProgram(ProgramContext ctx, SourceSpan whole, boolean recovered) {
    List<Stmt> statements = new ArrayList<>();
    List<StatementContext> parsed =
        ctx.statements() == null ? List.of() : ctx.statements().statement();
    for (StatementContext statement : parsed) {
      if (recovered && ParseTrees.containsError(statement)) {
        continue;
      }
      try {
        statements.add(createStatement(statement, false));
      } catch (TooDeepException e) {
        depth = 0;
        diagnostics.expressionTooDeep(e.span);
      }
    }
    return new Program(statements, whole);
  }

  private Stmt createStatement(StatementContext ctx, boolean inBlock) {
    if (ctx instanceof LetStatementContext let) {
      return createLet(let);
    }
    if (ctx instanceof DefStatementContext def) {
      return createDef(def);
    }
    if (ctx instanceof DeclStatementContext decl) {
      return createDecl(decl);
    }
    if (ctx instanceof ShowStatementContext show) {
      return new Stmt.Show(createExpression(show.expression()), spans.of(show));
    }
    if (ctx instanceof ReturnStatementContext ret) {
      return createReturn(ret, inBlock);
    }
    if (ctx instanceof ExpressionStatementContext expr) {
      return new Stmt.ExprStmt(createExpression(expr.expression()), spans.of(expr));
    }
    throw new IllegalStateException("Unknown statement context " + ctx.getClass().getSimpleName());
  }

  private Stmt.Let createLet(LetStatementContext ctx) {
    Token name = ctx.NAME().getSymbol();
    return new Stmt.Let(
        name.getText(),
        spans.token(name),
        Optional.ofNullable(ctx.typeExpr()).map(this::createType),
        createExpression(ctx.expression()),
        spans.of(ctx));
  }

  private Stmt.Def createDef(DefStatementContext ctx) {
    Token name = ctx.NAME().getSymbol();
    return new Stmt.Def(
        name.getText(),
        spans.token(name),
        createParams(ctx.paramList()),
        Optional.ofNullable(ctx.typeExpr()).map(this::createType),
        createBody(ctx.functionBody()),
        spans.of(ctx));
  }

  private Stmt.Body createBody(FunctionBodyContext ctx) {
    if (ctx instanceof BlockBodyContext block) {
      List<Stmt> statements = new ArrayList<>();
      for (StatementContext statement : block.statements().statement()) {
        statements.add(createStatement(statement, true));
      }
      return new Stmt.Body.Block(statements, spans.of(block));
    }
    ExpressionBodyContext body = (ExpressionBodyContext) ctx;
    return new Stmt.Body.ExprBody(createExpression(body.expression()), spans.of(body));
  }

  private Stmt.Decl createDecl(DeclStatementContext ctx) {
    Token keyword = ctx.declKeyword().getStart();
    DeclKind kind = Operators.declKind(keyword.getType());
    Token name = ctx.NAME().getSymbol();
    checkCount(kind, keyword, ctx);
    Optional<List<Param>> params =
        ctx.LPAREN() == null ? Optional.empty() : Optional.of(createParams(ctx.paramList()));
    return new Stmt.Decl(
        kind,
        name.getText(),
        spans.token(name),
        Optional.ofNullable(ctx.count).map(this::createExpression),
        params,
        createExpression(ctx.value),
        spans.of(ctx));
  }

  private void checkCount(DeclKind kind, Token keyword, DeclStatementContext ctx) {
    if (kind == DeclKind.EXPERTS && ctx.count == null) {
      diagnostics.error(
          SyntaxDiagnostics.SYNTAX_RULE,
          "'experts " + ctx.NAME().getText() + "' needs a count in brackets.",
          spans.between(keyword, ctx.NAME().getSymbol()),
          "Write 'experts " + ctx.NAME().getText() + "[8] = ...', or use 'expert' for one.");
    } else if (kind != DeclKind.EXPERTS && ctx.count != null) {
      diagnostics.error(
          SyntaxDiagnostics.SYNTAX_RULE,
          "Only 'experts' takes a count, not '" + kind.keyword() + "'.",
          spans.between(ctx.LBRACK().getSymbol(), ctx.RBRACK().getSymbol()),
          "Write 'experts " + ctx.NAME().getText() + "[...] = ...' for a list of experts.");
    }
  }

  private Stmt.Return createReturn(ReturnStatementContext ctx, boolean inBlock) {
    if (!inBlock) {
      diagnostics.error(
          SyntaxDiagnostics.SYNTAX_RULE,
          "'return' can only be used inside the block of a 'def'.",
          spans.token(ctx.RETURN().getSymbol()));
    }
    return new Stmt.Return(createExpression(ctx.expression()), spans.of(ctx));
  }

  private List<Param> createParams(ParamListContext ctx) {
    List<Param> params = new ArrayList<>();
    if (ctx != null) {
      ctx.param().forEach(param -> params.add(createParam(param)));
    }
    return params;
  }

  private Param createParam(ParamContext ctx) {
    return new Param(
        ctx.NAME().getText(),
        Optional.ofNullable(ctx.typeExpr()).map(this::createType),
        Optional.ofNullable(ctx.expression()).map(this::createExpression),
        spans.of(ctx));
  }

  private TypeExpr createType(TypeExprContext ctx) {
    List<TypeArg> args = new ArrayList<>();
    ctx.typeArg().forEach(arg -> args.add(createTypeArg(arg)));
    return new TypeExpr(ctx.typeName().getText(), args, spans.of(ctx));
  }

  private TypeArg createTypeArg(TypeArgContext ctx) {
    SourceSpan span = spans.of(ctx);
    if (ctx instanceof EllipsisArgContext) {
      return new TypeArg.Ellipsis(span);
    }
    if (ctx instanceof SizeArgContext size) {
      return new TypeArg.Dim(null, literals.integer(size.INT().getSymbol()), span);
    }
    TypeExprContext type = ((NamedArgContext) ctx).typeExpr();
    TerminalNode identifier = type.typeName().NAME();
    boolean isDimension =
        type.LBRACK() == null
            && identifier != null
            && !BUILTIN_TYPE_NAMES.contains(identifier.getText());
    if (isDimension) {
      return new TypeArg.Dim(identifier.getText(), 0, span);
    }
    return new TypeArg.Nested(createType(type), span);
  }

  private Expr createExpression(ExpressionContext ctx) {
    enter(ctx);
    Expr expr;
    if (ctx instanceof LambdaContext lambda) {
      expr = createLambda(lambda);
    } else if (ctx instanceof ConditionalContext conditional) {
      expr = createConditional(conditional);
    } else {
      expr = createOpExpr(((OperationContext) ctx).opExpr());
    }
    depth--;
    return expr;
  }

  private Expr.Lambda createLambda(LambdaContext ctx) {
    return new Expr.Lambda(
        createParams(ctx.paramList()), createExpression(ctx.expression()), spans.of(ctx));
  }

  private Expr.Conditional createConditional(ConditionalContext ctx) {
    return new Expr.Conditional(
        createExpression(ctx.condition),
        createExpression(ctx.whenTrue),
        createExpression(ctx.whenFalse),
        spans.of(ctx));
  }

  private Expr createOpExpr(OpExprContext ctx) {
    enter(ctx);
    Expr expr;
    if (ctx instanceof AtomContext atom) {
      expr = createPrimary(atom.primary());
    } else if (ctx instanceof CallContext call) {
      expr = createCall(call);
    } else if (ctx instanceof IndexContext index) {
      expr = createIndex(index);
    } else if (ctx instanceof AttributeContext attribute) {
      expr = createAttribute(attribute);
    } else if (ctx instanceof UnaryContext unary) {
      expr = createUnary(unary);
    } else {
      expr = createBinary((BinaryContext) ctx);
    }
    depth--;
    return expr;
  }

  private Expr.Call createCall(CallContext ctx) {
    List<Arg> args = new ArrayList<>();
    if (ctx.argList() != null) {
      ctx.argList().arg().forEach(arg -> args.add(createArg(arg)));
    }
    checkArgumentOrder(args);
    return new Expr.Call(createOpExpr(ctx.opExpr()), args, spans.of(ctx));
  }

  private void checkArgumentOrder(List<Arg> args) {
    boolean sawKeyword = false;
    for (Arg arg : args) {
      if (sawKeyword && !arg.isKeyword()) {
        diagnostics.error(
            SyntaxDiagnostics.POSITIONAL_AFTER_KEYWORD,
            "Positional argument after keyword argument.",
            arg.span(),
            "Put positional arguments first, or name this one: 'name = value'.");
      }
      sawKeyword |= arg.isKeyword();
    }
  }

  private Arg createArg(ArgContext ctx) {
    Optional<String> keyword = Optional.ofNullable(ctx.NAME()).map(TerminalNode::getText);
    return new Arg(keyword, createExpression(ctx.expression()), spans.of(ctx));
  }

  private Expr.Index createIndex(IndexContext ctx) {
    Expr target = createOpExpr(ctx.opExpr());
    List<IndexItem> items = new ArrayList<>();
    ctx.indexItem().forEach(item -> items.add(createIndexItem(item)));
    return new Expr.Index(target, items, spans.of(ctx));
  }

  private IndexItem createIndexItem(IndexItemContext ctx) {
    SliceTailContext slice = ctx.sliceTail();
    if (slice == null) {
      return new IndexItem.At(createExpression(ctx.expression()), spans.of(ctx));
    }
    return new IndexItem.Slice(
        Optional.ofNullable(ctx.expression()).map(this::createExpression),
        Optional.ofNullable(slice.stop).map(this::createExpression),
        Optional.ofNullable(slice.step).map(this::createExpression),
        spans.of(ctx));
  }

  private Expr.Attribute createAttribute(AttributeContext ctx) {
    Token name = ctx.NAME().getSymbol();
    return new Expr.Attribute(
        createOpExpr(ctx.opExpr()), name.getText(), spans.token(name), spans.of(ctx));
  }

  private Expr.Unary createUnary(UnaryContext ctx) {
    UnaryOp op = Operators.unaryOp(ctx.op.getType());
    return new Expr.Unary(op, createOpExpr(ctx.opExpr()), spans.of(ctx));
  }

  private Expr createBinary(BinaryContext ctx) {
    checkNotChained(ctx);
    Expr left = createOpExpr(ctx.left);
    Expr right = createOpExpr(ctx.right);
    if (ctx.op.getType() == MoeLexer.PIPE) {
      return new Expr.Pipe(left, right, spans.of(ctx));
    }
    BinaryOp op = Operators.binaryOp(ctx.op.getType());
    return new Expr.Binary(op, left, right, spans.token(ctx.op), spans.of(ctx));
  }

  private void checkNotChained(BinaryContext ctx) {
    boolean chained =
        Operators.isComparison(ctx.op.getType())
            && ctx.left instanceof BinaryContext left
            && Operators.isComparison(left.op.getType());
    if (chained) {
      diagnostics.error(
          SyntaxDiagnostics.SYNTAX_RULE,
          "Comparisons cannot be chained: '" + ctx.op.getText() + "' follows another comparison.",
          spans.token(ctx.op),
          "Join two comparisons with 'and', as in 'a < b and b < c'.");
    }
  }

  private Expr createPrimary(PrimaryContext ctx) {
    SourceSpan span = spans.of(ctx);
    if (ctx instanceof IntLiteralContext literal) {
      return new Expr.IntLit(literals.integer(literal.INT().getSymbol()), span);
    }
    if (ctx instanceof FloatLiteralContext literal) {
      return new Expr.FloatLit(literals.floating(literal.FLOAT().getSymbol()), span);
    }
    if (ctx instanceof StringLiteralContext literal) {
      return new Expr.StringLit(literals.string(literal.STRING().getSymbol()), span);
    }
    if (ctx instanceof BoolLiteralContext literal) {
      return new Expr.BoolLit(literal.TRUE() != null, span);
    }
    if (ctx instanceof NoneLiteralContext) {
      return new Expr.NoneLit(span);
    }
    if (ctx instanceof NameRefContext name) {
      return new Expr.Name(name.NAME().getText(), span);
    }
    if (ctx instanceof ParenthesizedContext parenthesized) {
      return createExpression(parenthesized.expression());
    }
    if (ctx instanceof ListOrComprehensionContext list) {
      return createList(list);
    }
    return createDict((DictLiteralContext) ctx);
  }

  private Expr createList(ListOrComprehensionContext ctx) {
    if (ctx.expression() == null) {
      return new Expr.ListLit(List.of(), spans.of(ctx));
    }
    Expr first = createExpression(ctx.expression());
    ComprehensionTailContext comprehension = ctx.comprehensionTail();
    if (comprehension != null) {
      Token variable = comprehension.NAME().getSymbol();
      return new Expr.Comprehension(
          first,
          variable.getText(),
          spans.token(variable),
          createExpression(comprehension.iterable),
          Optional.ofNullable(comprehension.condition).map(this::createExpression),
          spans.of(ctx));
    }
    List<Expr> elements = new ArrayList<>();
    elements.add(first);
    ctx.listTail().expression().forEach(e -> elements.add(createExpression(e)));
    return new Expr.ListLit(elements, spans.of(ctx));
  }

  private Expr.DictLit createDict(DictLiteralContext ctx) {
    List<DictEntry> entries = new ArrayList<>();
    for (DictEntryContext entry : ctx.dictEntry()) {
      Expr key = createExpression(entry.key);
      entries.add(new DictEntry(key, createExpression(entry.value), spans.of(entry)));
    }
    return new Expr.DictLit(entries, spans.of(ctx));
  }

  private void enter(ParserRuleContext ctx) {
    depth++;
    if (depth > ParseLimits.MAX_EXPRESSION_DEPTH) {
      throw new TooDeepException(spans.of(ctx));
    }
  }

  /** Unwinds the conversion of a statement whose expressions nest too deeply. */
  private static final class TooDeepException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient SourceSpan span;

    TooDeepException(SourceSpan span) {
      super(null, null, false, false);
      this.span = span;
    }
  }
}
