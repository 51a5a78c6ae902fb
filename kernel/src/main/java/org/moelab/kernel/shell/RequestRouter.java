package org.moelab.kernel.shell;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.publish.PublishStatus;
import org.moelab.kernel.protocol.Channels;
import org.moelab.kernel.protocol.Envelope;
import org.moelab.kernel.protocol.IoPub;
import org.moelab.kernel.protocol.KernelSocket;
import org.moelab.kernel.protocol.ReplyContents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches the requests of one channel (shell or control) to their routes: publishes {@code
 * busy}, sends the route's reply, publishes {@code idle}. After a cell fails with {@code
 * stop_on_error}, execute requests already queued are answered {@code aborted} without running.
 */
public final class RequestRouter implements Channels.Handler {
  private static final Logger LOG = LoggerFactory.getLogger(RequestRouter.class);

  /** Computes the reply content for one request; null for no reply. */
  @FunctionalInterface
  public interface Route {
    /** The reply content for {@code request}. */
    Object reply(Message<?> request);
  }

  private record Entry(MessageType<?> replyType, Route route) {}

  private final Map<String, Entry> routes = new HashMap<>();
  private final Envelope envelope;
  private final IoPub iopub;
  private final BooleanSupplier abortQueued;
  private final IntSupplier executionCount;

  /**
   * @param envelope builds replies
   * @param iopub where busy and idle go
   * @param abortQueued asked after each reply: true to abort queued execute requests
   * @param executionCount the count that aborted replies carry
   */
  public RequestRouter(
      Envelope envelope, IoPub iopub, BooleanSupplier abortQueued, IntSupplier executionCount) {
    this.envelope = envelope;
    this.iopub = iopub;
    this.abortQueued = abortQueued;
    this.executionCount = executionCount;
  }

  /** Routes requests of {@code requestType} to {@code route}, replying with {@code replyType}. */
  public RequestRouter on(MessageType<?> requestType, MessageType<?> replyType, Route route) {
    routes.put(requestType.getName(), new Entry(replyType, route));
    return this;
  }

  @Override
  public void handle(KernelSocket socket, Message<?> message) {
    Entry entry = routes.get(message.getHeader().getType().getName());
    if (entry == null) {
      LOG.debug("No handler on {} for {}; ignored.", socket.channel(), message.getHeader().getType());
      return;
    }
    Header<?> parent = message.getHeader();
    iopub.status(parent, PublishStatus.BUSY);
    try {
      Object content = entry.route().reply(message);
      if (content != null) {
        socket.sendMessage(envelope.reply(message, entry.replyType(), content));
      }
    } finally {
      iopub.status(parent, PublishStatus.IDLE);
    }
    if (abortQueued.getAsBoolean()) {
      abortPending(socket);
    }
  }

  private void abortPending(KernelSocket socket) {
    while (socket.hasPending()) {
      Optional<Message<?>> next = socket.receive();
      next.ifPresent(m -> {
        if (m.getHeader().getType().equals(MessageType.EXECUTE_REQUEST)) {
          abort(socket, m);
        } else {
          handle(socket, m);
        }
      });
    }
  }

  private void abort(KernelSocket socket, Message<?> request) {
    iopub.status(request.getHeader(), PublishStatus.BUSY);
    var content = ReplyContents.Execute.aborted(executionCount.getAsInt());
    socket.sendMessage(envelope.reply(request, MessageType.EXECUTE_REPLY, content));
    iopub.status(request.getHeader(), PublishStatus.IDLE);
  }
}
