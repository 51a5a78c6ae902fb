/*
 * Syntax of the .moe language. ParseTreeToAst turns these contexts into org.moelab.ast records.
 *
 * Operator precedence lives in the order of the opExpr alternatives: the first binds tightest.
 * Lambdas and conditionals sit above opExpr, so they need parentheses as operands.
 * Newlines that do not end a statement (inside brackets and dicts, after operators) never reach
 * the parser: SourceLayout hides them.
 */
parser grammar MoeParser;

options {
  tokenVocab = MoeLexer;
  superClass = MoeParserBase;
}

program : statements EOF ;

// Every decision here needs one token of lookahead, so that SyntaxErrorStrategy can resynchronise
// at the next separator and go on with the following statement.
statements : statement? (separator statement?)* ;

separator : NEWLINE | SEMI ;

statement
  : LET NAME (COLON typeExpr)? ASSIGN expression                            # letStatement
  | DEF NAME LPAREN paramList? RPAREN (COLON typeExpr)? functionBody        # defStatement
  | declKeyword NAME (LBRACK count=expression RBRACK)?
        (LPAREN paramList? RPAREN)? ASSIGN value=expression                 # declStatement
  | SHOW expression                                                         # showStatement
  | RETURN expression                                                       # returnStatement
  | expression                                                              # expressionStatement
  ;

functionBody
  : ASSIGN expression                                                       # expressionBody
  | LBRACE statements RBRACE                                                # blockBody
  ;

declKeyword : EXPERT | EXPERTS | ROUTER | LAYER | MODEL | MERGE ;

paramList : param (COMMA param)* COMMA? ;

param : NAME (COLON typeExpr)? (ASSIGN expression)? ;

typeExpr : typeName (LBRACK typeArg (COMMA typeArg)* COMMA? RBRACK)? ;

typeName : NAME | EXPERT | EXPERTS | ROUTER | LAYER | MODEL | MERGE | NONE ;

typeArg
  : ELLIPSIS                                                                # ellipsisArg
  | INT                                                                     # sizeArg
  | typeExpr                                                                # namedArg
  ;

expression
  : FN LPAREN paramList? RPAREN ARROW expression                            # lambda
  | IF condition=expression THEN whenTrue=expression ELSE whenFalse=expression # conditional
  | opExpr                                                                  # operation
  ;

opExpr
  : primary                                                                 # atom
  | opExpr LPAREN argList? RPAREN                                           # call
  | opExpr LBRACK indexItem (COMMA indexItem)* COMMA? RBRACK                 # index
  | opExpr DOT NAME                                                         # attribute
  | <assoc=right> left=opExpr op=POW right=opExpr                           # binary
  | op=(MINUS | PLUS) opExpr                                                # unary
  | left=opExpr op=(STAR | SLASH | PERCENT | AT) right=opExpr               # binary
  | left=opExpr op=(PLUS | MINUS) right=opExpr                              # binary
  | left=opExpr op=(EQ | NE | LT | LE | GT | GE) right=opExpr               # binary
  | op=NOT opExpr                                                           # unary
  | left=opExpr op=AND right=opExpr                                         # binary
  | left=opExpr op=OR right=opExpr                                          # binary
  | left=opExpr op=PIPE right=opExpr                                        # binary
  | left=opExpr op=COMPOSE right=opExpr                                     # binary
  ;

argList : arg (COMMA arg)* COMMA? ;

arg : (NAME ASSIGN)? expression ;

indexItem
  : expression sliceTail?
  | sliceTail
  ;

sliceTail : COLON stop=expression? (COLON step=expression?)? ;

primary
  : INT                                                                     # intLiteral
  | FLOAT                                                                   # floatLiteral
  | STRING                                                                  # stringLiteral
  | (TRUE | FALSE)                                                          # boolLiteral
  | NONE                                                                    # noneLiteral
  | NAME                                                                    # nameRef
  | LPAREN expression RPAREN                                                # parenthesized
  | LBRACK (expression (comprehensionTail | listTail))? RBRACK              # listOrComprehension
  | LBRACE (dictEntry (COMMA dictEntry)* COMMA?)? RBRACE                     # dictLiteral
  ;

comprehensionTail : FOR NAME IN iterable=expression (IF condition=expression)? ;

listTail : (COMMA expression)* COMMA? ;

dictEntry : key=expression COLON value=expression ;
