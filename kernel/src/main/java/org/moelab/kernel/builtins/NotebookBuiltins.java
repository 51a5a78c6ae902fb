package org.moelab.kernel.builtins;

import java.util.List;
import org.moelab.runtime.BoundArgs;
import org.moelab.runtime.Builtin;
import org.moelab.runtime.BuiltinProvider;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.Displays;
import org.moelab.runtime.Param;
import org.moelab.runtime.ParamKind;
import org.moelab.runtime.SimpleBuiltin;
import org.moelab.runtime.Value;

/**
 * {@code clear_output(wait = false)} clears the cell's output (a no-op in a terminal); {@code
 * warn(message)} writes {@code warning: message} to stderr, shown apart from printed output in a
 * notebook. Both go through the session's listener, so the command line honours them too.
 */
public final class NotebookBuiltins implements BuiltinProvider {
  @Override
  public List<Builtin> builtins() {
    return List.of(
        SimpleBuiltin.of("clear_output", "Clears this cell's output; with wait, only when new output arrives.", "none",
            NotebookBuiltins::clearOutput,
            Param.optional("wait", ParamKind.BOOL, Value.of(false), "Keep the old output until new output comes.")),
        SimpleBuiltin.of("warn", "Writes 'warning: message' to stderr.", "none",
            NotebookBuiltins::warn, Param.required("message", ParamKind.ANY, "What to warn about.")));
  }

  private static Value clearOutput(CallContext ctx, BoundArgs args) {
    if (!ctx.isChecking()) {
      ctx.listener().clearOutput(args.bool("wait", false));
    }
    return Value.NoneValue.NONE;
  }

  private static Value warn(CallContext ctx, BoundArgs args) {
    if (!ctx.isChecking()) {
      ctx.listener().stderr("warning: " + Displays.plain(args.get("message"), ctx) + "\n");
    }
    return Value.NoneValue.NONE;
  }
}
