package org.moelab.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Shape rules on fixed and symbolic dimensions, with hand-worked expectations. */
class ShapeRulesTest {
  private static SymShape parse(String s) {
    String body = s.substring(1, s.length() - 1).trim();
    if (body.isEmpty()) {
      return SymShape.of(List.of());
    }
    return SymShape.of(java.util.Arrays.stream(body.split(",")).map(String::trim)
        .map(d -> d.equals("?") ? Dim.any() : d.matches("-?\\d+") ? Dim.of(Long.parseLong(d)) : Dim.sym(d)).toList());
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "[2, 3]; [3]; [2, 3]",
      "[4, 1, 5]; [3, 1]; [4, 3, 5]",
      "[B, S, d]; [d]; [B, S, d]",
      "[B, 1]; [1, S]; [B, S]",
      "[?, 8]; [4, 8]; [4, 8]",
      "[]; [2, 2]; [2, 2]"})
  void broadcasts(String a, String b, String expected) {
    assertEquals(expected, ShapeRules.broadcast(parse(a), parse(b)).toString());
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {"[2, 3]; [4]", "[B, S]; [S, B]", "[B, d]; [8]"})
  void rejectsIncompatibleBroadcasts(String a, String b) {
    ShapeError e = assertThrows(ShapeError.class, () -> ShapeRules.broadcast(parse(a), parse(b)));
    assertTrue(e.getMessage().contains(a) && e.getMessage().contains(b), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "[2, 3]; [3, 4]; [2, 4]",
      "[B, S, d]; [d, f]; [B, S, f]",
      "[5, 1, 2, 3]; [4, 3, 7]; [5, 4, 2, 7]"})
  void multipliesMatrices(String a, String b, String expected) {
    assertEquals(expected, ShapeRules.matmul(parse(a), parse(b)).toString());
  }

  @Test
  void matmulNamesBothShapesOnMismatch() {
    ShapeError e = assertThrows(ShapeError.class, () -> ShapeRules.matmul(parse("[2, 3]"), parse("[4, 5]")));
    assertEquals("Matrix product [2, 3] @ [4, 5]: inner dimensions 3 and 4 differ.", e.getMessage());
  }

  @Test
  void reshapeInfersSymbolicProducts() {
    SymShape flat = ShapeRules.reshape(parse("[B, S, d]"), List.of(Dim.of(-1), Dim.sym("d")));
    assertEquals("[B*S, d]", flat.toString());
    assertEquals("[6, 4]", ShapeRules.reshape(parse("[2, 3, 4]"), List.of(Dim.of(-1), Dim.of(4))).toString());
    assertThrows(ShapeError.class, () -> ShapeRules.reshape(parse("[2, 3]"), List.of(Dim.of(4), Dim.of(-1))));
  }

  @Test
  void reducesAndConcatenates() {
    assertEquals("[B, 1]", ShapeRules.reduce(parse("[B, S]"), new int[] {1}, true).toString());
    assertEquals("[S]", ShapeRules.reduce(parse("[B, S]"), new int[] {0}, false).toString());
    assertEquals("[5, d]", ShapeRules.concat(List.of(parse("[2, d]"), parse("[3, d]")), 0).toString());
    assertEquals("[N+M, 4]", ShapeRules.concat(List.of(parse("[N, 4]"), parse("[M, 4]")), 0).toString());
  }
}
