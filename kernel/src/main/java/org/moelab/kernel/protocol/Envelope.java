package org.moelab.kernel.protocol;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.KernelTimestamp;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;

/**
 * Builds the messages the kernel sends: a fresh header (protocol 5.3, this kernel's session id, a
 * microsecond ISO-8601 date), the parent header of the request they answer, and a content object
 * that the wire layer serialises with Gson.
 */
public final class Envelope {
  /** The messaging protocol version this kernel speaks. */
  public static final String PROTOCOL_VERSION = "5.3";

  private final String sessionId = UUID.randomUUID().toString();

  /** This kernel's session id, the same in every header it sends. */
  public String sessionId() {
    return sessionId;
  }

  /** A reply to {@code request} on the socket it came from (same routing identities). */
  public Message<?> reply(Message<?> request, MessageType<?> type, Object content) {
    return build(request.getIdentities(), request.getHeader(), type, content);
  }

  /** An IOPub message whose parent is {@code parent} (null for none), with a topic frame. */
  public Message<?> publish(Header<?> parent, MessageType<?> type, Object content) {
    byte[] topic = ("kernel." + sessionId + "." + type.getName()).getBytes(StandardCharsets.UTF_8);
    return build(List.of(topic), parent, type, content);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Message<?> build(List<byte[]> ids, Header<?> parent, MessageType<?> type, Object content) {
    Header header =
        new Header(
            UUID.randomUUID().toString(),
            Header.KERNEL_USERNAME,
            sessionId,
            new KernelTimestamp(Instant.now().truncatedTo(ChronoUnit.MICROS).toString()),
            type,
            PROTOCOL_VERSION);
    // Blobs must be null, not empty: the library ends a message with a blob frame when the list exists.
    return new Message(ids, header, parent, Map.of(), content, null);
  }
}
