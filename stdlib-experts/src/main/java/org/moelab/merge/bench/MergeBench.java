package org.moelab.merge.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.moelab.io.ShardedWriter;
import org.moelab.io.TensorFiles;
import org.moelab.io.TensorSource;
import org.moelab.io.TensorSpec;
import org.moelab.merge.MergeMethod;
import org.moelab.merge.MergeOptions;
import org.moelab.merge.ModelParams;
import org.moelab.merge.TensorInputs;
import org.moelab.merge.TensorMerge;
import org.moelab.merge.config.MergekitYaml;
import org.moelab.merge.plan.MergePlan;
import org.moelab.merge.plan.Planner;
import org.moelab.merge.stream.MergeProgress;
import org.moelab.merge.stream.MergeResult;
import org.moelab.merge.stream.StreamLimits;
import org.moelab.merge.stream.StreamingMerge;
import org.moelab.tensor.DType;
import org.moelab.tensor.ElementCodec;
import org.moelab.tensor.HostTensor;
import org.moelab.tensor.Shape;

/**
 * The merge benchmark (a main class, not a test). Run each step in its own JVM under {@code
 * /usr/bin/time -v} to get its peak RSS:
 *
 * <pre>
 * MergeBench generate DIR [GB]   4 bf16 checkpoints (base + 3) of GB each (default 2.1), streamed to disk
 * MergeBench scan DIR            the I/O ceiling: read every input tensor once (positional reads) and sum it
 * MergeBench scan-chunks DIR     the same through the one-pass merge's path: each tensor read a chunk at a
 *                                time into reused buffers, decoded to f32 a tile at a time on two threads, summed
 * MergeBench stream DIR [MiB [RUNS]]  streamed TIES (density 0.5) into DIR/out-stream (replaced if there);
 *                                MiB: the block budget (smaller than a tensor forces multi-pass row blocks);
 *                                RUNS: merges in this JVM, one after another (the later ones with the JIT warm)
 * MergeBench naive DIR           the baseline: every tensor of every model loaded, merged, then written
 * MergeBench clean DIR           deletes DIR
 * </pre>
 */
public final class MergeBench {
  private static final int ROWS = 2048;
  private static final int COLS = 4096;
  /** Elements per chunk of {@code scan-chunks}, as the one-pass merge reads them. */
  private static final int SCAN_CHUNK = 1 << 16;
  private static final String[] MODELS = {"base", "m1", "m2", "m3"};
  private static final String CONFIG = """
      merge_method: ties
      base_model: base
      models:
        - model: m1
          parameters: {weight: 0.5, density: 0.5}
        - model: m2
          parameters: {weight: 0.3, density: 0.5}
        - model: m3
          parameters: {weight: 0.2, density: 0.5}
      dtype: bfloat16
      """;

  private MergeBench() {}

