package org.moelab.kernel.shell;

import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.publish.PublishClearOutput;
import org.dflib.jjava.jupyter.messages.publish.PublishDisplayData;
import org.dflib.jjava.jupyter.messages.publish.PublishStream;
import org.dflib.jjava.jupyter.messages.publish.PublishUpdateDisplayData;
import org.moelab.kernel.protocol.IoPub;
import org.moelab.session.Display;
import org.moelab.session.SessionListener;

/**
 * The session's listener in the kernel: turns prints, displays and clears into IOPub messages
 * whose parent is the request now running. Output with no request running (a background thread
 * finishing late) carries no parent, so frontends ignore it.
 */
public final class CellOutput implements SessionListener {
  private final IoPub iopub;
  private volatile Header<?> parent;

  /** @param iopub where the messages go */
  public CellOutput(IoPub iopub) {
    this.iopub = iopub;
  }

  /** Makes {@code request} the parent of what follows, until {@link #end()}. */
  public void begin(Header<?> request) {
    this.parent = request;
  }

  /** Ends the current request's output. */
  public void end() {
    this.parent = null;
  }

  @Override
  public void stdout(String text) {
    stream(PublishStream.StreamType.OUT, text);
  }

  @Override
  public void stderr(String text) {
    stream(PublishStream.StreamType.ERR, text);
  }

  private void stream(PublishStream.StreamType type, String text) {
    if (text.isEmpty()) {
      return;
    }
    iopub.publish(parent, PublishStream.MESSAGE_TYPE, new PublishStream(type, text));
  }

  @Override
  public void display(Display display, boolean update) {
    var bundle = MimeBundles.of(display);
    if (update && bundle.hasDisplayId()) {
      iopub.publish(parent, PublishUpdateDisplayData.MESSAGE_TYPE, new PublishUpdateDisplayData(bundle));
      return;
    }
    iopub.publish(parent, PublishDisplayData.MESSAGE_TYPE, new PublishDisplayData(bundle));
  }

  @Override
  public void clearOutput(boolean wait) {
    var content = wait ? PublishClearOutput.BEFORE_NEXT_OUTPUT : PublishClearOutput.NOW;
    iopub.publish(parent, PublishClearOutput.MESSAGE_TYPE, content);
  }
}
