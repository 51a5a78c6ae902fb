package org.moelab.stdlib;

import static org.moelab.runtime.Param.optional;
import static org.moelab.runtime.Param.required;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.moelab.ir.Op;
import org.moelab.runtime.BoundArgs;
import org.moelab.runtime.Builtin;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.Callable;
import org.moelab.runtime.ParamKind;
import org.moelab.runtime.SimpleBuiltin;
import org.moelab.runtime.TensorValue;
import org.moelab.runtime.UnknownValue;
import org.moelab.runtime.Value;

/**
 * Hugging Face interop: experts and whole MoE blocks from checkpoint tensors under their HF names
 * (Mixtral {@code experts.{i}.w1/w2/w3}, Qwen/DeepSeek {@code experts.{i}.gate_proj/up_proj/down_proj},
 * Switch {@code experts.expert_{i}.wi/wo}).
 */
final class HfBuiltins {
  private HfBuiltins() {}

  private static final Value NONE = Value.NoneValue.NONE;

  static List<Builtin> all() {
    return List.of(
        SimpleBuiltin.of("hf_experts", "The expert list of an HF checkpoint: Mixtral names {prefix}.{i}.w1/w2/w3.weight, "
            + "Qwen/DeepSeek {prefix}.{i}.gate_proj/up_proj/down_proj.weight (kind \"swiglu\"), or Switch "
            + "{prefix}.expert_{i}.wi/wo.weight (kind \"mlp\", ReLU).", "list", HfBuiltins::experts,
            required("weights", ParamKind.ANY, "A name → tensor dict, such as load(\"model.safetensors\")."),
            optional("prefix", ParamKind.STR, Value.of("experts"), "The name prefix before the expert index."),
            optional("kind", ParamKind.STR, Value.of("swiglu"), "\"swiglu\" or \"mlp\".")),
        SimpleBuiltin.of("hf_moe_block", "A whole HF MoE block with its architecture's defaults: \"mixtral\" (gate.weight, "
            + "top-2 renorm), \"switch\" (router.classifier.weight, top-1 with capacity), \"deepseek\" (v1: top-6, no "
            + "renorm, shared_experts), \"deepseek_v3\" (sigmoid, gate.e_score_correction_bias, 8 of 256 in 4 of 8 "
            + "groups, × 2.5, shared_experts). Keywords override the defaults.", "layer", HfMoeBlock::build,
            required("weights", ParamKind.ANY, "A name → tensor dict."),
            optional("arch", ParamKind.STR, Value.of("mixtral"), "mixtral, switch, deepseek or deepseek_v3."),
            optional("prefix", ParamKind.STR, Value.of(""), "Prefix of the block's names, such as "
                + "\"model.layers.0.block_sparse_moe.\"."),
            optional("k", ParamKind.OPTIONAL, NONE, "Experts per token."),
            optional("renorm", ParamKind.OPTIONAL, NONE, "Renormalise the selected weights."),
            optional("n_groups", ParamKind.OPTIONAL, NONE, "deepseek_v3: expert groups."),
            optional("topk_groups", ParamKind.OPTIONAL, NONE, "deepseek_v3: groups kept."),
            optional("routed_scaling_factor", ParamKind.OPTIONAL, NONE, "deepseek_v3: weight scale."),
            optional("capacity_factor", ParamKind.OPTIONAL, NONE, "switch: capacity factor."),
            optional("expert_capacity", ParamKind.OPTIONAL, NONE, "switch: fixed capacity."),
            optional("dropped", ParamKind.OPTIONAL, NONE, "switch: \"zero\" or \"pass\".")));
  }

  /** The weights dict, or null while checking an unknown one. */
  static Map<String, Value> dict(CallContext ctx, BoundArgs a) {
    Value v = a.get("weights");
    if (v instanceof UnknownValue) {
      return null;
    }
    if (v instanceof Value.DictValue d) {
      return d.entries();
    }
    throw ctx.error("E0104", "weights must be a name → tensor dict, got " + v.typeName() + ".", a.span("weights"),
        "Load a checkpoint with load(\"model.safetensors\").");
  }

  private static Value experts(CallContext ctx, BoundArgs a) {
    Map<String, Value> w = dict(ctx, a);
    if (w == null) {
      return new UnknownValue(UnknownValue.Kind.LIST);
    }
    String kind = a.string("kind") == null ? "swiglu" : a.string("kind");
    List<Callable> out = read(ctx, a, w, a.string("prefix") == null ? "experts" : a.string("prefix"), kind);
    return new Value.ListValue(new ArrayList<>(out));
  }

  /** Reads experts 0, 1, ... under {@code prefix} until one is missing; fails when there is none. */
  static List<Callable> read(CallContext ctx, BoundArgs a, Map<String, Value> w, String prefix, String kind) {
    List<Callable> out = new ArrayList<>();
    for (int i = 0; ; i++) {
      Callable e = one(ctx, a, w, prefix, i, kind);
      if (e == null) {
        break;
      }
      out.add(e);
    }
    if (out.isEmpty()) {
      String tried = kind.equals("mlp") ? prefix + ".expert_0.wi.weight"
          : prefix + ".0.w1.weight or " + prefix + ".0.gate_proj.weight";
      throw ctx.error("E0111", "No experts named " + tried + " in the weights.", a.span("weights"), hint(w));
    }
    return out;
  }

  private static Callable one(CallContext ctx, BoundArgs a, Map<String, Value> w, String prefix, int i, String kind) {
    if (kind.equals("mlp")) {
      String p = prefix + ".expert_" + i + ".";
      return has(w, p + "wi.weight") ? new MlpExpert(get(w, p + "wi.weight"), get(w, p + "wo.weight"), Op.RELU) : null;
    }
    if (!kind.equals("swiglu")) {
      throw ctx.error("E0111", "Unknown expert kind \"" + kind + "\".", a.span("kind"), "Use \"swiglu\" or \"mlp\".");
    }
    String p = prefix + "." + i + ".";
    if (has(w, p + "w1.weight")) {
      return new SwigluExpert(get(w, p + "w1.weight"), get(w, p + "w2.weight"), get(w, p + "w3.weight"));
    }
    if (has(w, p + "gate_proj.weight")) {
      return swigluProj(w, p);
    }
    return null;
  }

  /** A SwiGLU expert from {@code gate_proj, up_proj, down_proj} under {@code p}. */
  static SwigluExpert swigluProj(Map<String, Value> w, String p) {
    return new SwigluExpert(get(w, p + "gate_proj.weight"), get(w, p + "down_proj.weight"), get(w, p + "up_proj.weight"));
  }

  static boolean has(Map<String, Value> w, String name) {
    return w.get(name) instanceof TensorValue;
  }

  static TensorValue get(Map<String, Value> w, String name) {
    if (w.get(name) instanceof TensorValue t) {
      return t;
    }
    throw new org.moelab.types.ShapeError("The checkpoint has no tensor named " + name + ".",
        "Check the prefix and the architecture.");
  }

  private static final java.util.regex.Pattern FIRST_EXPERT =
      java.util.regex.Pattern.compile("(.*)\\.(?:expert_)?0\\.(?:w1|gate_proj|wi)\\.weight");

  private static String hint(Map<String, Value> w) {
    for (String name : w.keySet()) {
      var m = FIRST_EXPERT.matcher(name);
      if (m.matches()) {
        return "The checkpoint has experts under prefix = \"" + m.group(1) + "\".";
      }
    }
    return "Check the prefix; the names start with "
        + w.keySet().stream().limit(3).map(n -> "\"" + n + "\"").reduce((x, y) -> x + ", " + y).orElse("nothing") + ".";
  }
}
