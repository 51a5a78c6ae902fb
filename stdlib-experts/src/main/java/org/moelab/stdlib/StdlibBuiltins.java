package org.moelab.stdlib;

import java.util.ArrayList;
import java.util.List;
import org.moelab.runtime.Builtin;
import org.moelab.runtime.BuiltinProvider;
import org.moelab.source.Source;

/** The standard library of experts, routers and MoE layers, found by {@link java.util.ServiceLoader}. */
public final class StdlibBuiltins implements BuiltinProvider {
  @Override
  public List<Builtin> builtins() {
    List<Builtin> all = new ArrayList<>();
    all.addAll(LayerBuiltins.all());
    all.addAll(RouterBuiltins.all());
    all.addAll(DynamicRouterBuiltins.all());
    all.addAll(MoeVariantBuiltins.all());
    all.addAll(MoeBuiltins.all());
    all.addAll(AuxLosses.all());
    all.addAll(HfBuiltins.all());
    all.addAll(LoraBuiltins.all());
    all.addAll(LoraVariantBuiltins.all());
    all.addAll(MoergingBuiltins.all());
    all.addAll(MoergingMoreBuiltins.all());
    all.addAll(AnalysisBuiltins.all());
    all.addAll(BuildingBuiltins.all());
    all.addAll(GateInit.all());
    all.addAll(SimilarityBuiltins.all());
    return all;
  }

  /** The {@code .moe} part of the stdlib: constructs the language says directly. */
  @Override
  public List<Source> prelude() {
    return List.of(resource("logits.moe"), resource("routers.moe"));
  }

  private static Source resource(String name) {
    try (var in = StdlibBuiltins.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("stdlib prelude " + name + " is missing from the class path");
      }
      return new Source("<stdlib>/" + name, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
