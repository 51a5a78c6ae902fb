package org.moelab.merge.stream;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.moelab.io.TensorFileException;
import org.moelab.merge.ModelParams;
import org.moelab.merge.plan.MergePlan;
import org.moelab.merge.plan.PlannedTensor;
import org.moelab.merge.plan.TensorRef;

/**
 * A canonical description of what a merge plan writes, one line per fact, for fingerprinting a
 * resumable merge (see {@link org.moelab.io.ShardedWriter#resumable}): the sources (absolute
 * paths) with the size and modification time of every tensor file they are read from, and per
 * output tensor its name, dtype, shape, method, inputs, per-model parameters and options. Two plans
 * with equal descriptions write equal bytes. The shard size and the header metadata are added by
 * the writer. {@link #VERSION} changes whenever merge results change for the same description.
 */
final class PlanDescription {
  /** The first line; bump it when a code change alters merged bytes, so old partial merges are not reused. */
  static final String VERSION = "moe-merge-plan 1";

  private PlanDescription() {}

  /** The description of {@code plan}; reads file attributes of its sources. */
  static List<String> of(MergePlan plan) {
    List<String> lines = new ArrayList<>();
    lines.add(VERSION);
    for (int i = 0; i < plan.sources().size(); i++) {
      Path source = plan.sources().get(i).toAbsolutePath().normalize();
      lines.add("source " + i + " " + source);
      for (Path file : tensorFiles(source)) {
        lines.add("input " + i + " " + file + " " + size(file) + " bytes, modified " + modified(file));
      }
    }
    for (PlannedTensor t : plan.tensors()) {
      lines.add(tensor(t));
    }
    return lines;
  }

  private static String tensor(PlannedTensor t) {
    StringBuilder s = new StringBuilder("tensor ").append(t.name()).append(' ').append(t.outDtype())
        .append(t.shape()).append(' ').append(t.method().name().toLowerCase(Locale.ROOT))
        .append(" base ").append(ref(t.base())).append(" models");
    for (int m = 0; m < t.models().size(); m++) {
      ModelParams p = t.params().get(m);
      s.append(' ').append(ref(t.models().get(m))).append(" (weight ").append(p.weight()).append(", density ")
          .append(p.density()).append(", gamma ").append(p.gamma()).append(", epsilon ").append(p.epsilon())
          .append(", scale ").append(p.scale()).append(')');
    }
    return s.append(' ').append(t.options()).toString();
  }

  private static String ref(TensorRef r) {
    return r == null ? "none" : r.source() + ":" + r.name();
  }

  /** The files a source's tensors are read from: itself, or a directory's safetensors and indexes. */
  private static List<Path> tensorFiles(Path source) {
    Path dir = Files.isDirectory(source) ? source
        : source.getFileName().toString().endsWith(".index.json") ? source.getParent() : null;
    if (dir == null) {
      return List.of(source);
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(PlanDescription::isTensorFile).sorted().toList();
    } catch (IOException e) {
      throw new TensorFileException(dir, "cannot list it to fingerprint the merge; check its permissions", e);
    }
  }

  private static boolean isTensorFile(Path file) {
    String name = file.getFileName().toString();
    return !name.startsWith(".") && (name.endsWith(".safetensors") || name.endsWith(".index.json"))
        && Files.isRegularFile(file);
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new TensorFileException(file, "cannot read its size to fingerprint the merge", e);
    }
  }

  private static String modified(Path file) {
    try {
      return Files.getLastModifiedTime(file).toString();
    } catch (IOException e) {
      throw new TensorFileException(file, "cannot read its modification time to fingerprint the merge", e);
    }
  }
}
