package org.moelab.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.moelab.tensor.DType;
import org.moelab.tensor.Shape;

/**
 * The validated header of an {@code .npy} array (format versions 1.0, 2.0 and 3.0).
 *
 * @param dtype the element type
 * @param bigEndian whether the data is big-endian (it is byte-swapped on reading)
 * @param fortranOrder whether the data is column-major (it is transposed to row-major on reading)
 * @param shape the shape
 * @param dataOffset the number of bytes before the data: magic, version, length and header text
 */
record NpyHeader(DType dtype, boolean bigEndian, boolean fortranOrder, Shape shape, long dataOffset) {
  /** The largest header text accepted; numpy itself refuses more than 10000 by default. */
  static final int MAX_HEADER_BYTES = 1 << 20;

  /** The magic string that starts every npy file. */
  static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

  private static final Set<String> KEYS = Set.of("descr", "fortran_order", "shape");

  /** Bytes of data: {@code dtype.byteSize() * shape.size()}. */
  long dataLength() {
    return shape.size() * dtype.byteSize();
  }

  /** Reads and validates the header at the start of {@code in}; {@code file} names it in errors. */
  static NpyHeader read(Path file, InputStream in) {
    try {
      byte[] prefix = readExactly(file, in, MAGIC.length + 2, "magic string and version");
      for (int i = 0; i < MAGIC.length; i++) {
        if (prefix[i] != MAGIC[i]) {
          throw new TensorFileException(file, "does not start with the npy magic string \\x93NUMPY; it is not an .npy file.");
        }
      }
      int major = prefix[6];
      int minor = prefix[7];
      if (major < 1 || major > 3 || minor != 0) {
        throw new TensorFileException(
            file, "has npy format version " + major + "." + minor + "; supported versions are 1.0, 2.0 and 3.0.");
      }
      int lengthBytes = major == 1 ? 2 : 4;
      ByteBuffer len = ByteBuffer.wrap(readExactly(file, in, lengthBytes, "header length")).order(ByteOrder.LITTLE_ENDIAN);
      long headerLength = major == 1 ? len.getShort() & 0xffff : len.getInt() & 0xffffffffL;
      if (headerLength > MAX_HEADER_BYTES) {
        throw new TensorFileException(
            file, "declares an npy header of " + headerLength + " bytes, over the cap of " + MAX_HEADER_BYTES + "; the file is corrupt.");
      }
      byte[] text = readExactly(file, in, (int) headerLength, "header");
      String header = new String(text, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
      return parse(file, header, MAGIC.length + 2L + lengthBytes + headerLength);
    } catch (IOException e) {
      throw new TensorFileException(file, "cannot read the npy header", e);
    }
  }

  private static NpyHeader parse(Path file, String header, long dataOffset) {
    Map<String, Object> dict;
    try {
      dict = PyDictParser.parse(header.strip());
    } catch (IllegalArgumentException e) {
      throw new TensorFileException(file, "has a malformed npy header: " + e.getMessage() + ".");
    }
    if (!dict.keySet().equals(KEYS)) {
      throw new TensorFileException(
          file, "has npy header keys " + dict.keySet() + "; expected exactly descr, fortran_order and shape.");
    }
    if (!(dict.get("descr") instanceof String descr)) {
      throw new TensorFileException(
          file, "has descr " + dict.get("descr") + "; structured dtypes are not supported, only plain numeric and bool arrays.");
    }
    if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
      throw new TensorFileException(file, "has fortran_order " + dict.get("fortran_order") + "; expected True or False.");
    }
    if (!(dict.get("shape") instanceof List<?> dims)) {
      throw new TensorFileException(file, "has shape " + dict.get("shape") + "; expected a tuple of integers.");
    }
    DType dtype = dtypeOf(file, descr);
    Shape shape = checkedShape(file, dims, dtype);
    return new NpyHeader(dtype, descr.startsWith(">") && dtype.byteSize() > 1, fortran, shape, dataOffset);
  }

  private static DType dtypeOf(Path file, String descr) {
    if (descr.contains("O")) {
      throw new TensorFileException(file, "holds Python objects (descr '" + descr + "'), which need pickle; save a numeric array instead.");
    }
    boolean hasByteOrder = !descr.isEmpty() && "<>|=".indexOf(descr.charAt(0)) >= 0;
    return DType.fromNumpy("<" + (hasByteOrder ? descr.substring(1) : "?"))
        .orElseThrow(
            () -> new TensorFileException(
                file,
                "has unsupported dtype '" + descr + "'; supported are "
                    + Stream.of(DType.values()).flatMap(t -> t.numpyDescr().stream()).collect(Collectors.joining(", "))
                    + " (either byte order). Convert the array with astype() first."));
  }

  private static Shape checkedShape(Path file, List<?> dims, DType dtype) {
    long[] out = new long[dims.size()];
    long nonZeroProduct = dtype.byteSize();
    for (int i = 0; i < out.length; i++) {
      out[i] = (Long) dims.get(i);
      if (out[i] < 0) {
        throw new TensorFileException(file, "has negative dimension " + out[i] + " in shape " + dims + ".");
      }
      try {
        nonZeroProduct = out[i] == 0 ? nonZeroProduct : Math.multiplyExact(nonZeroProduct, out[i]);
      } catch (ArithmeticException e) {
        throw new TensorFileException(file, "has shape " + dims + " whose size overflows 64 bits.");
      }
    }
    return Shape.of(out);
  }

  /** The header bytes numpy 1.24 writes for {@code dtype} and {@code shape} (C order). */
  static byte[] encode(DType dtype, Shape shape) {
    String descr = dtype.numpyDescr().orElseThrow();
    StringBuilder dims = new StringBuilder("(");
    long[] d = shape.dims();
    for (int i = 0; i < d.length; i++) {
      dims.append(i == 0 ? "" : ", ").append(d[i]);
    }
    dims.append(d.length == 1 ? ",)" : ")");
    String text = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + dims + ", }";
    if (d.length > 0) {
      text += " ".repeat(21 - Long.toString(d[0]).length());
    }
    int hlen = text.length() + 1;
    boolean v1 = MAGIC.length + 2 + 2 + hlen + 64 <= 0xffff;
    int prefix = MAGIC.length + 2 + (v1 ? 2 : 4);
    int pad = 64 - (prefix + hlen) % 64;
    ByteBuffer out = ByteBuffer.allocate(prefix + hlen + pad).order(ByteOrder.LITTLE_ENDIAN);
    out.put(MAGIC).put((byte) (v1 ? 1 : 2)).put((byte) 0);
    if (v1) {
      out.putShort((short) (hlen + pad));
    } else {
      out.putInt(hlen + pad);
    }
    out.put(text.getBytes(StandardCharsets.ISO_8859_1)).put(" ".repeat(pad).getBytes(StandardCharsets.ISO_8859_1));
    out.put((byte) '\n');
    return out.array();
  }

  private static byte[] readExactly(Path file, InputStream in, int n, String what) throws IOException {
    byte[] bytes = in.readNBytes(n);
    if (bytes.length < n) {
      throw new TensorFileException(
          file, "ends after " + bytes.length + " bytes of the npy " + what + " (" + n + " needed); the file is truncated.");
    }
    return bytes;
  }
}
