package org.moelab.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.moelab.tensor.DType;
import org.moelab.tensor.HostTensor;
import org.moelab.tensor.Shape;

/**
 * Reads JSON Lines into a {@link Dataset}: each line an object whose field {@code xField} is a
 * number or an array of numbers and whose field {@code yField} is an integer class.
 */
final class JsonLinesLoader {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonLinesLoader() {}

  static Dataset load(Path file, String xField, String yField) throws IOException {
    List<double[]> xs = new ArrayList<>();
    List<Long> ys = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      int lineNo = 0;
      for (String line; (line = in.readLine()) != null; ) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode obj = MAPPER.readTree(line);
        xs.add(numbers(file, lineNo, obj.get(xField), xField));
        JsonNode y = obj.get(yField);
        if (y == null || !y.canConvertToLong()) {
          throw new IOException(file + ":" + lineNo + ": field '" + yField + "' must be an integer class");
        }
        ys.add(y.asLong());
      }
    }
    if (xs.isEmpty()) {
      throw new IOException(file + " has no examples");
    }
    int width = xs.get(0).length;
    double[] flat = new double[xs.size() * width];
    for (int r = 0; r < xs.size(); r++) {
      if (xs.get(r).length != width) {
        throw new IOException(file + ": example " + (r + 1) + " has " + xs.get(r).length + " features, expected " + width);
      }
      System.arraycopy(xs.get(r), 0, flat, r * width, width);
    }
    long[] y = ys.stream().mapToLong(Long::longValue).toArray();
    return new Dataset(HostTensor.fromDoubles(DType.F32, Shape.of(xs.size(), width), flat),
        HostTensor.ofLongs(Shape.of(y.length), y), List.of());
  }

  private static double[] numbers(Path file, int line, JsonNode node, String field) throws IOException {
    if (node != null && node.isNumber()) {
      return new double[] {node.asDouble()};
    }
    if (node == null || !node.isArray()) {
      throw new IOException(file + ":" + line + ": field '" + field + "' must be a number or an array of numbers");
    }
    double[] out = new double[node.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = node.get(i).asDouble();
    }
    return out;
  }
}
