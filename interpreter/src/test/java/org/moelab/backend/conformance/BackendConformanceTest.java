package org.moelab.backend.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.moelab.backend.Backend;
import org.moelab.backend.DeviceArray;
import org.moelab.ir.Attrs;
import org.moelab.ir.Constant;
import org.moelab.ir.Node;
import org.moelab.ir.Op;
import org.moelab.tensor.DType;
import org.moelab.tensor.HostTensor;
import org.moelab.tensor.Shape;

/**
 * The suite every backend passes: each op, forward, against PyTorch fixtures, plus the upload,
 * download and ownership rules of the {@link Backend} SPI. A backend module runs it with a
 * one-line subclass that implements {@link #createBackend()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BackendConformanceTest {
  private static final double RTOL = 1e-5;
  private static final double ATOL = 1e-6;

  private Backend backend;

  /** A fresh backend under test; the suite closes it. */
  protected abstract Backend createBackend();

  @BeforeAll
  void start() {
    backend = createBackend();
  }

  @AfterAll
  void stop() {
    if (backend != null) {
      backend.close();
    }
  }

  List<OpFixture> fixtures() {
    return OpFixtures.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void opMatchesTorch(OpFixture fixture) {
    List<Node> constants = new ArrayList<>();
    List<DeviceArray> inputs = new ArrayList<>();
    for (HostTensor t : fixture.inputs()) {
      constants.add(constant(t));
      inputs.add(backend.upload(t));
    }
    HostTensor expected = fixture.expected();
    Node node = Node.of(fixture.op(), constants, fixture.attrs(), expected.shape(), expected.dtype());
    try (DeviceArray result = backend.execute(node, inputs)) {
      assertEquals(node.shape(), result.shape(), fixture + ": result shape");
      assertEquals(node.dtype(), result.dtype(), fixture + ": result dtype");
      HostTensor actual = backend.download(result);
      assertEquals(expected.shape(), actual.shape(), fixture + ": downloaded shape");
      assertEquals(expected.dtype(), actual.dtype(), fixture + ": downloaded dtype");
      assertClose(fixture.toString(), expected, actual);
      assertInputsUntouched(fixture, inputs);
    } finally {
      inputs.forEach(DeviceArray::close);
    }
  }

  @Test
  void uploadDownloadRoundTripsEveryDtype() {
    double[] values = {0, 1, -2, 3.5, 100, -0.25};
    for (DType dtype : DType.values()) {
      HostTensor host = HostTensor.fromDoubles(dtype, Shape.of(2, 3), values);
      try (DeviceArray array = backend.upload(host)) {
        assertEquals(Shape.of(2, 3), array.shape(), dtype + " shape");
        assertEquals(dtype, array.dtype(), dtype + " dtype");
        HostTensor back = backend.download(array);
        assertEquals(dtype, back.dtype(), dtype + " downloaded dtype");
        assertArrayEquals(host.toDoubleArray(), back.toDoubleArray(), 0, dtype + " values");
      }
    }
  }

  @Test
  void roundTripsScalarsAndEmptyTensors() {
    HostTensor scalar = HostTensor.ofFloats(Shape.scalar(), 2.5f);
    HostTensor empty = HostTensor.ofLongs(Shape.of(0, 4));
    for (HostTensor host : List.of(scalar, empty)) {
      try (DeviceArray array = backend.upload(host)) {
        HostTensor back = backend.download(array);
        assertEquals(host.shape(), back.shape());
        assertArrayEquals(host.toDoubleArray(), back.toDoubleArray(), 0);
      }
    }
  }

  @Test
  void closeIsIdempotent() {
    DeviceArray array = backend.upload(HostTensor.ofFloats(Shape.of(2), 1f, 2f));
    array.close();
    array.close();
  }

  @Test
  void sameArrayMayFeedSeveralInputs() {
    HostTensor x = HostTensor.ofFloats(Shape.of(3), 1f, -2f, 4f);
    Node c = constant(x);
    Node square = Node.of(Op.MUL, List.of(c, c), Attrs.none(), x.shape(), DType.F32);
    try (DeviceArray in = backend.upload(x);
        DeviceArray out = backend.execute(square, List.of(in, in))) {
      assertArrayEquals(new float[] {1f, 4f, 16f}, backend.download(out).toFloatArray());
      assertArrayEquals(new float[] {1f, -2f, 4f}, backend.download(in).toFloatArray());
    }
  }

  private void assertInputsUntouched(OpFixture fixture, List<DeviceArray> inputs) {
    for (int i = 0; i < inputs.size(); i++) {
      HostTensor original = fixture.inputs().get(i);
      HostTensor now = backend.download(inputs.get(i));
      assertArrayEquals(original.toDoubleArray(), now.toDoubleArray(), 0,
          fixture + ": input " + i + " changed or was freed by execute");
    }
  }

  private static Node constant(HostTensor t) {
    return Node.of(Op.CONSTANT, List.of(), Attrs.of("value", Constant.of(t, "")), t.shape(), t.dtype());
  }

  private static void assertClose(String what, HostTensor expected, HostTensor actual) {
    double[] e = expected.toDoubleArray();
    double[] a = actual.toDoubleArray();
    boolean exact = !expected.dtype().isFloating();
    for (int i = 0; i < e.length; i++) {
      boolean ok = exact ? e[i] == a[i] : Math.abs(e[i] - a[i]) <= ATOL + RTOL * Math.abs(e[i]);
      if (!ok) {
        fail(what + ": element " + i + " is " + a[i] + ", expected " + e[i]
            + " (rtol " + RTOL + ", atol " + ATOL + ")");
      }
    }
  }
}
