package org.moelab.grammar.internal;

import java.util.Set;
import org.moelab.ast.BinaryOp;
import org.moelab.ast.DeclKind;
import org.moelab.ast.UnaryOp;

/** Maps operator and keyword token types to their AST enums. */
final class Operators {
  private static final Set<Integer> COMPARISONS =
      Set.of(MoeLexer.EQ, MoeLexer.NE, MoeLexer.LT, MoeLexer.LE, MoeLexer.GT, MoeLexer.GE);

  private Operators() {}

  /** True for {@code == != < <= > >=}. */
  static boolean isComparison(int tokenType) {
    return COMPARISONS.contains(tokenType);
  }

  /** The prefix operator of a {@code - + not} token. */
  static UnaryOp unaryOp(int tokenType) {
    return switch (tokenType) {
      case MoeLexer.MINUS -> UnaryOp.NEG;
      case MoeLexer.PLUS -> UnaryOp.PLUS;
      default -> UnaryOp.NOT;
    };
  }

  /** The declaration kind of a declaration keyword token. */
  static DeclKind declKind(int tokenType) {
    return switch (tokenType) {
      case MoeLexer.EXPERT -> DeclKind.EXPERT;
      case MoeLexer.EXPERTS -> DeclKind.EXPERTS;
      case MoeLexer.ROUTER -> DeclKind.ROUTER;
      case MoeLexer.LAYER -> DeclKind.LAYER;
      case MoeLexer.MODEL -> DeclKind.MODEL;
      default -> DeclKind.MERGE;
    };
  }

  /** The infix operator of an operator token; {@code |>} has its own node and is not here. */
  static BinaryOp binaryOp(int tokenType) {
    return switch (tokenType) {
      case MoeLexer.COMPOSE -> BinaryOp.COMPOSE;
      case MoeLexer.OR -> BinaryOp.OR;
      case MoeLexer.AND -> BinaryOp.AND;
      case MoeLexer.EQ -> BinaryOp.EQ;
      case MoeLexer.NE -> BinaryOp.NE;
      case MoeLexer.LT -> BinaryOp.LT;
      case MoeLexer.LE -> BinaryOp.LE;
      case MoeLexer.GT -> BinaryOp.GT;
      case MoeLexer.GE -> BinaryOp.GE;
      case MoeLexer.PLUS -> BinaryOp.ADD;
      case MoeLexer.MINUS -> BinaryOp.SUB;
      case MoeLexer.STAR -> BinaryOp.MUL;
      case MoeLexer.SLASH -> BinaryOp.DIV;
      case MoeLexer.PERCENT -> BinaryOp.MOD;
      case MoeLexer.AT -> BinaryOp.MATMUL;
      default -> BinaryOp.POW;
    };
  }
}
