package org.moelab.kernel.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.messages.reply.CompleteReply;
import org.dflib.jjava.jupyter.messages.reply.InspectReply;
import org.dflib.jjava.jupyter.messages.reply.IsCompleteReply;
import org.moelab.kernel.magic.CellPlan;
import org.moelab.kernel.magic.Magic;
import org.moelab.kernel.magic.Magics;
import org.moelab.session.Completion;
import org.moelab.session.Session;

/**
 * Completion, inspection and {@code is_complete}, answered by the session's compiler. Jupyter
 * counts cursor positions in Unicode code points; they are converted to and from Java's UTF-16
 * offsets here. A {@code %} at the start of a line completes magic names.
 */
public final class CodeIntel {
  /** The indent a frontend adds after a line that leaves the cell incomplete. */
  public static final String INDENT = "  ";

  private final Session session;
  private final Magics magics;

  /** @param session answers the questions; @param magics names completed after {@code %} */
  public CodeIntel(Session session, Magics magics) {
    this.session = session;
    this.magics = magics;
  }

  /** {@code complete_reply} for the cursor at code point {@code cursorPos}. */
  public CompleteReply complete(String code, int cursorPos) {
    int cursor = toUtf16(code, cursorPos);
    int lineStart = code.lastIndexOf('\n', cursor - 1) + 1;
    String line = code.substring(lineStart, cursor);
    if (line.stripLeading().startsWith("%")) {
      return completeMagic(code, lineStart + line.indexOf('%') + 1, cursor);
    }
    Completion completion = session.complete(code, cursor);
    List<String> matches = new ArrayList<>();
    List<Map<String, Object>> types = new ArrayList<>();
    int start = toCodePoints(code, completion.cursorStart());
    int end = toCodePoints(code, completion.cursorEnd());
    for (Completion.Item item : completion.items()) {
      matches.add(item.text());
      types.add(typeEntry(start, end, item.text(), item.type(), item.signature()));
    }
    return new CompleteReply(matches, start, end, Map.of("_jupyter_types_experimental", types));
  }

  private CompleteReply completeMagic(String code, int nameStart, int cursor) {
    String prefix = code.substring(nameStart, cursor);
    List<String> matches = magics.all().stream().map(Magic::name).filter(n -> n.startsWith(prefix)).toList();
    return new CompleteReply(matches, toCodePoints(code, nameStart), toCodePoints(code, cursor), Map.of());
  }

  private static Map<String, Object> typeEntry(int start, int end, String text, String type, String signature) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("start", start);
    entry.put("end", end);
    entry.put("text", text);
    entry.put("type", type);
    entry.put("signature", signature);
    return entry;
  }

  /** {@code inspect_reply} for the name at code point {@code cursorPos}. */
  public InspectReply inspect(String code, int cursorPos) {
    return session.inspect(code, toUtf16(code, cursorPos))
        .map(found -> {
          DisplayData data = new DisplayData(found.plain());
          data.putMarkdown(found.markdown());
          return new InspectReply(true, data);
        })
        .orElseGet(() -> new InspectReply(false, new DisplayData()));
  }

  /** {@code is_complete_reply}: magic lines are complete; the code after them asks the parser. */
  public IsCompleteReply isComplete(String code) {
    CellPlan plan = CellPlan.parse(code);
    if (!plan.hasBody()) {
      return IsCompleteReply.VALID_CODE;
    }
    return switch (session.isComplete(plan.body())) {
      case COMPLETE -> IsCompleteReply.VALID_CODE;
      case INCOMPLETE -> IsCompleteReply.getIncompleteReplyWithIndent(INDENT);
      case INVALID -> IsCompleteReply.INVALID_CODE;
    };
  }

  static int toUtf16(String code, int codePoints) {
    int clamped = Math.max(0, Math.min(codePoints, code.codePointCount(0, code.length())));
    return code.offsetByCodePoints(0, clamped);
  }

  static int toCodePoints(String code, int utf16) {
    return code.codePointCount(0, Math.max(0, Math.min(utf16, code.length())));
  }
}
