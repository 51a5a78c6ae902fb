package org.moelab.kernel.protocol;

import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.publish.PublishStatus;

/** Where the kernel broadcasts: status, streams, displays, results and errors, each with a parent. */
public interface IoPub {
  /** Publishes {@code content} as a message of {@code type} whose parent is {@code parent}. */
  void publish(Header<?> parent, MessageType<?> type, Object content);

  /** Publishes {@code busy} or {@code idle} for the request {@code parent}. */
  default void status(Header<?> parent, PublishStatus status) {
    publish(parent, PublishStatus.MESSAGE_TYPE, status);
  }

  /** The IOPub of a bound kernel. */
  static IoPub of(Channels channels, Envelope envelope) {
    return (parent, type, content) -> channels.publish(envelope.publish(parent, type, content));
  }
}
