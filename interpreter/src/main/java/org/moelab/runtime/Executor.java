package org.moelab.runtime;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.moelab.backend.Backend;
import org.moelab.backend.DeviceArray;
import org.moelab.ir.HostRandom;
import org.moelab.ir.Node;
import org.moelab.ir.Op;
import org.moelab.ir.Op;
import org.moelab.ir.OpFamily;
import org.moelab.ir.Rewriter;
import org.moelab.ir.Verifier;
import org.moelab.tensor.HostTensor;

/**
 * Evaluates IR graphs on a backend. Results of evaluated roots stay cached for as long as their
 * node is reachable (a bound value holds it); intermediates are freed as soon as their last
 * consumer ran. Cancellation is checked between ops.
 */
public final class Executor implements AutoCloseable {
  private final Map<Key, DeviceArray> cache = new HashMap<>();
  private final ReferenceQueue<Node> collected = new ReferenceQueue<>();
  private final BooleanSupplier cancelled;
  private final Map<Op, long[]> profile = new java.util.EnumMap<>(Op.class);
  private boolean profiling;
  private Backend backend;

  /**
   * @param backend where ops run
   * @param cancelled polled between ops; when true, evaluation stops with {@link Interrupted}
   */
  public Executor(Backend backend, BooleanSupplier cancelled) {
    this.backend = backend;
    this.cancelled = cancelled;
  }

  /** The backend in use. */
  public Backend backend() {
    return backend;
  }

  /**
   * Evaluates {@code root} (and what it needs) after simplifying its graph with the rewrite rules,
   * caches the result under {@code root} and returns it. The array belongs to the cache.
   */
  public DeviceArray evaluate(Node root) {
    drainCollected();
    DeviceArray hit = cache.get(Key.probe(root));
    if (hit != null) {
      return hit;
    }
    Node target = Rewriter.simplify(root, this::isCached);
    if (target != root) {
      DeviceArray shared = cache.get(Key.probe(target));
      if (shared != null) {
        return shared;
      }
    }
    List<Node> order = schedule(target);
    assert Verifier.verifyNodes(order).isEmpty() : "invalid graph: " + Verifier.verifyNodes(order);
    Map<Node, Integer> uses = countUses(order);
    Map<Node, DeviceArray> live = new IdentityHashMap<>();
    try {
      for (Node node : order) {
        if (cancelled.getAsBoolean()) {
          throw new Interrupted();
        }
        long start = profiling ? System.nanoTime() : 0;
        live.put(node, compute(node, live));
        if (profiling) {
          long[] slot = profile.computeIfAbsent(node.op(), op -> new long[2]);
          slot[0] += System.nanoTime() - start;
          slot[1]++;
        }
        release(node, uses, live, target);
      }
    } catch (RuntimeException e) {
      live.values().forEach(DeviceArray::close);
      throw e;
    }
    DeviceArray result = live.get(target);
    cache.put(new Key(root, collected), result);
    return result;
  }

  /** Starts recording the time spent in each op (see {@link #profileReport()}). */
  public void enableProfiling() {
    profiling = true;
  }

