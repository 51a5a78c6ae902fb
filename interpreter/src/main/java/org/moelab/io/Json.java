package org.moelab.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Strict JSON reading for file headers: valid UTF-8, one object, no duplicate keys. */
final class Json {
  static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private Json() {}

  /** Decodes {@code bytes} as UTF-8 and parses one JSON object; {@code what} names it in errors. */
  static ObjectNode parseObject(Path file, String what, byte[] bytes) {
    String text = decodeUtf8(file, what, bytes);
    JsonNode node;
    try {
      node = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new TensorFileException(
          file, "the " + what + " is not valid JSON: " + plain(e.getOriginalMessage()) + locationOf(e) + ".");
    }
    if (node == null || node.isMissingNode()) {
      throw new TensorFileException(file, "the " + what + " is empty; expected a JSON object.");
    }
    if (!node.isObject()) {
      throw new TensorFileException(
          file, "the " + what + " is a JSON " + node.getNodeType().name().toLowerCase() + ", not an object.");
    }
    return (ObjectNode) node;
  }

  /** The non-negative integer in {@code node}, or -1 if it is not one that fits in a long. */
  static long nonNegativeLong(JsonNode node) {
    if (node == null || !node.isIntegralNumber() || !node.canConvertToLong()) {
      return -1;
    }
    return Math.max(-1, node.longValue());
  }

  /** The field names of an object in document order. */
  static List<String> fieldNames(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static String decodeUtf8(Path file, String what, byte[] bytes) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      return decoder.decode(in).toString();
    } catch (CharacterCodingException e) {
      throw new TensorFileException(
          file, "the " + what + " is not valid UTF-8 (bad byte near offset " + in.position() + ").");
    }
  }

  /** Jackson's message without its internal details (source markers, binding and feature names). */
  private static String plain(String message) {
    return message
        .replaceAll("\\s*\\(start marker at \\[Source: [^\\]]*\\]\\)", "")
        .replaceAll("\\s*\\(bound as [^)]*\\)", "")
        .replaceAll(":? not allowed as per `[^`]*`", "")
        .replaceAll(",? from `[^`]*`", "");
  }

  private static String locationOf(JsonProcessingException e) {
    return e.getLocation() == null ? "" : " at character " + e.getLocation().getCharOffset();
  }
}
