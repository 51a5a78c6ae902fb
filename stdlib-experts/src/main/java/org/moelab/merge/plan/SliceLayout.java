package org.moelab.merge.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.moelab.io.TensorSource;
import org.moelab.merge.MergeMethod;

/**
 * Output slices (mergekit's {@code slices}): each slice's layers come from its sources' layer
 * ranges, renumbered consecutively in the output. A slice with one source copies its layers
 * (passthrough, "frankenmerge" stacking); with several, the method merges layer i of every source.
 * Tensors outside the layers come from the first slice's sources (embeddings, depth 0) and the
 * last slice's (final norm and head, depth 1).
 */
final class SliceLayout {
  private SliceLayout() {}

  static List<Planner.Group> groups(MergeSpec spec, Planner p) {
    List<Planner.Group> layerGroups = new ArrayList<>();
    List<Sources> all = new ArrayList<>();
    int offset = 0;
    for (int s = 0; s < spec.slices().size(); s++) {
      Sources sources = sources(spec, p, s);
      all.add(sources);
      if (sources != null) {
        layerGroups.add(layers(sources, offset));
        offset += spec.slices().get(s).get(0).length();
      }
    }
    if (!p.problems().isEmpty() || all.isEmpty()) {
      return List.of();
    }
    List<Planner.Group> groups = new ArrayList<>();
    groups.add(nonLayer(all.get(0), 0.0));
    groups.addAll(layerGroups);
    groups.add(nonLayer(all.get(all.size() - 1), 1.0));
    return groups;
  }

  /** One slice's opened inputs, the base first when the method uses one. */
  private record Sources(Planner p, List<Planner.Input> inputs, Planner.Input base, List<SliceSource> ranges,
      MergeMethod method) {
    List<Planner.Input> all() {
      return Planner.allInputs(base, inputs);
    }

    TensorSource reference() {
      return p.source(all().get(0));
    }
  }

  private static Sources sources(MergeSpec spec, Planner p, int index) {
    List<SliceSource> given = spec.slices().get(index);
    String where = "slice " + (index + 1);
    if (given.isEmpty()) {
      p.report(PlanProblem.STRUCTURE, where + " has no sources; give at least one 'model' with a 'layer_range'.",
          spec.spans().sliceSources(index));
      return null;
    }
    MergeMethod method = given.size() == 1 ? MergeMethod.PASSTHROUGH : spec.method();
    boolean usesBase = method.base() != MergeMethod.Base.NONE && spec.baseModel() != null;
    Planner.Input base = null;
    SliceSource baseRange = null;
    List<Planner.Input> inputs = new ArrayList<>();
    List<SliceSource> ranges = new ArrayList<>();
    for (SliceSource src : given) {
      Planner.Input in = p.input(src.model(), src.parameters(), src.at());
      p.resolver().checkNames(src.parameters(), where + ", model " + src.model(), true);
      checkRange(p, where, src, in);
      if (usesBase && base == null && p.resolve(src.model()).equals(p.resolve(spec.baseModel()))) {
        base = in;
        baseRange = src;
      } else {
        inputs.add(in);
        ranges.add(src);
      }
      if (src.length() != given.get(0).length()) {
        p.report(PlanProblem.RANGE, where + ": layer_range " + src.start() + ".." + src.end() + " of " + src.model()
            + " has " + src.length() + " layers but the first source has " + given.get(0).length()
            + "; make them equal.", src.rangeAt());
      }
    }
    if (method.base() == MergeMethod.Base.REQUIRED && base == null) {
      p.report(PlanProblem.STRUCTURE, where + " has no source from base_model " + spec.baseModel() + ", which "
          + method.configName() + " needs; add it to the slice's sources.", spec.spans().sliceSources(index));
      return null;
    }
    if (given.size() > 1) {
      p.checkCount(method, inputs.size(), spec.spans().sliceSources(index));
    }
    if (base != null) {
      ranges.add(0, baseRange);
    }
    return new Sources(p, inputs, base, ranges, method);
  }

  private static void checkRange(Planner p, String where, SliceSource src, Planner.Input in) {
    if (src.start() < 0 || src.end() <= src.start()) {
      p.report(PlanProblem.RANGE, where + ": layer_range [" + src.start() + ", " + src.end() + "] of " + src.model()
          + " is empty or negative; write [first, last + 1].", src.rangeAt());
      return;
    }
    if (in.source() < 0) {
      return;
    }
    int layers = Planner.countLayers(p.source(in).names());
    if (src.end() > layers) {
      p.report(PlanProblem.RANGE, where + ": layer_range [" + src.start() + ", " + src.end() + "] of " + src.model()
          + " goes past its " + layers + " layers; the end is exclusive, at most " + layers + ".", src.rangeAt());
    }
  }

  private static Planner.Group layers(Sources s, int offset) {
    Map<String, Planner.Input.Naming> outputs = new LinkedHashMap<>();
    if (s.all().stream().anyMatch(in -> in.source() < 0)) {
      return new Planner.Group(s.inputs(), s.base(), outputs, s.method());
    }
    int length = s.ranges().get(0).length();
    for (int i = 0; i < length; i++) {
      int layer = s.ranges().get(0).start() + i;
      for (String name : s.reference().names()) {
        OptionalInt l = LayerNames.layerOf(name);
        if (l.isEmpty() || l.getAsInt() != layer) {
          continue;
        }
        List<String> names = new ArrayList<>();
        for (SliceSource r : s.ranges()) {
          names.add(LayerNames.withLayer(name, r.start() + i));
        }
        outputs.put(LayerNames.withLayer(name, offset + i), new Planner.Input.Naming(names, Planner.depth(i, length)));
      }
    }
    return new Planner.Group(s.inputs(), s.base(), outputs, s.method());
  }

  private static Planner.Group nonLayer(Sources s, double depth) {
    Map<String, Planner.Input.Naming> outputs = new LinkedHashMap<>();
    for (String name : s.reference().names()) {
      if (LayerNames.layerOf(name).isEmpty() && LayerNames.depthOfNonLayer(name) == depth) {
        outputs.put(name, new Planner.Input.Naming(java.util.Collections.nCopies(s.all().size(), name), depth));
      }
    }
    return new Planner.Group(s.inputs(), s.base(), outputs, s.method());
  }
}
