package org.moelab.merge.peft;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A PEFT LoRA adapter: its modules in file order, its config rank and its {@code adapter_config.json}.
 *
 * @param modules the modules, each with its own rank and scaling
 * @param r the config's rank (the largest of {@code r} and the {@code rank_pattern} values, as PEFT
 *     sizes merged adapters)
 * @param config the parsed {@code adapter_config.json}, or null for adapters built in memory
 */
public record LoraAdapter(List<LoraModule> modules, int r, JsonNode config) {
  /** Copies the module list; an adapter has at least one module. */
  public LoraAdapter {
    modules = List.copyOf(modules);
    if (modules.isEmpty()) {
      throw new IllegalArgumentException("an adapter needs at least one module");
    }
  }

  /** The module called {@code name}, or null. */
  public LoraModule module(String name) {
    for (LoraModule m : modules) {
      if (m.name().equals(name)) {
        return m;
      }
    }
    return null;
  }
}
