package org.moelab.runtime;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.moelab.session.Display;
import org.moelab.tensor.HostTensor;

/** Turns values into rich displays: tensors as text and an HTML table, others by their own display. */
public final class Displays {
  private static final int HTML_LIMIT = 32;

  private Displays() {}

  /** The display of {@code v} (running only: may read tensor data). */
  public static Display of(Value v, CallContext ctx) {
    if (v instanceof Displayable d) {
      return d.display(ctx);
    }
    if (v instanceof TensorValue t && !t.isAbstract()) {
      HostTensor host = ctx.host(t);
      Map<String, String> data = new LinkedHashMap<>();
      data.put("text/plain", TensorFormatter.format(host));
      data.put("text/html", html(host));
      return new Display(data, Optional.empty());
    }
    return Display.text(plain(v, ctx));
  }

  /** The plain-text form that {@code print} writes. */
  public static String plain(Value v, CallContext ctx) {
    if (v instanceof TensorValue t && !t.isAbstract()) {
      return TensorFormatter.format(ctx.host(t));
    }
    if (v instanceof Displayable d) {
      return d.display(ctx).plain();
    }
    return v.toString();
  }

  private static String html(HostTensor t) {
    StringBuilder out = new StringBuilder("<div class=\"moe-tensor\"><b>")
        .append(TensorFormatter.header(t)).append("</b>");
    long[] dims = t.shape().dims();
    if (dims.length > 2 || dims.length == 0) {
      return out.append("<pre>").append(escape(TensorFormatter.format(t))).append("</pre></div>").toString();
    }
    long rows = dims.length == 1 ? 1 : dims[0];
    long cols = dims[dims.length - 1];
    out.append("<table>");
    for (long r = 0; r < Math.min(rows, HTML_LIMIT); r++) {
      out.append("<tr>");
      for (long c = 0; c < Math.min(cols, HTML_LIMIT); c++) {
        double v = t.getDouble(r * cols + c);
        out.append("<td>").append(t.dtype().isFloating() ? Formatting.element(v) : Long.toString((long) v)).append("</td>");
      }
      out.append(cols > HTML_LIMIT ? "<td>…</td>" : "").append("</tr>");
    }
    if (rows > HTML_LIMIT) {
      out.append("<tr><td>…</td></tr>");
    }
    return out.append("</table></div>").toString();
  }

  /** Escapes text for HTML. */
  public static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
