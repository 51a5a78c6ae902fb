package org.moelab.backend.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.moelab.backend.Backend;
import org.moelab.runtime.Executor;
import org.moelab.runtime.Mode;
import org.moelab.runtime.TensorOps;
import org.moelab.runtime.TensorValue;
import org.moelab.tensor.DType;
import org.moelab.tensor.HostTensor;
import org.moelab.types.SymShape;

/**
 * Views (permute, reshape) of uploaded arrays must stay valid after the executor closes the
 * uploads: stacking the transposes of large random matrices, as the MoE layer does with expert
 * weights, once crashed PyTorch when uploads wrapped Java buffers instead of owning their memory.
 */
class DjlViewLifetimeTest {
  @Test
  void stackedTransposesOfLargeUploadsAreCorrect() {
    TensorOps ops = new TensorOps(Mode.RUN);
    List<TensorValue> parts = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      parts.add(ops.transpose(ops.randomUniform(SymShape.fixed(1408, 1024), i, -1, 1, DType.F32)));
    }
    TensorValue stacked = ops.stack(parts, 0);
    try (Backend backend = new DjlBackendProvider().create(); Executor executor = new Executor(backend, () -> false)) {
      HostTensor out = executor.fetch(stacked.node());
      for (int i = 0; i < 8; i++) {
        HostTensor part = executor.fetch(parts.get(i).node());
        long base = (long) i * 1408 * 1024;
        for (long j = 0; j < part.shape().size(); j += 4099) {
          assertEquals(part.getDouble(j), out.getDouble(base + j), "element " + j + " of part " + i);
        }
      }
    }
  }
}
