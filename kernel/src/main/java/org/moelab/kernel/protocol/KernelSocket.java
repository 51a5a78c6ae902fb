package org.moelab.kernel.protocol;

import java.util.Optional;
import org.dflib.jjava.jupyter.channels.JupyterSocket;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * One signed Jupyter socket (shell, control, stdin or iopub) bound to its port from the connection
 * file. Reading verifies the HMAC signature; a message that is unsigned, forged or malformed is
 * dropped with a log line instead of reaching a handler.
 */
public final class KernelSocket extends JupyterSocket {
  private static final Logger LOG = LoggerFactory.getLogger(KernelSocket.class);

  private final String channel;
  private final int port;

  /**
   * @param ctx the ZeroMQ context
   * @param type {@code ROUTER} for shell, control and stdin; {@code PUB} for iopub
   * @param hmac the signer built from the connection file's key
   * @param channel the channel name, for log lines
   * @param port the port to bind
   */
  public KernelSocket(ZMQ.Context ctx, SocketType type, HMACGenerator hmac, String channel, int port) {
    super(ctx, type, hmac, LoggerFactory.getLogger("org.moelab.kernel." + channel));
    this.channel = channel;
    this.port = port;
    setLinger(1000);
  }

  /** The channel name ({@code shell}, {@code control}, ...). */
  public String channel() {
    return channel;
  }

  @Override
  public void bind(KernelConnectionProperties props) {
    bind(formatAddress(props.getTransport(), props.getIp(), port));
  }

  /**
   * Reads one whole multipart message; empty when it was dropped for a bad signature or bad JSON.
   * Blocks until a message is there, so call it only when a poll says the socket is readable.
   */
  public Optional<Message<?>> receive() {
    try {
      return Optional.of(readMessage());
    } catch (SecurityException e) {
      LOG.warn("Dropped a message on {}: its HMAC signature is missing or wrong.", channel);
      return Optional.empty();
    } catch (RuntimeException e) {
      LOG.warn("Dropped a malformed message on {}: {}", channel, e.toString());
      return Optional.empty();
    }
  }

  /** True when a whole message can be read without blocking. */
  public boolean hasPending() {
    return (getEvents() & ZMQ.Poller.POLLIN) != 0;
  }
}
