package org.moelab.merge.stream;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.moelab.io.ShardedWriter;
import org.moelab.tensor.DType;
import org.moelab.tensor.HostTensor;
import org.moelab.tensor.Shape;

/** Tiny checkpoints for tests: two layers of constant tensors plus embeddings and a norm. */
final class Checkpoints {
  private Checkpoints() {}

  /** A checkpoint whose every element is {@code value}; layer {@code i} tensors add {@code i}. */
  static Path constant(Path dir, String name, float value, DType dtype) throws Exception {
    Map<String, HostTensor> t = new LinkedHashMap<>();
    t.put("model.embed_tokens.weight", fill(dtype, new long[] {4, 3}, value));
    for (int layer = 0; layer < 2; layer++) {
      t.put("model.layers." + layer + ".mlp.up_proj.weight", fill(dtype, new long[] {2, 3}, value + layer));
      t.put("model.layers." + layer + ".self_attn.q_proj.weight", fill(dtype, new long[] {3, 3}, value + layer));
    }
    t.put("model.norm.weight", fill(dtype, new long[] {3}, value));
    Path out = dir.resolve(name);
    ShardedWriter.write(out, t, 1 << 20, Map.of("format", "pt"), false);
    Files.writeString(out.resolve("config.json"), "{\"num_hidden_layers\": 2}\n");
    Files.writeString(out.resolve("tokenizer.model"), "tok");
    return out;
  }

  static HostTensor fill(DType dtype, long[] shape, float value) {
    int n = (int) Shape.of(shape).size();
    double[] v = new double[n];
    java.util.Arrays.fill(v, value);
    return HostTensor.fromDoubles(dtype, Shape.of(shape), v);
  }
}
