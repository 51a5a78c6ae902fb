package org.moelab.grammar.internal;

import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ListTokenSource;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;
import org.moelab.ast.Program;
import org.moelab.diag.Diagnostic;
import org.moelab.source.Source;

/**
 * Runs the syntax stages on one source: size check, lexer, {@link SourceLayout}, parser (fast SLL
 * first, full LL with error recovery only when SLL fails) and {@link ParseTreeToAst}.
 *
 * <p>This class is the boundary of the internal package: nothing in its signature comes from
 * ANTLR.
 */
public final class SyntaxPipeline {

  /**
   * What parsing produced.
   *
   * @param program the statements that parsed without error
   * @param diagnostics every syntax diagnostic, ordered by position
   * @param endsOpen true when more text could continue the last statement (an open bracket or
   *     string, or a trailing operator)
   */
  public record Outcome(Program program, List<Diagnostic> diagnostics, boolean endsOpen) {
    public Outcome {
      diagnostics = List.copyOf(diagnostics);
    }
  }

  private SyntaxPipeline() {}

  /**
   * Parses {@code source} on a thread with a large stack; never throws for any input text.
   *
   * <p>The nesting limits keep the parser far from that stack's end. Should it still overflow, the
   * overflow is reported as {@code E0004} rather than thrown: a last line of defence, not a path
   * that any known input takes.
   */
  public static Outcome run(Source source) {
    return ParserThreads.call(
        () -> {
          try {
            return runHere(source);
          } catch (StackOverflowError overflow) {
            return stackOverflow(source);
          }
        });
  }

  private static Outcome stackOverflow(Source source) {
    SyntaxDiagnostics diagnostics = new SyntaxDiagnostics();
    SpanFactory spans = new SpanFactory(source);
    diagnostics.expressionTooDeep(spans.chars(0, 0));
    Program empty = new Program(List.of(), spans.chars(0, source.text().length()));
    return new Outcome(empty, diagnostics.sorted(), false);
  }

  private static Outcome runHere(Source source) {
    SyntaxDiagnostics diagnostics = new SyntaxDiagnostics();
    SpanFactory spans = new SpanFactory(source);
    Program empty = new Program(List.of(), spans.chars(0, source.text().length()));
    if (source.text().length() > ParseLimits.MAX_SOURCE_CHARS) {
      reportTooLarge(source, diagnostics, spans);
      return new Outcome(empty, diagnostics.sorted(), false);
    }
    List<Token> tokens = lex(source);
    SourceLayout.Result layout = SourceLayout.apply(tokens, diagnostics, spans);
    if (layout.aborted()) {
      return new Outcome(empty, diagnostics.sorted(), false);
    }
    Tree tree = parse(tokens, diagnostics, spans);
    Program program =
        new ParseTreeToAst(spans, diagnostics)
            .createProgram(tree.root(), empty.span(), tree.recovered());
    return new Outcome(program, diagnostics.sorted(), layout.endsOpen());
  }

  private static List<Token> lex(Source source) {
    MoeLexer lexer = new MoeLexer(CharStreams.fromString(source.text(), source.name()));
    lexer.removeErrorListeners();
    List<Token> tokens = new ArrayList<>();
    Token token;
    do {
      token = lexer.nextToken();
      tokens.add(token);
    } while (token.getType() != Token.EOF);
    return tokens;
  }

  /** A parse tree, and whether the parser had to recover from syntax errors to build it. */
  private record Tree(MoeParser.ProgramContext root, boolean recovered) {}

  /** SLL without recovery first; on any syntax error, LL again with recovery and diagnostics. */
  private static Tree parse(List<Token> tokens, SyntaxDiagnostics diagnostics, SpanFactory spans) {
    MoeParser parser = new MoeParser(new CommonTokenStream(new ListTokenSource(tokens)));
    parser.removeErrorListeners();
    parser.setErrorHandler(new BailErrorStrategy());
    parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
    try {
      return new Tree(parser.program(), false);
    } catch (ParseCancellationException sllFailed) {
      parser.reset();
      parser.addErrorListener(new SyntaxErrorListener(diagnostics, spans));
      parser.setErrorHandler(new SyntaxErrorStrategy());
      parser.getInterpreter().setPredictionMode(PredictionMode.LL);
      return parseOrStop(parser, diagnostics, spans, true);
    } catch (NestingLimitException tooDeep) {
      diagnostics.expressionTooDeep(spans.token(tooDeep.offendingToken()));
      return new Tree((MoeParser.ProgramContext) tooDeep.root(), false);
    }
  }

  private static Tree parseOrStop(
      MoeParser parser, SyntaxDiagnostics diagnostics, SpanFactory spans, boolean recovered) {
    try {
      return new Tree(parser.program(), recovered);
    } catch (NestingLimitException tooDeep) {
      diagnostics.expressionTooDeep(spans.token(tooDeep.offendingToken()));
      return new Tree((MoeParser.ProgramContext) tooDeep.root(), recovered);
    }
  }

  private static void reportTooLarge(
      Source source, SyntaxDiagnostics diagnostics, SpanFactory spans) {
    diagnostics.error(
        SyntaxDiagnostics.LIMIT_EXCEEDED,
        String.format(
            "The source is %,d characters long; the limit is %,d.",
            source.text().length(), ParseLimits.MAX_SOURCE_CHARS),
        spans.chars(0, 0),
        "Split it into several files.");
  }
}
