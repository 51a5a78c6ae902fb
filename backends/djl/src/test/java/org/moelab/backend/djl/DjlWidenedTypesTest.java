package org.moelab.backend.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.moelab.backend.Backend;
import org.moelab.backend.BackendException;
import org.moelab.backend.DeviceArray;
import org.moelab.ir.Attrs;
import org.moelab.ir.Constant;
import org.moelab.ir.Node;
import org.moelab.ir.Op;
import org.moelab.tensor.DType;
import org.moelab.tensor.HostTensor;
import org.moelab.tensor.Shape;

/** BF16 tensors on the DJL backend: stored widened, castable to F32, refused elsewhere. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DjlWidenedTypesTest {
  private Backend backend;
  private final HostTensor weights =
      HostTensor.fromDoubles(DType.BF16, Shape.of(3), new double[] {1.5, -0.25, 256});

  @BeforeAll
  void start() {
    backend = new DjlBackendProvider().create();
  }

  @AfterAll
  void stop() {
    backend.close();
  }

  @Test
  void castsBf16ToF32Exactly() {
    Node cast = Node.of(Op.CAST, List.of(constant()), Attrs.none(), weights.shape(), DType.F32);
    try (DeviceArray in = backend.upload(weights); DeviceArray out = backend.execute(cast, List.of(in))) {
      assertEquals(DType.F32, out.dtype());
      assertArrayEquals(new float[] {1.5f, -0.25f, 256f}, backend.download(out).toFloatArray());
    }
  }

  @Test
  void refusesArithmeticOnBf16WithAFix() {
    Node c = constant();
    Node add = Node.of(Op.ADD, List.of(c, c), Attrs.none(), weights.shape(), DType.BF16);
    try (DeviceArray in = backend.upload(weights)) {
      BackendException e = assertThrows(BackendException.class,
          () -> backend.execute(add, List.of(in, in)));
      assertTrue(e.getMessage().contains("Cast bf16 tensors to f32 first"), e.getMessage());
    }
  }

  private Node constant() {
    return Node.of(Op.CONSTANT, List.of(), Attrs.of("value", Constant.of(weights, "w")),
        weights.shape(), weights.dtype());
  }
}
