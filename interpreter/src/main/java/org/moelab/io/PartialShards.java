package org.moelab.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a resumable write keeps of an earlier attempt's staging directory, decided and cleaned up
 * before anything is written.
 *
 * <p>The directory holds a plan file ({@value #PLAN_FILE}: the SHA-256 fingerprint of the write's
 * description, then the description, one line each) and, per finished shard, the shard and its
 * {@link ShardRecord}. A shard is kept only when the plan file's fingerprint is this write's, the
 * shard's record carries the same fingerprint, the shard's name, tensor list and length are the ones
 * planned now, and its bytes still have the recorded CRC-32C. Everything else in the directory
 * (unfinished shards' temporary files, files copied in at the end, an index) is deleted, and the
 * plan file is written for this write.
 */
final class PartialShards {
  /** The plan file's name in the staging directory. */
  static final String PLAN_FILE = ".moe-plan";
  private static final int CLIP = 160;
  private final boolean[] kept;
  private final ResumeReport report;

  private PartialShards(boolean[] kept, ResumeReport report) {
    this.kept = kept;
    this.report = report;
  }

  /**
   * Decides which of {@code shards} (file names {@code files}, exact lengths {@code bytes}) in
   * {@code temp} are kept, deletes the rest and writes the plan file; nothing is kept unless {@code
   * resume}.
   */
  static PartialShards scan(Path temp, List<String> description, List<List<TensorSpec>> shards, List<String> files,
      long[] bytes, boolean resume) {
    String fingerprint = fingerprint(description);
    Optional<List<String>> previous = readPlan(temp);
    boolean samePlan = previous.isPresent() && previous.get().equals(planLines(fingerprint, description));
    int records = countRecords(temp);
    boolean[] kept = new boolean[shards.size()];
    int discarded = records;
    String reason;
    if (!resume) {
      reason = "a fresh start was asked for";
    } else if (!samePlan) {
      reason = difference(previous, description);
    } else {
      discarded = 0;
      for (int i = 0; i < shards.size(); i++) {
        Optional<ShardRecord> record = ShardRecord.read(temp, files.get(i));
        kept[i] = record.isPresent()
            && record.get().matches(temp.resolve(files.get(i)), fingerprint, names(shards.get(i)), bytes[i]);
        discarded += record.isPresent() && !kept[i] ? 1 : 0;
      }
      reason = "no longer matching their completion records: changed or damaged since";
    }
    clean(temp, files, kept);
    writePlan(temp, planLines(fingerprint, description));
    return new PartialShards(kept, report(temp, shards, kept, discarded, discarded == 0 ? "" : reason));
  }

  /** Whether shard {@code i} is kept. */
  boolean kept(int i) {
    return kept[i];
  }

  /** What was kept and discarded. */
  ResumeReport report() {
    return report;
  }

  /** The SHA-256 (hex) of {@code lines}, joined by newlines, in UTF-8. */
  static String fingerprint(List<String> lines) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String line : lines) {
        sha.update(line.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) '\n');
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private static ResumeReport report(Path temp, List<List<TensorSpec>> shards, boolean[] kept, int discarded,
      String reason) {
    int keptShards = 0;
    int keptTensors = 0;
    int tensors = 0;
    for (int i = 0; i < shards.size(); i++) {
      tensors += shards.get(i).size();
      if (kept[i]) {
        keptShards++;
        keptTensors += shards.get(i).size();
      }
    }
    return new ResumeReport(temp, keptShards, shards.size(), keptTensors, tensors, discarded, reason);
  }

  private static List<String> planLines(String fingerprint, List<String> description) {
    List<String> lines = new ArrayList<>(description.size() + 1);
    lines.add("fingerprint " + fingerprint);
    lines.addAll(description);
    return lines;
  }

  private static Optional<List<String>> readPlan(Path temp) {
    try {
      Path file = temp.resolve(PLAN_FILE);
      return Files.isRegularFile(file) ? Optional.of(Files.readAllLines(file, StandardCharsets.UTF_8)) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static void writePlan(Path temp, List<String> lines) {
    try (AtomicOutput out = AtomicOutput.create(temp.resolve(PLAN_FILE))) {
      out.write(ByteBuffer.wrap((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8)));
      out.commit();
    }
  }

  /** Where the earlier attempt's description first differs from this one, for the user. */
  private static String difference(Optional<List<String>> previous, List<String> now) {
    if (previous.isEmpty() || previous.get().isEmpty() || !previous.get().get(0).startsWith("fingerprint ")) {
      return "the partial write has no readable plan file, so it cannot be matched to this one";
    }
    List<String> before = previous.get().subList(1, previous.get().size());
    int i = 0;
    while (i < before.size() && i < now.size() && before.get(i).equals(now.get(i))) {
      i++;
    }
    String was = i < before.size() ? before.get(i) : "(nothing)";
    String is = i < now.size() ? now.get(i) : "(nothing)";
    int at = 0;
    while (at < was.length() && at < is.length() && was.charAt(at) == is.charAt(at)) {
      at++;
    }
    return "it was started for a different plan; first difference: '" + clip(is, at) + "' now, '" + clip(was, at)
        + "' then";
  }

  /** {@code line}, or when long a window of it from shortly before {@code at}, after its first two words. */
  private static String clip(String line, int at) {
    if (line.length() <= CLIP) {
      return line;
    }
    int from = Math.max(0, Math.min(at - CLIP / 4, line.length() - CLIP));
    int to = Math.min(line.length(), from + CLIP);
    return (from == 0 ? "" : lead(line, from) + "...") + line.substring(from, to) + (to < line.length() ? "..." : "");
  }

  /** The first two words of {@code line} (such as {@code tensor NAME}) when they end before {@code from}. */
  private static String lead(String line, int from) {
    int first = line.indexOf(' ');
    int second = first < 0 ? -1 : line.indexOf(' ', first + 1);
    return second < 0 || second >= from ? "" : line.substring(0, second) + " ";
  }

  private static List<String> names(List<TensorSpec> shard) {
    return shard.stream().map(TensorSpec::name).toList();
  }

  private static int countRecords(Path temp) {
    try (Stream<Path> entries = Files.list(temp)) {
      return (int) entries.filter(p -> ShardRecord.isRecord(p.getFileName().toString())).count();
    } catch (IOException e) {
      return 0;
    }
  }

  /** Deletes everything in {@code temp} but the kept shards and their records. */
  private static void clean(Path temp, List<String> files, boolean[] kept) {
    Set<String> keep = new HashSet<>();
    for (int i = 0; i < kept.length; i++) {
      if (kept[i]) {
        keep.add(files.get(i));
        keep.add(ShardRecord.fileName(files.get(i)));
      }
    }
    List<Path> entries;
    try (Stream<Path> list = Files.list(temp)) {
      entries = list.filter(p -> !keep.contains(p.getFileName().toString())).toList();
    } catch (IOException e) {
      throw new TensorFileException(temp, "cannot list the partial write to resume it; check its permissions, "
          + "or delete it to start over", e);
    }
    for (Path p : entries) {
      AtomicDirectory.deleteTree(p);
      if (Files.exists(p)) {
        throw new TensorFileException(p, "cannot delete this leftover of an interrupted write; delete it by hand.");
      }
    }
  }
}
