package org.moelab.backend.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.moelab.ir.Attrs;
import org.moelab.ir.Op;
import org.moelab.tensor.DType;
import org.moelab.tensor.HostTensor;
import org.moelab.tensor.Shape;

/**
 * Reads the op fixtures under {@code /fixtures/ops/} on the class path (listed in its {@code
 * index.txt}, so they load from the interpreter test-jar as well as from a directory).
 */
public final class OpFixtures {
  private static final String ROOT = "/fixtures/ops/";
  private static final ObjectMapper JSON = new ObjectMapper();

  private OpFixtures() {}

  /** Every fixture, in index order. */
  public static List<OpFixture> all() {
    List<OpFixture> out = new ArrayList<>();
    for (String file : index()) {
      out.add(load(file));
    }
    return out;
  }

  private static List<String> index() {
    try (InputStream in = open("index.txt");
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      return reader.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static OpFixture load(String file) {
    try (InputStream in = open(file)) {
      JsonNode root = JSON.readTree(in);
      List<HostTensor> inputs = new ArrayList<>();
      root.get("inputs").forEach(t -> inputs.add(tensor(t)));
      return new OpFixture(Op.valueOf(root.get("op").asText()), root.get("case").asText(),
          attrs(root.get("attrs")), inputs, tensor(root.get("output")));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read fixture " + file, e);
    }
  }

  private static InputStream open(String file) {
    InputStream in = OpFixtures.class.getResourceAsStream(ROOT + file);
    if (in == null) {
      throw new IllegalStateException("missing fixture " + ROOT + file
          + "; regenerate with /usr/bin/python3 tools/fixtures/gen_op_fixtures.py");
    }
    return in;
  }

  private static Attrs attrs(JsonNode node) {
    Attrs attrs = Attrs.none();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      attrs = attrs.with(e.getKey(), attrValue(e.getValue()));
    }
    return attrs;
  }

  private static Object attrValue(JsonNode v) {
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isIntegralNumber()) {
      return v.longValue();
    }
    if (v.isNumber()) {
      return v.doubleValue();
    }
    if (v.isArray()) {
      long[] longs = new long[v.size()];
      for (int i = 0; i < longs.length; i++) {
        longs[i] = v.get(i).longValue();
      }
      return longs;
    }
    throw new IllegalArgumentException("unsupported fixture attribute " + v);
  }

  private static HostTensor tensor(JsonNode t) {
    DType dtype = DType.fromLanguageName(t.get("dtype").asText()).orElseThrow();
    JsonNode shapeNode = t.get("shape");
    long[] dims = new long[shapeNode.size()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = shapeNode.get(i).longValue();
    }
    Shape shape = Shape.of(dims);
    JsonNode data = t.get("data");
    if (dtype == DType.I64) {
      long[] values = new long[data.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = data.get(i).longValue();
      }
      return HostTensor.ofLongs(shape, values);
    }
    double[] values = new double[data.size()];
    for (int i = 0; i < values.length; i++) {
      JsonNode v = data.get(i);
      values[i] = v.isBoolean() ? (v.booleanValue() ? 1 : 0) : v.doubleValue();
    }
    return HostTensor.fromDoubles(dtype, shape, values);
  }
}
