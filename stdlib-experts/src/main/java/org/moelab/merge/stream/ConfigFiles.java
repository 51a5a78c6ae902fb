package org.moelab.merge.stream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.moelab.io.ShardedWriter;
import org.moelab.merge.plan.MergePlan;

/**
 * Copies the base's configuration and tokenizer files into the merged checkpoint: every {@code
 * *.json} except shard indexes, and the usual tokenizer files ({@code tokenizer.model}, {@code
 * merges.txt}, {@code vocab.txt}, {@code *.tiktoken}). Tokenizers are never merged.
 */
final class ConfigFiles {
  private static final Set<String> TOKENIZER_FILES = Set.of("tokenizer.model", "merges.txt", "vocab.txt",
      "spiece.model", "sentencepiece.bpe.model");

  private ConfigFiles() {}

  static void copy(MergePlan plan, ShardedWriter writer) {
    Path dir = plan.configSource();
    if (dir == null) {
      return;
    }
    for (Path file : candidates(dir)) {
      writer.copyFile(file, file.getFileName().toString());
    }
  }

  static boolean isCopied(String name) {
    if (name.endsWith(".index.json")) {
      return false;
    }
    return name.endsWith(".json") || name.endsWith(".tiktoken") || TOKENIZER_FILES.contains(name);
  }

  private static List<Path> candidates(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(Files::isRegularFile).filter(f -> isCopied(f.getFileName().toString())).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }
}
