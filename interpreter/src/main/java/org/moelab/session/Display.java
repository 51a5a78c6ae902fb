package org.moelab.session;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A rich display: one value in several MIME types (Jupyter's MIME bundle), always including {@code
 * text/plain}. Binary types (PNG) are base64 text.
 *
 * @param data MIME type to content
 * @param displayId set for displays that are later updated in place (progress bars)
 */
public record Display(Map<String, String> data, Optional<String> displayId) {
  public Display {
    if (!data.containsKey("text/plain")) {
      throw new IllegalArgumentException("a display needs a text/plain fallback");
    }
    data = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(data));
  }

  /** A plain-text display. */
  public static Display text(String text) {
    return new Display(Map.of("text/plain", text), Optional.empty());
  }

  /** The plain-text form. */
  public String plain() {
    return data.get("text/plain");
  }
}