  /** Time per op since profiling was enabled, largest first, one line per op. */
  public String profileReport() {
    long total = profile.values().stream().mapToLong(v -> v[0]).sum();
    StringBuilder out = new StringBuilder(String.format(java.util.Locale.ROOT, "%-16s %10s %8s %6s%n", "op", "ms", "calls", "%"));
    profile.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0])).forEach(e ->
        out.append(String.format(java.util.Locale.ROOT, "%-16s %10.1f %8d %5.1f%%%n", e.getKey(), e.getValue()[0] / 1e6,
            e.getValue()[1], 100.0 * e.getValue()[0] / Math.max(1, total))));
    return out.toString();
  }

  /** Evaluates {@code root} and copies it to host memory. */
  public HostTensor fetch(Node root) {
    return backend.download(evaluate(root));
  }

  /** Drops the cached value of {@code node}, so the next evaluation recomputes it (benchmarks). */
  public void forget(Node node) {
    DeviceArray a = cache.remove(Key.probe(node));
    if (a != null) {
      a.close();
    }
  }

  /** True when {@code node}'s value is cached. */
  public boolean isCached(Node node) {
    return cache.containsKey(Key.probe(node));
  }

  private DeviceArray compute(Node node, Map<Node, DeviceArray> live) {
    if (node.op() == Op.CONSTANT) {
      return backend.upload(node.attrs().getConstant("value").value());
    }
    if (node.op().family() == OpFamily.RANDOM) {
      return backend.upload(HostRandom.generate(node));
    }
    List<DeviceArray> inputs = new ArrayList<>(node.inputs().size());
    for (Node in : node.inputs()) {
      DeviceArray a = live.get(in);
      inputs.add(a != null ? a : cache.get(Key.probe(in)));
    }
    return backend.execute(node, inputs);
  }

  private void release(Node node, Map<Node, Integer> uses, Map<Node, DeviceArray> live, Node root) {
    for (Node in : node.inputs()) {
      Integer left = uses.computeIfPresent(in, (n, c) -> c - 1);
      if (left != null && left == 0 && in != root) {
        DeviceArray a = live.remove(in);
        if (a != null) {
          a.close();
        }
      }
    }
  }

  private List<Node> schedule(Node root) {
    List<Node> order = new ArrayList<>();
    Map<Node, Boolean> visited = new IdentityHashMap<>();
    Deque<Object[]> stack = new ArrayDeque<>();
    stack.push(new Object[] {root, 0});
    while (!stack.isEmpty()) {
      Object[] frame = stack.peek();
      Node node = (Node) frame[0];
      int next = (Integer) frame[1];
      if (next == 0 && (visited.containsKey(node) || cache.containsKey(Key.probe(node)))) {
        stack.pop();
        continue;
      }
      visited.put(node, Boolean.TRUE);
      if (next < node.inputs().size()) {
        frame[1] = next + 1;
        stack.push(new Object[] {node.input(next), 0});
      } else {
        stack.pop();
        order.add(node);
      }
    }
    return order;
  }

  private static Map<Node, Integer> countUses(List<Node> order) {
    Map<Node, Integer> uses = new IdentityHashMap<>();
    for (Node node : order) {
      for (Node in : node.inputs()) {
        uses.merge(in, 1, Integer::sum);
      }
    }
    return uses;
  }

  private void drainCollected() {
    for (Object ref; (ref = collected.poll()) != null; ) {
      DeviceArray a = cache.remove(ref);
      if (a != null) {
        a.close();
      }
    }
  }

  /**
   * Moves every cached value to {@code next} (download, upload) and closes the old backend's
   * arrays; later evaluations run on {@code next}.
   */
  public void switchTo(Backend next) {
    drainCollected();
    Map<Key, DeviceArray> moved = new HashMap<>();
    for (Map.Entry<Key, DeviceArray> e : cache.entrySet()) {
      if (e.getKey().get() != null) {
        moved.put(e.getKey(), next.upload(backend.download(e.getValue())));
      }
      e.getValue().close();
    }
    cache.clear();
    cache.putAll(moved);
    backend = next;
  }

  /** Frees every cached array (the backend itself is closed by its owner). */
  @Override
  public void close() {
    cache.values().forEach(DeviceArray::close);
    cache.clear();
  }

  /** A weak, identity-based cache key; the probe form looks entries up without registering. */
  private static final class Key extends WeakReference<Node> {
    private final int hash;

    Key(Node node, ReferenceQueue<Node> queue) {
      super(node, queue);
      this.hash = System.identityHashCode(node);
    }

    private Key(Node node) {
      super(node);
      this.hash = System.identityHashCode(node);
    }

    static Key probe(Node node) {
      return new Key(node);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      if (this == o) {
        return true;
      }
      return o instanceof Key k && k.hash == hash && k.get() != null && k.get() == get();
    }
  }
}
