package org.moelab.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.moelab.diag.Diagnostic;
import org.moelab.session.Display;
import org.moelab.session.SessionListener;
import org.moelab.source.SourceSpan;
import org.moelab.tensor.DType;
import org.moelab.tensor.HostTensor;
import org.moelab.tensor.Shape;
import org.moelab.types.Dim;
import org.moelab.types.SymShape;

/**
 * What a built-in may use while it runs: the graph builder, errors with spans, the session's seed
 * sequence, files, output, and calling other values. One context per evaluation (check or run).
 */
public final class CallContext {
  private final Mode mode;
  private final TensorOps ops;
  private final RuntimeServices services;
  private final Interpreter interpreter;
  private long replica;

  CallContext(Mode mode, RuntimeServices services, Interpreter interpreter) {
    this.mode = mode;
    this.ops = new TensorOps(mode);
    this.services = services;
    this.interpreter = interpreter;
  }

  /** The mode: checking or running. */
  public Mode mode() {
    return mode;
  }

  /** True while statically checking: no data, no effects. */
  public boolean isChecking() {
    return mode == Mode.CHECK;
  }

  /** The graph builder. */
  public TensorOps ops() {
    return ops;
  }

  /** An error to throw: {@code throw ctx.error(...)}. */
  public EvalError error(String code, String message, SourceSpan span) {
    return new EvalError(Diagnostic.error(code, message, span));
  }

  /** An error with a help line. */
  public EvalError error(String code, String message, SourceSpan span, String help) {
    return new EvalError(Diagnostic.error(code, message, span, help));
  }

  /** The next seed of the session's deterministic seed sequence (for random ops given no seed). */
  public long nextSeed() {
    return services.seeds().next();
  }

  /**
   * The seed a random op uses when the user gave {@code explicit}: the seed itself, except while
   * the n-th copy of an {@code experts NAME[N] = ...} declaration is built (n ≥ 1), where it is
   * mixed with n so the N experts are independent yet reproducible.
   */
  public long seed(long explicit) {
    return replica == 0 ? explicit : new java.util.SplittableRandom(explicit ^ 0x632BE59BD9B4E019L * replica).nextLong();
  }

  /** Sets which copy of a replicated declaration is being built (0 outside one). */
  void replica(long index) {
    this.replica = index;
  }

  /** Resolves a user path against the session's working directory. */
  public Path resolvePath(String path) {
    return services.workingDirectory().resolve(path).normalize();
  }

  /** Prints a line to the session's stdout (not while checking). */
  public void print(String text) {
    if (!isChecking()) {
      services.listener().stdout(text);
    }
  }

  /** Emits a rich display (not while checking). */
  public void display(Display display, boolean update) {
    if (!isChecking()) {
      services.listener().display(display, update);
    }
  }

  /** The listener, for progress output. */
  public SessionListener listener() {
    return services.listener();
  }

  /** Evaluates a tensor and copies it to host memory (running only). */
  public HostTensor host(TensorValue t) {
    if (t.isAbstract()) {
      throw new IllegalStateException("host() called on an abstract tensor while " + mode);
    }
    return services.executor().fetch(t.node());
  }

  /** Evaluates a tensor now and keeps it cached, so later graphs start from it. */
  public void materialize(TensorValue t) {
    if (!t.isAbstract()) {
      services.executor().evaluate(t.node());
    }
  }

  /** Stops with {@link Interrupted} when the session was interrupted. */
  public void checkCancelled() {
    if (services.cancelled().get()) {
      throw new Interrupted();
    }
  }

  /** Calls any callable value. */
  public Value call(Callable f, Args args) {
    checkCancelled();
    return interpreter.invoke(f, args);
  }

  /** Calls {@code f} with positional arguments, all attributed to {@code span}. */
  public Value call(Callable f, SourceSpan span, Value... values) {
    return call(f, Args.of(span, values));
  }

  /** The services of the session (for stdlib code that needs more, such as the backend name). */
  public RuntimeServices services() {
    return services;
  }

  /** Converts numbers, nested lists of numbers and lists of tensors to a tensor. */
  public TensorValue toTensor(Value v, SourceSpan span) {
    if (v instanceof TensorValue t) {
      return t;
    }
    if (v instanceof Value.FloatValue f) {
      return ops.scalar(f.value(), DType.F32);
    }
    if (v instanceof Value.IntValue i) {
      return ops.scalar(i.value(), DType.I64);
    }
    if (v instanceof Value.BoolValue b) {
      return ops.scalar(b.value() ? 1 : 0, DType.BOOL);
    }
    if (v instanceof UnknownValue) {
      return TensorOps.abstractTensor(SymShape.unknownRank(), DType.F32);
    }
    if (v instanceof Value.ListValue list) {
      return TensorLiterals.fromList(this, list, span);
    }
    throw error("E0104", "Expected a tensor, got " + v.typeName() + ".", span);
  }

  /** A constant tensor from doubles (convenience for built-ins). */
  public TensorValue constant(DType dtype, long[] shape, double[] values, String label) {
    return ops.constant(HostTensor.fromDoubles(dtype, Shape.of(shape), values), label);
  }

  /** Dims from longs. */
  public static List<Dim> dims(long... sizes) {
    List<Dim> out = new ArrayList<>();
    for (long s : sizes) {
      out.add(Dim.of(s));
    }
    return out;
  }
}
