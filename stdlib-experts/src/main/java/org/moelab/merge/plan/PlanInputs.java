package org.moelab.merge.plan;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.moelab.io.TensorFileException;
import org.moelab.io.TensorFiles;
import org.moelab.io.TensorSource;
import org.moelab.tensor.DType;

/**
 * The checkpoints a planner opens and the problems it finds, reported all at once: each input path
 * is opened once, problems of one kind beyond {@value #MAX_PER_KIND} are counted rather than listed,
 * and {@link #throwIfAny} raises them together as a {@link PlanException}.
 */
final class PlanInputs implements AutoCloseable {
  private static final int MAX_PER_KIND = 20;
  private final List<PlanProblem> problems = new ArrayList<>();
  private final Map<String, Integer> kinds = new LinkedHashMap<>();
  private final Map<Path, TensorSource> sources = new LinkedHashMap<>();

  /**
   * Opens checkpoint {@code given} (a directory or a .safetensors file; once per path): its index
   * among the opened sources, or −1 when it cannot be opened, which is reported naming it as {@code
   * what}.
   */
  int open(String given, String what) {
    Path path = Path.of(given).toAbsolutePath().normalize();
    if (!sources.containsKey(path)) {
      try {
        sources.put(path, TensorFiles.load(path));
      } catch (TensorFileException e) {
        report(PlanProblem.CHECKPOINT, "cannot open " + what + ": " + e.getMessage()
            + "; give a checkpoint directory or a .safetensors file.");
        return -1;
      }
    }
    return paths().indexOf(path);
  }

  /** The source of index {@code index} from {@link #open}, or null for −1. */
  TensorSource source(int index) {
    return index < 0 ? null : List.copyOf(sources.values()).get(index);
  }

  /** The opened checkpoints' paths, by index. */
  List<Path> paths() {
    return List.copyOf(sources.keySet());
  }

  /** Records a problem. */
  void report(String code, String message) {
    problems.add(PlanProblem.of(code, message));
  }

  /** Records a checkpoint problem of a kind; beyond {@value #MAX_PER_KIND} of one kind only a count is kept. */
  void problem(String kind, String message) {
    int n = kinds.merge(kind, 1, Integer::sum);
    if (n <= MAX_PER_KIND) {
      report(PlanProblem.CHECKPOINT, message);
    }
  }

  /**
   * The output dtype named {@code given}: null when none is given (each tensor keeps its own), else
   * the dtype, or null after reporting a name that is not supported.
   */
  DType outDtype(String given) {
    if (given == null) {
      return null;
    }
    DType named = Planner.dtypeNamed(given);
    if (named == null) {
      report(PlanProblem.NAME, "dtype '" + given + "' is not supported; use float32, bfloat16 or float16.");
    }
    return named;
  }

  /**
   * Ends the checks: refuses an output directory {@code outDir} (may be null) that overlaps any
   * input, naming the {@code work} written, and throws every problem if there is any.
   */
  void finish(Path outDir, String work) {
    if (outDir != null) {
      checkOutput(outDir.toAbsolutePath().normalize(), work);
    }
    throwIfAny();
  }

  /** The plan of {@code tensors} after {@link #finish}, with config files from input {@code configFrom} when it is a directory. */
  MergePlan plan(List<PlannedTensor> tensors, int configFrom, List<String> notes) {
    Path from = paths().get(configFrom);
    return new MergePlan(paths(), tensors, from.toFile().isDirectory() ? from : null, notes);
  }

  /** Refuses an output directory {@code out} (absolute) that overlaps any input, naming the {@code work} written. */
  private void checkOutput(Path out, String work) {
    for (Path in : sources.keySet()) {
      Path checkpoint = Planner.checkpointOf(in);
      if (out.startsWith(checkpoint) || checkpoint.startsWith(out)) {
        report(PlanProblem.CHECKPOINT, "the output directory " + out + " overlaps the input " + in
            + "; write the " + work + " to a directory outside every input.");
      }
    }
  }

  /** Throws every recorded problem, with a count of those left out per kind, if there is any. */
  void throwIfAny() {
    kinds.forEach((kind, n) -> {
      if (n > MAX_PER_KIND) {
        report(PlanProblem.CHECKPOINT, "... and " + (n - MAX_PER_KIND) + " more " + kind + " problems.");
      }
    });
    if (!problems.isEmpty()) {
      throw new PlanException(problems);
    }
  }

  @Override
  public void close() {
    sources.values().forEach(TensorSource::close);
  }
}
