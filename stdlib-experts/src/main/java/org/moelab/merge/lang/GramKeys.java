package org.moelab.merge.lang;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.moelab.tensor.HostTensor;

/**
 * The problems with how in-memory RegMean's Gram dicts are keyed, found all at once before any
 * layer is merged, with the same rules as for Gram checkpoints: every Gram is keyed by the name of
 * a model tensor (a typo would otherwise average that layer without a word), and a weight has a
 * Gram in every model's dict or in none.
 */
final class GramKeys {
  private GramKeys() {}

  /** One line per problem of {@code grams} (dict i for model i) with the model tensors {@code names}; empty if none. */
  static List<String> problems(Set<String> names, List<Map<String, HostTensor>> grams) {
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < grams.size(); i++) {
      for (String key : grams.get(i).keySet()) {
        if (!names.contains(key)) {
          String guess = names.contains(key + ".weight") ? " (did you mean '" + key + ".weight'?)" : "";
          problems.add("Gram dict " + (i + 1) + " has a Gram '" + key + "', which is no tensor of the models" + guess
              + "; key each Gram by the name of the weight it belongs to.");
        }
      }
    }
    for (String name : names) {
      int holder = firstHolder(grams, name);
      for (int i = 0; holder >= 0 && i < grams.size(); i++) {
        if (!grams.get(i).containsKey(name)) {
          problems.add("Gram dict " + (i + 1) + " has no Gram for '" + name + "', which dict " + (holder + 1)
              + " has; give every model's Gram for a weight (regmean_gram of that layer's inputs), or none (then it "
              + "is averaged).");
        }
      }
    }
    return problems;
  }

  private static int firstHolder(List<Map<String, HostTensor>> grams, String name) {
    for (int i = 0; i < grams.size(); i++) {
      if (grams.get(i).containsKey(name)) {
        return i;
      }
    }
    return -1;
  }
}
