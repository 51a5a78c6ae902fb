package org.moelab.kernel.protocol;

import com.google.gson.JsonArray;
import com.google.gson.annotations.SerializedName;
import java.util.List;
import java.util.Map;
import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;

/**
 * Reply contents that the base library gets wrong for protocol 5.3: its kernel_info, interrupt and
 * shutdown replies have no {@code status}, its execute reply has no {@code payload}, and its
 * history reply serialises entries as objects instead of {@code [session, line, input]} lists.
 */
public final class ReplyContents {
  private ReplyContents() {}

  /** {@code kernel_info_reply}. */
  public record KernelInfo(
      String status,
      @SerializedName("protocol_version") String protocolVersion,
      String implementation,
      @SerializedName("implementation_version") String implementationVersion,
      @SerializedName("language_info") LanguageInfo languageInfo,
      String banner,
      boolean debugger,
      @SerializedName("help_links") List<HelpLink> helpLinks) {}

  /** {@code execute_reply} with status {@code ok}, or {@code aborted} with no other field used. */
  public record Execute(
      String status,
      @SerializedName("execution_count") int executionCount,
      List<Map<String, Object>> payload,
      @SerializedName("user_expressions") Map<String, Object> userExpressions) {

    /** A successful reply with the given payloads (pager pages). */
    public static Execute ok(int count, List<Map<String, Object>> payload) {
      return new Execute("ok", count, List.copyOf(payload), Map.of());
    }

    /** The reply to a request skipped because an earlier cell failed. */
    public static Execute aborted(int count) {
      return new Execute("aborted", count, List.of(), Map.of());
    }
  }

  /** {@code execute_reply} with status {@code error}. */
  public record ExecuteError(
      String status,
      @SerializedName("execution_count") int executionCount,
      String ename,
      String evalue,
      List<String> traceback) {}

  /** {@code history_reply}; each entry is {@code [session, line, input]} or {@code [s, l, [in, out]]}. */
  public record History(String status, JsonArray history) {}

  /** A reply that carries only {@code status} ({@code interrupt_reply}). */
  public record Status(String status) {}

  /** {@code shutdown_reply}. */
  public record Shutdown(String status, boolean restart) {}

  /** {@code comm_info_reply}: this kernel opens no comms. */
  public record CommInfo(String status, Map<String, Object> comms) {}
}
