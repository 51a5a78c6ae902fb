package org.moelab.io;

import static java.time.Duration.ofSeconds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.moelab.io.Fixtures.assertMessage;
import static org.moelab.io.Fixtures.safetensors;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One test per validation rule of the safetensors reader; each builds the bad bytes itself. */
class SafetensorsHostileTest {
  @TempDir Path tmp;

  private TensorFileException openFails(Path file) {
    return assertThrows(TensorFileException.class, () -> SafetensorsFile.open(file).close());
  }

  private Path file(String header, int dataBytes) {
    return Fixtures.write(tmp, "bad.safetensors", safetensors(header, new byte[dataBytes]));
  }

  @Test
  void fileShorterThanTheLengthPrefix() {
    Path f = Fixtures.write(tmp, "short.safetensors", new byte[] {1, 2, 3});
    assertMessage(openFails(f), f, "3 bytes long", "shorter than the 8-byte header length", "truncated");
  }

  @Test
  void missingFile() {
    Path f = tmp.resolve("nowhere.safetensors");
    assertMessage(openFails(f), f, "does not exist");
  }

  @Test
  void headerLengthOverTheCap() {
    byte[] json = "{}".getBytes(StandardCharsets.UTF_8);
    Path f = Fixtures.write(tmp, "cap.safetensors", safetensors(100_000_001L, json, new byte[0]));
    assertMessage(openFails(f), f, "header length 100000001 exceeds the cap of 100000000");
  }

  @Test
  void headerLengthWithTheTopBitSetIsReadAsUnsigned() {
    byte[] json = "{}".getBytes(StandardCharsets.UTF_8);
    Path f = Fixtures.write(tmp, "neg.safetensors", safetensors(-1L, json, new byte[0]));
    assertMessage(openFails(f), f, "header length 18446744073709551615 exceeds the cap");
  }

  @Test
  void headerLengthBeyondTheFile() {
    byte[] json = "{}".getBytes(StandardCharsets.UTF_8);
    Path f = Fixtures.write(tmp, "long.safetensors", safetensors(500, json, new byte[0]));
    assertMessage(openFails(f), f, "header length 500 exceeds the 2 bytes that follow it", "truncated");
  }

