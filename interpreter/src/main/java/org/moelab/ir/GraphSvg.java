package org.moelab.ir;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws a graph as SVG: nodes in layers by depth (inputs above users), one box per node with its op
 * and output type, and an edge from each input to its user. Used by {@code moe graph --svg} and
 * the kernel's {@code %graph}.
 */
public final class GraphSvg {
  private static final int BOX_W = 190;
  private static final int BOX_H = 38;
  private static final int GAP_X = 24;
  private static final int GAP_Y = 34;

  private GraphSvg() {}

  /** The SVG document for the graph computing {@code roots}, with the roots labelled by {@code names}. */
  public static String render(List<Node> roots, List<String> names) {
    List<Node> order = GraphDump.topological(roots);
    Map<Node, Integer> depth = new IdentityHashMap<>();
    List<List<Node>> layers = new ArrayList<>();
    for (Node n : order) {
      int d = 0;
      for (Node in : n.inputs()) {
        d = Math.max(d, depth.get(in) + 1);
      }
      depth.put(n, d);
      while (layers.size() <= d) {
        layers.add(new ArrayList<>());
      }
      layers.get(d).add(n);
    }
    int widest = layers.stream().mapToInt(List::size).max().orElse(1);
    int width = widest * (BOX_W + GAP_X) + GAP_X;
    int height = layers.size() * (BOX_H + GAP_Y) + GAP_Y;
    Map<Node, int[]> at = new IdentityHashMap<>();
    for (int d = 0; d < layers.size(); d++) {
      List<Node> layer = layers.get(d);
      int offset = (width - layer.size() * (BOX_W + GAP_X) + GAP_X) / 2;
      for (int i = 0; i < layer.size(); i++) {
        at.put(layer.get(i), new int[] {offset + i * (BOX_W + GAP_X), GAP_Y + d * (BOX_H + GAP_Y)});
      }
    }
    StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
            + "font-family=\"monospace\" font-size=\"11\">%n", width, height, width, height));
    svg.append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"6\" "
        + "markerHeight=\"6\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#667\"/></marker></defs>\n");
    for (Node n : order) {
      int[] to = at.get(n);
      for (Node in : n.inputs()) {
        int[] from = at.get(in);
        svg.append(String.format(Locale.ROOT,
            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#667\" marker-end=\"url(#arrow)\"/>%n",
            from[0] + BOX_W / 2, from[1] + BOX_H, to[0] + BOX_W / 2, to[1]));
      }
    }
    for (Node n : order) {
      int[] p = at.get(n);
      int root = roots.indexOf(n);
      String fill = root >= 0 ? "#ffe9b3" : color(n.op().family());
      svg.append(String.format(Locale.ROOT,
          "<g><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"5\" fill=\"%s\" stroke=\"#445\"/>%n",
          p[0], p[1], BOX_W, BOX_H, fill));
      String title = n.op().name() + (root >= 0 && root < names.size() ? "  " + names.get(root) : "");
      svg.append(text(p[0] + 8, p[1] + 15, title, true));
      svg.append(text(p[0] + 8, p[1] + 30, n.dtype().languageName() + n.shape(), false)).append("</g>\n");
    }
    return svg.append("</svg>\n").toString();
  }

  private static String text(int x, int y, String s, boolean bold) {
    return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\"%s>%s</text>%n", x, y,
        bold ? " font-weight=\"bold\"" : "", escape(s));
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String color(OpFamily f) {
    return switch (f) {
      case SOURCE, RANDOM -> "#e8eef7";
      case MATMUL -> "#d9f2d9";
      case INDEX, SORT -> "#f7e1f0";
      case MOVEMENT -> "#eeeeee";
      default -> "#ffffff";
    };
  }
}
