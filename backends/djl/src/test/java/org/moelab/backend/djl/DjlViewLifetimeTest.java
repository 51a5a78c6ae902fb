package org.moelab.backend.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.moelab.backend.Backend;
import org.moelab.backend.DeviceArray;
import org.moelab.ir.Attrs;
import org.moelab.ir.Node;
import org.moelab.ir.Op;
import org.moelab.tensor.DType;
import org.moelab.tensor.HostTensor;
import org.moelab.tensor.Shape;

/**
 * A view (permute) of an uploaded array must stay valid after the uploaded array is closed and
 * its Java buffers are collected: the upload has to live in memory PyTorch owns.
 */
class DjlViewLifetimeTest {
  @Test
  void permutedViewOutlivesItsClosedSource() {
    int rows = 512;
    int cols = 1024;
    float[] values = new float[rows * cols];
    for (int i = 0; i < values.length; i++) {
      values[i] = i % 977;
    }
    HostTensor host = HostTensor.ofFloats(Shape.of(rows, cols), values);
    try (Backend backend = new DjlBackendProvider().create()) {
      Node source = Node.of(Op.CONSTANT, List.of(), Attrs.of("value", org.moelab.ir.Constant.of(host, "x")), host.shape(), DType.F32);
      Node permute = Node.of(Op.PERMUTE, List.of(source), Attrs.of("axes", new long[] {1, 0}), Shape.of(cols, rows), DType.F32);
      DeviceArray uploaded = backend.upload(host);
      DeviceArray view = backend.execute(permute, List.of(uploaded));
      uploaded.close();
      for (int i = 0; i < 5; i++) {
        System.gc();
        byte[] pressure = new byte[64 << 20];
        pressure[0] = 1;
      }
      float[] got = backend.download(view).toFloatArray();
      float[] expected = new float[values.length];
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
          expected[c * rows + r] = values[r * cols + c];
        }
      }
      assertArrayEquals(expected, got);
      view.close();
    }
  }
}