  @Test
  void headerNotUtf8() {
    byte[] json = {'{', '"', (byte) 0xc3, (byte) 0x28, '"', ':', '1', '}'};
    Path f = Fixtures.write(tmp, "utf.safetensors", safetensors(json.length, json, new byte[0]));
    assertMessage(openFails(f), f, "not valid UTF-8");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"a\": {|not valid JSON",
        "{} {}|not valid JSON",
        "{\"a\":1,\"a\":2}|not valid JSON: Duplicate field 'a'",
        "[1, 2]|is a JSON array, not an object",
        "'   '|is empty",
      })
  void headerNotAJsonObject(String header, String problem) {
    Path f = file(header, 0);
    assertMessage(openFails(f), f, problem);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}|tensor 'w' is missing \"dtype\"",
        "{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}|tensor 'w' is missing \"shape\"",
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}|tensor 'w' is missing \"data_offsets\"",
        "{\"w\":[1,2]}|tensor 'w' must be an object",
        "{\"w\":{\"dtype\":32,\"shape\":[1],\"data_offsets\":[0,4]}}|dtype 32, which is not a string",
        "{\"w\":{\"dtype\":\"F32\",\"shape\":\"1\",\"data_offsets\":[0,4]}}|shape \"1\", which is not an array",
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}|dimension 1.5 in shape [1.5], which is not a 64-bit integer",
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}|data_offsets [0]; expected [begin, end]",
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":\"0-4\"}}|data_offsets \"0-4\"; expected [begin, end]",
        "{\"__metadata__\":[1],\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}|\"__metadata__\" must be an object",
        "{\"__metadata__\":{\"n\":3}}|value for \"n\" must be a string, got 3",
      })
  void entryWithMissingFieldsOrWrongJsonTypes(String header, String problem) {
    Path f = file(header, 4);
    assertMessage(openFails(f), f, problem);
  }

  @Test
  void unknownDtype() {
    Path f = file("{\"w\":{\"dtype\":\"F8_E4M3\",\"shape\":[4],\"data_offsets\":[0,4]}}", 4);
    assertMessage(openFails(f), f, "tensor 'w' has unknown dtype \"F8_E4M3\"", "supported dtypes are F64, F32", "Convert");
  }

  @Test
  void negativeDimension() {
    Path f = file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2,-2],\"data_offsets\":[0,4]}}", 4);
    assertMessage(openFails(f), f, "tensor 'w' has negative dimension -2 in shape [2,-2]");
  }

  @Test
  void shapeProductOverflow() {
    String dims = "[4294967296,4294967296,2]";
    Path f = file("{\"w\":{\"dtype\":\"U8\",\"shape\":" + dims + ",\"data_offsets\":[0,4]}}", 4);
    assertMessage(openFails(f), f, "tensor 'w' has shape [4294967296, 4294967296, 2] whose size overflows 64 bits");
  }

  @Test
  void byteSizeOverflowEvenWhenTheElementCountFits() {
    Path f = file("{\"w\":{\"dtype\":\"F64\",\"shape\":[2305843009213693952],\"data_offsets\":[0,4]}}", 4);
    assertMessage(openFails(f), f, "overflows 64 bits");
  }

  @Test
  void dimensionBeyondSixtyFourBits() {
    Path f = file("{\"w\":{\"dtype\":\"U8\",\"shape\":[99999999999999999999],\"data_offsets\":[0,4]}}", 4);
    assertMessage(openFails(f), f, "dimension 99999999999999999999", "not a 64-bit integer");
  }

  @Test
  void offsetsBeginAfterEnd() {
    Path f = file("{\"w\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[4,0]}}", 4);
    assertMessage(openFails(f), f, "data_offsets [4,0] with begin after end");
  }

  @Test
  void negativeOffset() {
    Path f = file("{\"w\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[-4,0]}}", 4);
    assertMessage(openFails(f), f, "data_offsets [-4,0]; expected [begin, end] with non-negative integers");
  }

  @Test
  void endBeyondTheBuffer() {
    Path f = file("{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 8);
    assertMessage(openFails(f), f, "tensor 'w' ends at byte 16 of the data buffer, which holds only 8 bytes", "truncated");
  }

  @Test
  void byteLengthDiffersFromDtypeTimesShape() {
    Path f = file("{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8);
    assertMessage(openFails(f), f, "tensor 'w' has data_offsets [0, 8] spanning 8 bytes, but F32 [3] needs 12 bytes");
  }

  @Test
  void overlappingTensors() {
    String header =
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
            + "\"b\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[8,24]}}";
    Path f = file(header, 24);
    assertMessage(openFails(f), f, "tensors 'a' [0, 16) and 'b' [8, 24) overlap");
  }

  @Test
  void uncoveredBytesAreAllowedButNoted() {
    String header =
        "{\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[2,4]},"
            + "\"b\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[3,3]}}";
    Path f = file(header, 6);
    try (SafetensorsFile file = SafetensorsFile.open(f)) {
      assertEquals(
          List.of("bytes [0, 2) of the data buffer belong to no tensor", "bytes [4, 6) of the data buffer belong to no tensor"),
          file.notes());
      assertEquals(2, file.read("a").byteSize());
    }
  }

  @Test
  void aTerabyteClaimInATinyFileFailsFastWithoutAllocating() {
    long terabyte = 1L << 40;
    String header =
        "{\"w\":{\"dtype\":\"U8\",\"shape\":[" + terabyte + "],\"data_offsets\":[0," + terabyte + "]}}";
    Path f = file(header, 100 - 8 - header.length());
    TensorFileException e = assertTimeoutPreemptively(ofSeconds(2), () -> openFails(f));
    assertMessage(e, f, "ends at byte 1099511627776 of the data buffer, which holds only");
  }

  @Test
  void aTerabyteHeaderLengthInATinyFileFailsFast() {
    byte[] json = "{}".getBytes(StandardCharsets.UTF_8);
    Path f = Fixtures.write(tmp, "tb.safetensors", safetensors(1L << 40, json, new byte[90]));
    TensorFileException e = assertTimeoutPreemptively(ofSeconds(2), () -> openFails(f));
    assertMessage(e, f, "exceeds the cap");
  }

  @Test
  void deeplyNestedJsonIsRejectedWithoutStackOverflow() {
    String header = "{\"w\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
    Path f = file(header, 0);
    assertMessage(openFails(f), f, "not valid JSON");
  }
}
