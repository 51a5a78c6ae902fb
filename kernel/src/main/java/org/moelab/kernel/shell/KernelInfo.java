package org.moelab.kernel.shell;

import java.util.List;
import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.moelab.kernel.protocol.Envelope;
import org.moelab.kernel.protocol.ReplyContents;

/** What {@code kernel_info_reply} says about this kernel and the {@code .moe} language. */
public final class KernelInfo {
  /** The implementation version, from the jar manifest when packaged. */
  public static final String VERSION = version();

  private KernelInfo() {}

  /** The language: name {@code moe}, {@code .moe} files, MIME type {@code text/x-moe}. */
  public static LanguageInfo language() {
    // CodeMirror has no .moe mode; Python's highlights its comments, strings, numbers and most keywords.
    return new LanguageInfo("moe", VERSION, "text/x-moe", ".moe", "text", "python", null);
  }

  /** The reply content, with {@code status: ok}. */
  public static ReplyContents.KernelInfo reply() {
    return new ReplyContents.KernelInfo(
        "ok",
        Envelope.PROTOCOL_VERSION,
        "moelab",
        VERSION,
        language(),
        "MoE Lab " + VERSION + " — mixtures of experts, routers and merges. %help lists the magics.",
        false,
        List.<HelpLink>of());
  }

  private static String version() {
    String fromManifest = KernelInfo.class.getPackage().getImplementationVersion();
    return fromManifest == null ? "0.1.0" : fromManifest;
  }
}
