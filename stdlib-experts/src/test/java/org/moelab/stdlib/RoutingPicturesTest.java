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
    assertEquals(4 + 2, svg.split("<rect").length - 1);
    assertTrue(svg.contains("fill=\"rgb(0,0,255)\""), "weight 1 is full blue");
  }
}
