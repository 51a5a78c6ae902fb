package org.moelab.kernel.shell;

import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.Map;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.moelab.session.Display;

/** Turns a session {@link Display} into the library's MIME bundle, with its display id. */
public final class MimeBundles {
  private MimeBundles() {}

  /**
   * The bundle for {@code display}: every MIME type it has; JSON types as JSON values, not
   * strings; the display id, if any, in {@code transient}.
   */
  public static DisplayData of(Display display) {
    DisplayData data = new DisplayData();
    for (Map.Entry<String, String> entry : display.data().entrySet()) {
      data.putData(entry.getKey(), value(entry.getKey(), entry.getValue()));
    }
    display.displayId().ifPresent(data::setDisplayId);
    return data;
  }

  private static Object value(String mime, String content) {
    if (!isJson(mime)) {
      return content;
    }
    try {
      return JsonParser.parseString(content);
    } catch (JsonParseException e) {
      return content;
    }
  }

  private static boolean isJson(String mime) {
    return mime.equals("application/json") || mime.endsWith("+json");
  }
}
