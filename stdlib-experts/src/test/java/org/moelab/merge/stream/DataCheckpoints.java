package org.moelab.merge.stream;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.moelab.io.ShardedWriter;
import org.moelab.io.TensorFiles;
import org.moelab.io.TensorSource;
import org.moelab.merge.data.RegMean;
import org.moelab.tensor.DType;
import org.moelab.tensor.HostTensor;
import org.moelab.tensor.Shape;

/** Small random models, Fishers and Grams written as checkpoints, for the streamed data-merge tests. */
final class DataCheckpoints {
  private DataCheckpoints() {}

  /** Tensor name → shape of the test models: two linear layers with biases, a norm. */
  static final Map<String, long[]> SHAPES = shapes();

  private static Map<String, long[]> shapes() {
    Map<String, long[]> s = new LinkedHashMap<>();
    s.put("model.layers.0.fc.weight", new long[] {6, 5});
    s.put("model.layers.0.fc.bias", new long[] {6});
    s.put("model.layers.1.fc.weight", new long[] {3, 6});
    s.put("model.norm.weight", new long[] {5});
    return s;
  }

  /** Gaussian tensors of {@link #SHAPES} in {@code dtype}; {@code nonNegative} squares them (a Fisher) with some zeros. */
  static Map<String, HostTensor> random(DType dtype, long seed, boolean nonNegative) {
    SplittableRandom rng = new SplittableRandom(seed);
    Map<String, HostTensor> out = new LinkedHashMap<>();
    SHAPES.forEach((name, shape) -> {
      double[] v = new double[(int) Shape.of(shape).size()];
      for (int i = 0; i < v.length; i++) {
        double g = rng.nextGaussian();
        v[i] = !nonNegative ? g : rng.nextInt(5) == 0 ? 0 : g * g;
      }
      out.put(name, HostTensor.fromDoubles(dtype, Shape.of(shape), v));
    });
    return out;
  }

  /** RegMean Grams of random inputs for the two weights (the biases and the norm have none), in {@code dtype}. */
  static Map<String, HostTensor> grams(DType dtype, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    Map<String, HostTensor> out = new LinkedHashMap<>();
    for (String name : List.of("model.layers.0.fc.weight", "model.layers.1.fc.weight")) {
      int in = (int) SHAPES.get(name)[1];
      int rows = 4 * in;
      float[] x = new float[rows * in];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) rng.nextGaussian();
      }
      float[] g = RegMean.gram(x, rows, in);
      double[] d = new double[g.length];
      for (int i = 0; i < g.length; i++) {
        d[i] = g[i];
      }
      out.put(name, HostTensor.fromDoubles(dtype, Shape.of(in, in), d));
    }
    return out;
  }

  /** Writes {@code tensors} as a sharded checkpoint directory (small shards, so several). */
  static Path directory(Path dir, String name, Map<String, HostTensor> tensors) {
    Path out = dir.resolve(name);
    ShardedWriter.write(out, tensors, 200, Map.of("format", "pt"), false);
    return out;
  }

  /** Writes {@code tensors} as one .safetensors file. */
  static Path file(Path dir, String name, Map<String, HostTensor> tensors) {
    Path out = dir.resolve(name + ".safetensors");
    TensorFiles.save(tensors, out);
    return out;
  }

  /** Every tensor of the checkpoint at {@code path} as f32 values. */
  static Map<String, float[]> read(Path path) {
    Map<String, float[]> out = new LinkedHashMap<>();
    try (TensorSource s = TensorFiles.load(path)) {
      for (String name : s.names()) {
        out.put(name, s.read(name).toFloatArray());
      }
    }
    return out;
  }
}
