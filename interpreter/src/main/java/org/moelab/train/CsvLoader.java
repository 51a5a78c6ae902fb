package org.moelab.train;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.moelab.tensor.DType;
import org.moelab.tensor.HostTensor;
import org.moelab.tensor.Shape;

/**
 * Reads numeric CSV (optionally gzipped) into a {@link Dataset}: one example per row, the label
 * in column {@code label} (negative counts from the end). A first line of column names is skipped;
 * scikit-learn's header {@code n_samples,n_features,class names...} is recognised and its class
 * names kept.
 */
final class CsvLoader {
  private CsvLoader() {}

  /** Loads {@code file}; {@code label} is the label column, or null when there is none. */
  static Dataset load(Path file, Integer label) throws IOException {
    List<String[]> rows = new ArrayList<>();
    try (BufferedReader in = reader(file)) {
      for (String line; (line = in.readLine()) != null; ) {
        if (!line.isBlank()) {
          rows.add(line.split(",", -1));
        }
      }
    }
    if (rows.isEmpty()) {
      throw new IOException(file + " has no rows");
    }
    List<String> classes = List.of();
    String[] first = rows.get(0);
    if (isSklearnHeader(first, rows)) {
      classes = Arrays.asList(first).subList(2, first.length);
      rows.remove(0);
    } else if (!isNumeric(first)) {
      rows.remove(0);
    }
    return toDataset(file, rows, label, classes);
  }

  private static BufferedReader reader(Path file) throws IOException {
    InputStream raw = Files.newInputStream(file);
    InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }

  private static boolean isSklearnHeader(String[] first, List<String[]> rows) {
    if (rows.size() < 2 || first.length < 2) {
      return false;
    }
    try {
      long n = Long.parseLong(first[0].trim());
      long f = Long.parseLong(first[1].trim());
      return n == rows.size() - 1 && f == rows.get(1).length - 1;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static boolean isNumeric(String[] row) {
    for (String cell : row) {
      try {
        Double.parseDouble(cell.trim());
      } catch (NumberFormatException e) {
        return false;
      }
    }
    return true;
  }

  private static Dataset toDataset(Path file, List<String[]> rows, Integer label, List<String> classes)
      throws IOException {
    int cols = rows.get(0).length;
    int lab = label == null ? -1 : label < 0 ? cols + label : label;
    int width = label == null ? cols : cols - 1;
    double[] x = new double[rows.size() * width];
    long[] y = new long[rows.size()];
    for (int r = 0; r < rows.size(); r++) {
      String[] row = rows.get(r);
      if (row.length != cols) {
        throw new IOException(file + ": row " + (r + 1) + " has " + row.length + " columns, expected " + cols);
      }
      int k = 0;
      for (int c = 0; c < cols; c++) {
        double v = parse(file, r, c, row[c]);
        if (c == lab) {
          y[r] = (long) v;
        } else {
          x[r * width + k++] = v;
        }
      }
    }
    HostTensor xs = HostTensor.fromDoubles(DType.F32, Shape.of(rows.size(), width), x);
    HostTensor ys = HostTensor.ofLongs(Shape.of(rows.size()), y);
    return new Dataset(xs, ys, classes);
  }

  private static double parse(Path file, int r, int c, String cell) throws IOException {
    try {
      return Double.parseDouble(cell.trim());
    } catch (NumberFormatException e) {
      throw new IOException(file + ": row " + (r + 1) + ", column " + (c + 1) + " is not a number: '" + cell + "'");
    }
  }
}
