package org.moelab.runtime;

/**
 * A value the checker cannot know, only its kind: the result of reading data (an int computed from
 * a tensor), an untyped parameter, or an expression after an error. Operations on unknown values
 * give unknown values without further errors, so one mistake is reported once.
 *
 * @param kind what is known about it
 */
public record UnknownValue(Kind kind) implements Value {

  /** What is known about an unknown value. */
  public enum Kind {
    ANY,
    INT,
    FLOAT,
    BOOL,
    STR,
    LIST,
    DICT,
    CALLABLE
  }

  /** An unknown value of any kind. */
  public static final UnknownValue ANY = new UnknownValue(Kind.ANY);

  @Override
  public String typeName() {
    return kind == Kind.ANY ? "unknown" : kind.name().toLowerCase(java.util.Locale.ROOT);
  }
}
