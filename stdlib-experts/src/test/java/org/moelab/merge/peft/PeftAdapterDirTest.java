package org.moelab.merge.peft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moelab.merge.MergeException;

/** Reading and writing PEFT adapter directories, and the config of a merged adapter. */
class PeftAdapterDirTest {
  @TempDir
  Path dir;

  private static final String CONFIG = "{\"peft_type\": \"LORA\", \"r\": 2, \"lora_alpha\": 4, "
      + "\"target_modules\": [\"q_proj\", \"v_proj\"], \"alpha_pattern\": {\"v_proj\": 8}, "
      + "\"rank_pattern\": {\"v_proj\": 1}, \"base_model_name_or_path\": \"tiny\"}";

  private LoraAdapter written() throws IOException {
    LoraModule q = new LoraModule("model.layers.0.q_proj", new float[] {1, 2, 3, 4}, new float[] {1, 0, 0, 1, 1, 1},
        2, 2, 3, 1.0, false);
    LoraModule v = new LoraModule("model.layers.0.v_proj", new float[] {1, -1}, new float[] {2, 3}, 1, 2, 2, 1.0,
        false);
    Path src = dir.resolve("src");
    Files.createDirectories(src);
    Files.writeString(src.resolve("adapter_config.json"), CONFIG);
    PeftAdapterDir.write(new LoraAdapter(List.of(q, v), 2, null), dir.resolve("tmp"), null);
    Files.copy(dir.resolve("tmp/adapter_model.safetensors"), src.resolve("adapter_model.safetensors"));
    return PeftAdapterDir.read(src);
  }

  @Test
  void readsFactorsAndPatterns() throws IOException {
    LoraAdapter a = written();
    assertEquals(2, a.modules().size());
    LoraModule q = a.module("model.layers.0.q_proj");
    assertArrayEquals(new float[] {1, 2, 3, 4}, q.a());
    assertEquals(3, q.out());
    assertEquals(4.0 / 2, q.scaling(), "lora_alpha / r");
    LoraModule v = a.module("model.layers.0.v_proj");
    assertEquals(1, v.rank());
    assertEquals(8.0 / 1, v.scaling(), "alpha_pattern 'v_proj' matches the path's last component");
    assertEquals(2, a.r());
  }

  @Test
  void mergedAdapterHasAlphaEqualToRankAndRoundTrips() throws IOException {
    LoraAdapter a = written();
    LoraAdapter merged = WeightedAdapter.merge(List.of(a, a), new double[] {0.5, 0.5},
        AdapterMergeOptions.of(CombinationType.CAT));
    Path out = dir.resolve("merged");
    PeftAdapterDir.write(merged, out, PeftAdapterDir.targetModules(List.of(a, a)));
    JsonNode config = new ObjectMapper().readTree(out.resolve("adapter_config.json").toFile());
    assertEquals(4, config.get("r").asInt(), "cat adds the ranks");
    assertEquals(4, config.get("lora_alpha").asInt());
    assertEquals("tiny", config.get("base_model_name_or_path").asText(), "copied from the first adapter");
    assertTrue(config.get("alpha_pattern").isEmpty());
    LoraAdapter back = PeftAdapterDir.read(out);
    LoraModule v = back.module("model.layers.0.v_proj");
    assertEquals(4, v.rank(), "cat pads every module to the new rank");
    assertEquals(1.0, v.scaling());
    assertArrayEquals(new float[] {4, -4, 4, -4, 0, 0, 0, 0}, v.a(), "w · s · A, stacked, zero padded");
  }

  @Test
  void rejectsADirectoryWithoutAdapter() {
    MergeException e = assertThrows(MergeException.class, () -> PeftAdapterDir.read(dir));
    assertTrue(e.getMessage().contains("adapter_config.json"), e.getMessage());
  }
}
