/*
 * Tokens of the .moe language.
 *
 * The lexer never fails: characters it does not know become INVALID_CHAR and strings without a
 * closing quote become UNTERMINATED_STRING; SourceLayout turns both into diagnostics. NEWLINE is
 * always emitted here; SourceLayout hides the ones that do not end a statement (inside ( ) and
 * [ ], or after an operator).
 */
lexer grammar MoeLexer;

// Keywords. They come before NAME so that a keyword is never a name.
LET      : 'let' ;
DEF      : 'def' ;
RETURN   : 'return' ;
SHOW     : 'show' ;
EXPERTS  : 'experts' ;
EXPERT   : 'expert' ;
ROUTER   : 'router' ;
LAYER    : 'layer' ;
MODEL    : 'model' ;
MERGE    : 'merge' ;
IF       : 'if' ;
THEN     : 'then' ;
ELSE     : 'else' ;
FOR      : 'for' ;
IN       : 'in' ;
AND      : 'and' ;
OR       : 'or' ;
NOT      : 'not' ;
TRUE     : 'true' ;
FALSE    : 'false' ;
NONE     : 'none' ;
FN       : 'fn' ;

// Operators and punctuation; the lexer takes the longest match, so '**' wins over '*'.
PIPE     : '|>' ;
COMPOSE  : '>>' ;
ARROW    : '=>' ;
POW      : '**' ;
EQ       : '==' ;
NE       : '!=' ;
LE       : '<=' ;
GE       : '>=' ;
LT       : '<' ;
GT       : '>' ;
ASSIGN   : '=' ;
PLUS     : '+' ;
MINUS    : '-' ;
STAR     : '*' ;
SLASH    : '/' ;
PERCENT  : '%' ;
AT       : '@' ;
LPAREN   : '(' ;
RPAREN   : ')' ;
LBRACK   : '[' ;
RBRACK   : ']' ;
LBRACE   : '{' ;
RBRACE   : '}' ;
COMMA    : ',' ;
COLON    : ':' ;
SEMI     : ';' ;
ELLIPSIS : '...' ;
DOT      : '.' ;

// Literals.
FLOAT
  : DIGITS '.' DIGITS EXPONENT?
  | '.' DIGITS EXPONENT?
  | DIGITS EXPONENT
  ;
INT : DIGITS ;

// Escapes are checked when the literal is decoded, so that one bad escape is one clear error.
STRING
  : '"' (ESCAPE | ~["\\\r\n])* '"'
  | '\'' (ESCAPE | ~['\\\r\n])* '\''
  ;
UNTERMINATED_STRING
  : '"' (ESCAPE | ~["\\\r\n])* '\\'?
  | '\'' (ESCAPE | ~['\\\r\n])* '\\'?
  ;

NAME : [a-zA-Z_] [a-zA-Z_0-9]* ;

NEWLINE : '\r'? '\n' | '\r' ;
WS      : [ \t\f]+ -> skip ;
COMMENT : '#' ~[\r\n]* -> skip ;

INVALID_CHAR : . ;

fragment DIGITS   : [0-9] ('_'? [0-9])* ;
fragment EXPONENT : [eE] [+-]? DIGITS ;
fragment ESCAPE   : '\\' ~[\r\n] ;
