package org.moelab.stdlib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RoutingPicturesTest {
  @Test
  void tableListsEveryExpertWithShareAndSummary() {
    String t = RoutingPictures.table(new double[] {3, 1}, 0.5, 0.25, null);
    assertEquals("expert  tokens   share\n"
        + "     0       3   75.0%  ####################\n"
        + "     1       1   25.0%  #######\n"
        + "entropy 0.5000, dropped 25.0%", t);
  }

  @Test
  void svgHasOneCellPerTokenAndExpertAndOneBarPerExpert() {
    String svg = RoutingPictures.svg(new double[] {1, 0, 0.5, 0.5}, 2, 2, new double[] {2, 1});
    assertTrue(svg.startsWith("<svg"));
    assertTrue(svg.endsWith("</svg>"));
    assertEquals(4, svg.split("class=\"cell\"").length - 1, "one cell per token and expert");
    assertEquals(2, svg.split("class=\"bar\"").length - 1, "one bar per expert");
    assertTrue(svg.contains("fill=\"rgb(55,95,255)\""), "weight 1 is the deepest blue");
    assertTrue(svg.contains("fill=\"rgb(255,255,255)\""), "weight 0 is white");
    assertTrue(svg.contains("width=\"160\" height=\"10\""), "the largest load fills the bar width");
  }
}
