package org.moelab.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.moelab.ast.TypeExpr;
import org.moelab.ast.TypeExpr.TypeArg;
import org.moelab.tensor.DType;
import org.moelab.types.Dim;
import org.moelab.types.SymShape;

/**
 * Written types ({@code int}, {@code tensor[B, S, d]}, {@code list[expert]}): checks values against
 * them, binding dimension symbols consistently within one call, and makes the abstract value a
 * typed parameter stands for when a function body is checked on its own.
 */
public final class TypeAnnotations {
  /** Type names the language knows. */
  public static final Set<String> KNOWN = Set.of("int", "float", "bool", "str", "none", "any",
      "tensor", "list", "dict", "callable", "fn", "expert", "experts", "router", "layer", "model",
      "merge", "checkpoint", "lora", "text");

  private TypeAnnotations() {}

  /**
   * Why a value does not conform to its declared type.
   *
   * @param reason a clause such as {@code expected int, got str}
   * @param code {@code E0201} for a shape mismatch, {@code E0104} for a kind mismatch
   */
  public record Mismatch(String reason, String code) {}

  /**
   * Checks {@code value} against {@code type}; empty when it conforms. Dimension symbols bind in
   * {@code symbols}; a symbol that names an int in {@code env} means that int.
   */
  public static java.util.Optional<Mismatch> check(Value value, TypeExpr type, Map<String, Dim> symbols, Env env) {
    String why = mismatch(value, type, symbols, env);
    if (why == null) {
      return java.util.Optional.empty();
    }
    boolean shape = value instanceof TensorValue || value instanceof Value.ListValue && why.contains("shape");
    return java.util.Optional.of(new Mismatch(why, shape ? "E0201" : "E0104"));
  }

  private static String mismatch(Value value, TypeExpr type, Map<String, Dim> symbols, Env env) {
    if (value instanceof UnknownValue) {
      return null;
    }
    return switch (type.name()) {
      case "any" -> null;
      case "int" -> value instanceof Value.IntValue ? null : expected(type, value);
      case "float" -> value instanceof Value.FloatValue || value instanceof Value.IntValue ? null : expected(type, value);
      case "bool" -> value instanceof Value.BoolValue ? null : expected(type, value);
      case "str", "text" -> value instanceof Value.StrValue ? null : expected(type, value);
      case "none" -> value instanceof Value.NoneValue ? null : expected(type, value);
      case "dict", "checkpoint" -> value instanceof Value.DictValue ? null : expected(type, value);
      case "list", "experts" -> listMismatch(value, type, symbols, env);
      case "tensor" -> value instanceof TensorValue t ? shapeMismatch(t.shape(), type, symbols, env) : expected(type, value);
      default -> value instanceof Callable ? null : expected(type, value);
    };
  }

  private static String listMismatch(Value value, TypeExpr type, Map<String, Dim> symbols, Env env) {
    if (!(value instanceof Value.ListValue list)) {
      return expected(type, value);
    }
    for (TypeArg arg : type.args()) {
      if (arg instanceof TypeArg.Nested nested) {
        for (Value element : list.elements()) {
          String why = mismatch(element, nested.type(), symbols, env);
          if (why != null) {
            return "an element of the list: " + why;
          }
        }
      }
    }
    return null;
  }

  private static String shapeMismatch(SymShape actual, TypeExpr type, Map<String, Dim> symbols, Env env) {
    if (type.args().isEmpty() || !actual.hasRank()) {
      return null;
    }
    List<TypeArg> args = type.args();
    boolean ellipsis = args.stream().anyMatch(a -> a instanceof TypeArg.Ellipsis);
    int fixedArgs = ellipsis ? args.size() - 1 : args.size();
    if (ellipsis ? actual.rank() < fixedArgs : actual.rank() != fixedArgs) {
      return "expected a tensor of shape " + TypeNames.render(type).substring("tensor".length())
          + ", got shape " + actual + " (rank " + actual.rank() + ")";
    }
    int ellipsisAt = -1;
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i) instanceof TypeArg.Ellipsis) {
        ellipsisAt = i;
      }
    }
    for (int i = 0; i < args.size(); i++) {
      if (i == ellipsisAt) {
        continue;
      }
      int axis = ellipsisAt < 0 || i < ellipsisAt ? i : actual.rank() - (args.size() - i);
      String why = dimMismatch(actual.dim(axis), args.get(i), symbols, env, actual, type);
      if (why != null) {
        return why;
      }
    }
    return null;
  }

  private static String dimMismatch(Dim actual, TypeArg arg, Map<String, Dim> symbols, Env env,
      SymShape shape, TypeExpr type) {
    if (arg instanceof TypeArg.Nested) {
      return null;
    }
    TypeArg.Dim d = (TypeArg.Dim) arg;
    Dim expected = expectedDim(d, symbols, env);
    if (expected == null) {
      symbols.put(d.symbol(), actual);
      return null;
    }
    if (Dim.unify(expected, actual) == null) {
      String name = d.isFixed() ? Long.toString(d.size()) : d.symbol() + " = " + expected;
      return "dimension " + name + " does not match " + actual + " in shape " + shape
          + " (declared " + TypeNames.render(type) + ")";
    }
    return null;
  }

  private static Dim expectedDim(TypeArg.Dim d, Map<String, Dim> symbols, Env env) {
    if (d.isFixed()) {
      return Dim.of(d.size());
    }
    if (symbols.containsKey(d.symbol())) {
      return symbols.get(d.symbol());
    }
    var bound = env.lookup(d.symbol());
    if (bound.isPresent() && bound.get() instanceof Value.IntValue i) {
      return Dim.of(i.value());
    }
    return null;
  }

  private static String expected(TypeExpr type, Value value) {
    return "expected " + TypeNames.render(type) + ", got " + value.typeName();
  }

  /** The abstract value a parameter of this type stands for when its function is checked alone. */
  public static Value abstractValue(TypeExpr type, Env env) {
    return switch (type.name()) {
      case "int" -> new UnknownValue(UnknownValue.Kind.INT);
      case "float" -> new UnknownValue(UnknownValue.Kind.FLOAT);
      case "bool" -> new UnknownValue(UnknownValue.Kind.BOOL);
      case "str", "text" -> new UnknownValue(UnknownValue.Kind.STR);
      case "list", "experts" -> new UnknownValue(UnknownValue.Kind.LIST);
      case "dict", "checkpoint" -> new UnknownValue(UnknownValue.Kind.DICT);
      case "tensor" -> TensorOps.abstractTensor(abstractShape(type, env), DType.F32);
      default -> UnknownValue.ANY;
    };
  }

  private static SymShape abstractShape(TypeExpr type, Env env) {
    if (type.args().isEmpty() || type.args().stream().anyMatch(a -> a instanceof TypeArg.Ellipsis)) {
      return SymShape.unknownRank();
    }
    List<Dim> dims = new ArrayList<>();
    for (TypeArg a : type.args()) {
      if (a instanceof TypeArg.Dim d) {
        Dim known = expectedDim(d, Map.of(), env);
        dims.add(known != null ? known : Dim.sym(d.symbol()));
      } else {
        dims.add(Dim.any());
      }
    }
    return SymShape.of(dims);
  }
}
