package org.moelab.ir;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A readable listing of a graph in topological order, one node per line:
 *
 * <pre>
 * %3 = MATMUL(%1, %2) : f32[4, 8]
 * </pre>
 */
public final class GraphDump {
  private GraphDump() {}

  /** Every node reachable from {@code roots}, inputs before users. */
  public static List<Node> topological(List<Node> roots) {
    return topological(roots, n -> false);
  }

  /**
   * The nodes reachable from {@code roots} without passing through a node for which {@code stop}
   * holds (such nodes are listed but their inputs are not visited), inputs before users.
   */
  public static List<Node> topological(List<Node> roots, java.util.function.Predicate<Node> stop) {
    List<Node> order = new ArrayList<>();
    Map<Node, Boolean> seen = new IdentityHashMap<>();
    Deque<Object[]> stack = new ArrayDeque<>();
    for (Node root : roots) {
      stack.push(new Object[] {root, 0});
      while (!stack.isEmpty()) {
        Object[] frame = stack.peek();
        Node n = (Node) frame[0];
        int next = (Integer) frame[1];
        if (next == 0 && seen.containsKey(n)) {
          stack.pop();
          continue;
        }
        seen.put(n, Boolean.TRUE);
        if (next < n.inputs().size() && !stop.test(n)) {
          frame[1] = next + 1;
          stack.push(new Object[] {n.input(next), 0});
        } else {
          stack.pop();
          order.add(n);
        }
      }
    }
    return order;
  }

  /** The text listing of the graph computing {@code roots}, with names for the roots. */
  public static String text(List<Node> roots, List<String> names) {
    List<Node> order = topological(roots);
    Map<Node, Integer> ids = new IdentityHashMap<>();
    StringBuilder out = new StringBuilder();
    for (Node n : order) {
      int id = ids.size();
      ids.put(n, id);
      String args = n.inputs().stream().map(i -> "%" + ids.get(i)).collect(Collectors.joining(", "));
      out.append('%').append(id).append(" = ").append(n.op()).append('(').append(args);
      if (!n.attrs().asMap().isEmpty()) {
        out.append(args.isEmpty() ? "" : "; ").append(n.attrs());
      }
      out.append(") : ").append(n.dtype().languageName()).append(n.shape());
      int root = roots.indexOf(n);
      if (root >= 0 && root < names.size()) {
        out.append("  # ").append(names.get(root));
      }
      out.append('\n');
    }
    return out.toString();
  }
}
