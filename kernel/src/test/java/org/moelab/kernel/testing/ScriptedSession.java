package org.moelab.kernel.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.moelab.grammar.Completeness;
import org.moelab.session.Completion;
import org.moelab.session.Display;
import org.moelab.session.Inspection;
import org.moelab.session.RunResult;
import org.moelab.session.RunStatus;
import org.moelab.session.Session;
import org.moelab.session.SessionListener;
import org.moelab.session.VariableInfo;
import org.moelab.source.Source;

/**
 * A session whose cells are scripted by the test: each cell text maps to an action on the
 * listener. It tests the kernel's protocol mapping, not the language; {@code spin} runs until
 * interrupted, as a tight loop in the real runtime does.
 */
public final class ScriptedSession implements Session {
  private final SessionListener listener;
  private final Map<String, Function<SessionListener, RunResult>> cells = new HashMap<>();
  private final List<String> ran = new ArrayList<>();
  private volatile boolean interrupted;
  private volatile boolean spinning;
  private long seed;

  public ScriptedSession(SessionListener listener) {
    this.listener = listener;
  }

  /** Scripts what running {@code code} does. */
  public ScriptedSession on(String code, Function<SessionListener, RunResult> action) {
    cells.put(code, action);
    return this;
  }

  public static RunResult ok(Display result) {
    return new RunResult(RunStatus.OK, List.of(), "", Optional.ofNullable(result));
  }

  public static RunResult failed(String text) {
    return new RunResult(RunStatus.RUNTIME_ERROR, List.of(), text, Optional.empty());
  }

  public synchronized List<String> ran() {
    return List.copyOf(ran);
  }

  public boolean spinning() {
    return spinning;
  }

  public long seed() {
    return seed;
  }

  @Override
  public RunResult run(Source source) {
    synchronized (this) {
      ran.add(source.text());
    }
    interrupted = false;
    if (source.text().strip().equals("spin")) {
      return spin();
    }
    var action = cells.get(source.text().strip());
    return action == null ? failed("no script for '" + source.text() + "'") : action.apply(listener);
  }

  private RunResult spin() {
    spinning = true;
    try {
      long sink = 0;
      while (!interrupted) {
        sink += System.nanoTime() & 1;
      }
      return new RunResult(RunStatus.INTERRUPTED, List.of(), "", Optional.empty());
    } finally {
      spinning = false;
    }
  }

  @Override
  public RunResult check(Source source) {
    return ok(null);
  }

  @Override
  public Completion complete(String code, int cursor) {
    return new Completion(cursor - 2, cursor, List.of(new Completion.Item("print", "function", "print(x)")));
  }

  @Override
  public Optional<Inspection> inspect(String code, int cursor) {
    return Optional.of(new Inspection(code, "help for " + code, "**" + code + "**"));
  }

  @Override
  public Completeness isComplete(String code) {
    return code.endsWith("(") ? Completeness.INCOMPLETE : Completeness.COMPLETE;
  }

  @Override
  public Optional<Display> graph(java.util.List<String> names) {
    return Optional.empty();
  }

  @Override
  public void interrupt() {
    interrupted = true;
  }

  @Override
  public List<VariableInfo> variables() {
    return List.of(new VariableInfo("x", "int", "1"));
  }

  @Override
  public void setBackend(String name) {
    throw new IllegalArgumentException("No backend '" + name + "'.");
  }

  @Override
  public String backendName() {
    return "scripted";
  }

  @Override
  public void setSeed(long newSeed) {
    this.seed = newSeed;
  }

  @Override
  public void close() {}
}
