package org.moelab.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.Value;
import org.moelab.source.SourceSpan;

/**
 * How optimizers and schedules look in the language: structs ({@code optimizer}, {@code
 * lr_schedule}) that print their settings, and their conversion to configurations.
 */
final class TrainValues {
  private TrainValues() {}

  static Value.StructValue struct(String kind, Object... namesAndValues) {
    Map<String, Value> f = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      Object v = namesAndValues[i + 1];
      f.put((String) namesAndValues[i], v instanceof Value value ? value
          : v instanceof Double d ? Value.of(d) : v instanceof Long l ? Value.of(l)
          : v instanceof Boolean b ? Value.of(b) : Value.of(String.valueOf(v)));
    }
    return new Value.StructValue(kind, f);
  }

  /** The optimizer configuration of an {@code optimizer} struct. */
  static OptimizerConfig optimizer(CallContext ctx, Value v, SourceSpan span) {
    if (!(v instanceof Value.StructValue s) || !s.kind().equals("optimizer")) {
      throw ctx.error("E0104", "Expected an optimizer, got " + v.typeName() + ".", span,
          "Write sgd(lr = 0.1), adam(lr = 1e-3) or adamw(lr = 1e-3).");
    }
    Map<String, Value> f = s.fields();
    return new OptimizerConfig(((Value.StrValue) f.get("kind")).value(), schedule(ctx, f.get("lr"), span),
        real(f, "momentum"), real(f, "dampening"), f.get("nesterov") instanceof Value.BoolValue b && b.value(),
        real(f, "beta1"), real(f, "beta2"), real(f, "eps"), real(f, "weight_decay"));
  }

  /** A learning rate: a number or an {@code lr_schedule} struct. */
  static LrSchedule schedule(CallContext ctx, Value v, SourceSpan span) {
    if (v instanceof Value.FloatValue || v instanceof Value.IntValue) {
      return new LrSchedule.Constant(number(v));
    }
    if (v instanceof Value.StructValue s && s.kind().equals("lr_schedule")) {
      Map<String, Value> f = s.fields();
      double lr = real(f, "lr");
      return switch (((Value.StrValue) f.get("kind")).value()) {
        case "warmup" -> new LrSchedule.Warmup(lr, (long) real(f, "warmup"));
        case "cosine" -> new LrSchedule.Cosine(lr, (long) real(f, "steps"), (long) real(f, "warmup"), real(f, "min_lr"));
        default -> new LrSchedule.Constant(lr);
      };
    }
    throw ctx.error("E0104", "A learning rate must be a number or a schedule, got " + v.typeName() + ".", span,
        "Write lr = 0.01, or lr = cosine_lr(0.01, steps = 1000, warmup = 100).");
  }

  private static double real(Map<String, Value> f, String name) {
    return number(f.get(name));
  }

  static double number(Value v) {
    if (v instanceof Value.FloatValue fl) {
      return fl.value();
    }
    return v instanceof Value.IntValue i ? i.value() : 0.0;
  }
}
