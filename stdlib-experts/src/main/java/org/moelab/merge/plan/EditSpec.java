package org.moelab.merge.plan;

import java.util.List;
import org.moelab.merge.delta.ComPeft;
import org.moelab.merge.delta.EditMethod;

/**
 * A task-vector edit of checkpoints as asked for, before any file is opened.
 *
 * @param method the edit
 * @param inputs the checkpoints (directories or .safetensors files) in the order of {@link
 *     EditMethod#roles()}: base, expert, anti_expert (cape); model, source_base, target_base
 *     (model_patch); model, then optionally base (compeft, delta_come)
 * @param factor alpha (cape, compeft) or scale (model_patch); unused by delta_come
 * @param density the kept fraction (compeft)
 * @param scale how γ is chosen (compeft)
 * @param ranks the group sizes (delta_come)
 * @param bits the groups' bit widths (delta_come)
 * @param outDtype f32, bf16 or f16 (any name {@link Planner} takes), or null for each tensor's dtype
 *     in the edited input ({@link EditMethod#primary})
 */
public record EditSpec(EditMethod method, List<String> inputs, double factor, double density, ComPeft.Scale scale,
    List<Integer> ranks, List<Integer> bits, String outDtype) {
  /** Copies the lists. */
  public EditSpec {
    inputs = List.copyOf(inputs);
    ranks = List.copyOf(ranks);
    bits = List.copyOf(bits);
  }

  /** cape(base, expert, anti_expert, alpha). */
  public static EditSpec cape(String base, String expert, String antiExpert, double alpha, String outDtype) {
    return new EditSpec(EditMethod.CAPE, List.of(base, expert, antiExpert), alpha, 1, ComPeft.Scale.STD, List.of(),
        List.of(), outDtype);
  }

  /** model_patch(model, source_base, target_base, scale). */
  public static EditSpec patch(String model, String sourceBase, String targetBase, double scale, String outDtype) {
    return new EditSpec(EditMethod.MODEL_PATCH, List.of(model, sourceBase, targetBase), scale, 1, ComPeft.Scale.STD,
        List.of(), List.of(), outDtype);
  }

  /** compeft(model, base, density, alpha, scale); {@code base} may be null. */
  public static EditSpec compeft(String model, String base, double density, double alpha, ComPeft.Scale scale,
      String outDtype) {
    return new EditSpec(EditMethod.COMPEFT, inputs(model, base), alpha, density, scale, List.of(), List.of(),
        outDtype);
  }

  /** delta_come(model, base, ranks, bits); {@code base} may be null. */
  public static EditSpec deltaCome(String model, String base, List<Integer> ranks, List<Integer> bits,
      String outDtype) {
    return new EditSpec(EditMethod.DELTA_COME, inputs(model, base), 1, 1, ComPeft.Scale.STD, ranks, bits, outDtype);
  }

  private static List<String> inputs(String model, String base) {
    return base == null ? List.of(model) : List.of(model, base);
  }

  /** The parameter name of input {@code i}, as the language spells it ({@code input 3} beyond them). */
  public String role(int i) {
    return i < method.roles().size() ? method.roles().get(i) : "input " + (i + 1);
  }

  /** The ranks as an array. */
  public int[] rankArray() {
    return ranks.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The bit widths as an array. */
  public int[] bitArray() {
    return bits.stream().mapToInt(Integer::intValue).toArray();
  }
}
