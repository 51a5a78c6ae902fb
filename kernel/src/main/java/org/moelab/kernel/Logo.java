package org.moelab.kernel;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * The kernelspec logo, drawn at install time: eight experts in a 2×4 grid on a dark tile, two of
 * them lit — a top-2 routing decision.
 */
final class Logo {
  private static final Color TILE = new Color(0x1f, 0x2a, 0x44);
  private static final Color EXPERT = new Color(0x5c, 0x6b, 0x8a);
  private static final Color CHOSEN = new Color(0xf5, 0x9f, 0x00);

  private Logo() {}

  /** The logo as PNG bytes, {@code size} pixels square. */
  static byte[] png(int size) {
    System.setProperty("java.awt.headless", "true");
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      draw(g, size);
    } finally {
      g.dispose();
    }
    return encode(image);
  }

  private static void draw(Graphics2D g, int size) {
    int arc = size / 4;
    g.setColor(TILE);
    g.fillRoundRect(0, 0, size, size, arc, arc);
    int cell = size / 5;
    int gap = (size - 4 * cell) / 5;
    int top = (size - 2 * cell - gap) / 2;
    for (int row = 0; row < 2; row++) {
      for (int col = 0; col < 4; col++) {
        boolean chosen = (row == 0 && col == 1) || (row == 1 && col == 2);
        g.setColor(chosen ? CHOSEN : EXPERT);
        int x = gap + col * (cell + gap);
        int y = top + row * (cell + gap);
        g.fillRoundRect(x, y, cell, cell, cell / 2, cell / 2);
      }
    }
  }

  private static byte[] encode(BufferedImage image) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