  /** See the class comment. */
  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: MergeBench generate|stream|naive|clean DIR [GB]");
      System.exit(64);
    }
    Path dir = Path.of(args[1]);
    switch (args[0]) {
      case "generate" -> generate(dir, args.length > 2 ? Double.parseDouble(args[2]) : 2.1);
      case "scan" -> scan(dir);
      case "scan-chunks" -> scanChunks(dir);
      case "stream" -> stream(dir, args.length > 2 ? Long.parseLong(args[2]) << 20 : StreamLimits.DEFAULT.blockBytes(),
          args.length > 3 ? Integer.parseInt(args[3]) : 1);
      case "naive" -> naive(dir);
      case "clean" -> clean(dir);
      default -> {
        System.err.println("unknown step " + args[0]);
        System.exit(64);
      }
    }
  }

  private static void generate(Path dir, double gb) throws IOException {
    Files.createDirectories(dir);
    int tensors = (int) Math.ceil(gb * 1e9 / (2.0 * ROWS * COLS));
    long start = System.nanoTime();
    for (int m = 0; m < MODELS.length; m++) {
      List<TensorSpec> specs = new ArrayList<>();
      for (int i = 0; i < tensors; i++) {
        specs.add(new TensorSpec(name(i), DType.BF16, Shape.of(ROWS, COLS)));
      }
      try (ShardedWriter w = ShardedWriter.create(dir.resolve(MODELS[m]), specs, 1_000_000_000L, Map.of(), false)) {
        for (int i = 0; i < tensors; i++) {
          w.write(name(i), tensor(m, i));
        }
        w.commit();
      }
      Files.writeString(dir.resolve(MODELS[m]).resolve("config.json"), "{\"num_hidden_layers\": " + tensors + "}\n");
    }
    System.out.printf(Locale.ROOT, "generated 4 models x %d tensors (%.2f GB each) in %.1f s%n", tensors,
        tensors * 2.0 * ROWS * COLS / 1e9, (System.nanoTime() - start) / 1e9);
    Files.writeString(dir.resolve("ties.yml"), CONFIG);
  }

  private static String name(int i) {
    return "model.layers." + i + ".mlp.weight";
  }

  /**
   * Base: a hash-driven uniform value in ±0.02; each model adds a dense delta in ±0.002 (a full
   * fine-tune). Rounded to bf16, the task vectors are quantised to multiples of the base's ulp, so
   * magnitudes tie often and a few percent are exactly zero, as in real bf16 checkpoints.
   */
  private static HostTensor tensor(int model, int index) {
    int n = ROWS * COLS;
    ByteBuffer b = ByteBuffer.allocate(n * 2).order(ByteOrder.LITTLE_ENDIAN);
    long seed = index * 0x9E3779B97F4A7C15L;
    for (int i = 0; i < n; i++) {
      long h = mix(seed + i);
      float base = ((h & 0xffff) - 32768) / 32768f * 0.02f;
      float delta = 0f;
      if (model > 0) {
        long d = mix(h + model);
        delta = ((d >>> 8 & 0xffff) - 32768) / 32768f * 0.002f;
      }
      b.putShort(i * 2, ElementCodec.floatToBf16(base + delta));
    }
    return new HostTensor(DType.BF16, Shape.of(ROWS, COLS), b);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Reads all input data once through a 1 MiB direct buffer, decoding bf16 and summing: no merge work. */
  private static void scan(Path dir) throws IOException {
    long start = System.nanoTime();
    long bytes = 0;
    double sum = 0;
    ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
    for (String m : MODELS) {
      try (var files = Files.list(dir.resolve(m))) {
        for (Path f : files.filter(p -> p.toString().endsWith(".safetensors")).sorted().toList()) {
          try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            for (long pos = 0; pos < ch.size(); pos += buffer.limit()) {
              buffer.clear();
              ch.read(buffer, pos);
              buffer.flip();
              for (int i = 0; i + 1 < buffer.limit(); i += 2) {
                sum += Float.intBitsToFloat(buffer.getShort(i) << 16);
              }
            }
            bytes += ch.size();
          }
        }
      }
    }
    double s = (System.nanoTime() - start) / 1e9;
    System.out.printf(Locale.ROOT, "scan: %.2f GB read and summed (%.3g) in %.2f s = %.3f GB/s%n", bytes / 1e9, sum, s,
        bytes / 1e9 / s);
  }

  /**
   * Reads each tensor of each input model in turn as the one-pass merge does: chunks of 64 Ki
   * elements, even chunks on one thread and odd ones on another, each with positional reads into
   * the thread's reused direct buffer, decoded to f32 in 512-element tiles and summed. The reading
   * and decoding floor under that merge, without merge work.
   */
  private static void scanChunks(Path dir) throws Exception {
    long start = System.nanoTime();
    long bytes = 0;
    double total = 0;
    int threads = 2;
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
    ByteBuffer[] buffers = new ByteBuffer[threads];
    for (int w = 0; w < threads; w++) {
      buffers[w] = ByteBuffer.allocateDirect(2 * SCAN_CHUNK).order(ByteOrder.LITTLE_ENDIAN);
    }
    try {
      for (String m : MODELS) {
        TensorSource src = TensorFiles.load(dir.resolve(m));
        Map<Path, FileChannel> channels = new LinkedHashMap<>();
        for (String name : src.names()) {
          org.moelab.io.TensorInfo info = src.info(name);
          FileChannel ch = channels.computeIfAbsent(((org.moelab.io.ShardedCheckpoint) src).shardOf(name), MergeBench::open);
          List<java.util.concurrent.Future<Double>> parts = new ArrayList<>();
          for (int w = 0; w < threads; w++) {
            int first = w;
            parts.add(pool.submit(() -> sumChunks(ch, info.byteOffset(), info.byteLength(), buffers[first], first, threads)));
          }
          for (java.util.concurrent.Future<Double> f : parts) {
            total += f.get();
          }
          bytes += info.byteLength();
        }
        for (FileChannel ch : channels.values()) {
          ch.close();
        }
        src.close();
      }
    } finally {
      pool.shutdown();
    }
    double s = (System.nanoTime() - start) / 1e9;
    System.out.printf(Locale.ROOT, "scan-chunks: %.2f GB read, decoded and summed (%.3g) in %.2f s = %.3f GB/s%n",
        bytes / 1e9, total, s, bytes / 1e9 / s);
  }

  /**
   * Sums bf16 chunks first, first + step, … of the {@code length} bytes at {@code offset} of {@code
   * ch}, each read into {@code buffer} and decoded a 512-element tile at a time.
   */
  private static double sumChunks(FileChannel ch, long offset, long length, ByteBuffer buffer, int first, int step)
      throws IOException {
    double sum = 0;
    long chunkBytes = 2L * SCAN_CHUNK;
    for (long at = first * chunkBytes; at < length; at += step * chunkBytes) {
      buffer.clear().limit((int) Math.min(chunkBytes, length - at));
      while (buffer.hasRemaining()) {
        if (ch.read(buffer, offset + at + buffer.position()) < 0) {
          throw new IOException("file ends early");
        }
      }
      buffer.flip();
      sum += sumTiles(buffer.asShortBuffer());
    }
    return sum;
  }

  private static FileChannel open(Path file) {
    try {
      return FileChannel.open(file, StandardOpenOption.READ);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Sums {@code data} 512 bf16 values at a time, decoding each tile to f32 first. */
  private static double sumTiles(java.nio.ShortBuffer data) {
    short[] raw = new short[512];
    float[] tile = new float[512];
    float[] acc = new float[512];
    int n = data.capacity();
    for (int at = 0; at < n; at += 512) {
      int len = Math.min(512, n - at);
      data.get(at, raw, 0, len);
      for (int j = 0; j < len; j++) {
        tile[j] = Float.intBitsToFloat(raw[j] << 16);
      }
      for (int j = 0; j < len; j++) {
        acc[j] += tile[j];
      }
    }
    double sum = 0;
    for (float a : acc) {
      sum += a;
    }
    return sum;
  }

  private static void stream(Path dir, long blockBytes, int runs) throws IOException {
    Path out = dir.resolve("out-stream");
    StreamLimits limits = new StreamLimits(blockBytes, StreamLimits.DEFAULT.threads());
    for (int run = 1; run <= runs; run++) {
      clean(out);
      MergePlan plan = Planner.plan(MergekitYaml.parse(CONFIG, "ties.yml"), dir, out);
      MergeResult r = StreamingMerge.run(plan, out, 1_000_000_000L, limits, false, MergeProgress.NONE, () -> false);
      System.out.printf(Locale.ROOT, "stream (%d MiB blocks, %d threads, run %d of %d): %d tensors, %.2f GB read in "
          + "%.2f s = %.3f GB/s%n", blockBytes >> 20, limits.threads(), run, runs, r.tensors(), r.bytesRead() / 1e9,
          r.seconds(), r.inputGbPerSecond());
    }
  }

  /** Loads every tensor of every model (memory-mapped views kept), merges all, writes at the end. */
  private static void naive(Path dir) throws IOException {
    clean(dir.resolve("out-naive"));
    long start = System.nanoTime();
    List<Map<String, HostTensor>> models = new ArrayList<>();
    long read = 0;
    for (String m : MODELS) {
      TensorSource src = TensorFiles.load(dir.resolve(m));
      Map<String, HostTensor> all = new LinkedHashMap<>();
      for (String name : src.names()) {
        HostTensor t = src.read(name);
        all.put(name, t);
        read += t.byteSize();
      }
      models.add(all);
    }
    double[] weights = {0.5, 0.3, 0.2};
    Map<String, HostTensor> merged = new LinkedHashMap<>();
    for (String name : models.get(0).keySet()) {
      float[] base = models.get(0).get(name).toFloatArray();
      List<float[]> others = new ArrayList<>();
      List<ModelParams> params = new ArrayList<>();
      for (int i = 1; i < MODELS.length; i++) {
        others.add(models.get(i).get(name).toFloatArray());
        params.add(ModelParams.weighted(weights[i - 1]).withDensity(0.5));
      }
      Shape shape = models.get(0).get(name).shape();
      float[] out = TensorMerge.merge(MergeMethod.TIES, new TensorInputs(name, shape.dims(), base, others), params,
          MergeOptions.defaults(MergeMethod.TIES));
      merged.put(name, HostTensor.ofFloats(shape, out).cast(DType.BF16));
    }
    ShardedWriter.write(dir.resolve("out-naive"), merged, 1_000_000_000L, Map.of("format", "pt"), false);
    double s = (System.nanoTime() - start) / 1e9;
    System.out.printf(Locale.ROOT, "naive: %d tensors, %.2f GB read in %.2f s = %.3f GB/s%n", merged.size(),
        read / 1e9, s, read / 1e9 / s);
  }

  private static void clean(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
