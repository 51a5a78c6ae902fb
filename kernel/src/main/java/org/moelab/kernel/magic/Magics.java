package org.moelab.kernel.magic;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The kernel's magics by name. */
public final class Magics {
  private final Map<String, Magic> byName = new LinkedHashMap<>();

  private Magics(Magic... magics) {
    for (Magic magic : magics) {
      byName.put(magic.name(), magic);
    }
  }

  /** The standard set: load, time, backend, seed, vars, graph, help. */
  public static Magics standard() {
    return new Magics(
        new LoadMagic(), new TimeMagic(), new BackendMagic(), new SeedMagic(), new VarsMagic(),
        new GraphMagic(), new HelpMagic());
  }

  /** The magic called {@code name}, if there is one. */
  public Optional<Magic> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** The magic called {@code name}; a {@link MagicException} naming the known ones if none. */
  public Magic get(String name) {
    return find(name).orElseThrow(() -> new MagicException(
        "There is no magic '%" + name + "'. Known magics: " + names() + "; %help explains them."));
  }

  /** All magics, in registration order. */
  public Collection<Magic> all() {
    return byName.values();
  }

  private String names() {
    return byName.keySet().stream().map(n -> "%" + n).collect(Collectors.joining(", "));
  }
}
