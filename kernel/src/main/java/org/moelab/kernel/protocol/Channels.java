package org.moelab.kernel.protocol;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Message;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * The kernel's five sockets, bound from a connection file, each served by its own blocking loop:
 * shell and control each on a thread of their own (so an interrupt on control reaches a busy
 * shell), heartbeat echoing on a third. IOPub is shared; sends on it are serialised.
 */
public final class Channels implements AutoCloseable {
  /** Handles one verified message read from a shell or control socket, on that socket's thread. */
  @FunctionalInterface
  public interface Handler {
    /** Handles {@code message}, replying on {@code socket}. */
    void handle(KernelSocket socket, Message<?> message);
  }

  /** Cells run on the shell thread; a large stack lets recursive user functions go deep. */
  private static final long SHELL_STACK_BYTES = 512L << 20;

  private final ZMQ.Context ctx;
  private final KernelSocket shell;
  private final KernelSocket control;
  private final KernelSocket stdin;
  private final KernelSocket iopub;
  private final ZMQ.Socket heartbeat;
  private final List<SocketLoop> loops = new ArrayList<>();

  private Channels(KernelConnectionProperties props, HMACGenerator hmac) {
    this.ctx = ZMQ.context(1);
    this.shell = bound(new KernelSocket(ctx, SocketType.ROUTER, hmac, "shell", props.getShellPort()), props);
    this.control = bound(new KernelSocket(ctx, SocketType.ROUTER, hmac, "control", props.getControlPort()), props);
    this.stdin = bound(new KernelSocket(ctx, SocketType.ROUTER, hmac, "stdin", props.getStdinPort()), props);
    this.iopub = bound(new KernelSocket(ctx, SocketType.PUB, hmac, "iopub", props.getIopubPort()), props);
    this.heartbeat = ctx.socket(SocketType.REP);
    heartbeat.setLinger(0);
    heartbeat.bind(props.getTransport() + "://" + props.getIp() + ":" + props.getHbPort());
  }

  /**
   * Binds every socket named in the connection properties.
   *
   * @throws IllegalArgumentException if the signature scheme or key is unusable
   */
  public static Channels bind(KernelConnectionProperties props) {
    try {
      return new Channels(props, props.createHMACGenerator());
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "The connection file's signature_scheme '" + props.getSignatureScheme()
              + "' or key cannot be used: " + e.getMessage() + ". Use hmac-sha256.", e);
    }
  }

  private static KernelSocket bound(KernelSocket socket, KernelConnectionProperties props) {
    socket.bind(props);
    return socket;
  }

  /** Starts the shell, control and heartbeat loops. */
  public void start(Handler shellHandler, Handler controlHandler) {
    loops.add(messageLoop("moe-shell", shell, shellHandler, SHELL_STACK_BYTES));
    loops.add(messageLoop("moe-control", control, controlHandler, 0));
    loops.add(new SocketLoop(ctx, "moe-heartbeat", heartbeat, this::echoHeartbeat, 0));
    loops.forEach(SocketLoop::start);
  }

  private SocketLoop messageLoop(String name, KernelSocket socket, Handler handler, long stackBytes) {
    return new SocketLoop(
        ctx, name, socket, () -> socket.receive().ifPresent(m -> handler.handle(socket, m)), stackBytes);
  }

  private void echoHeartbeat() {
    byte[] frame = heartbeat.recv(0);
    while (heartbeat.hasReceiveMore()) {
      heartbeat.sendMore(frame);
      frame = heartbeat.recv(0);
    }
    heartbeat.send(frame, 0);
  }

  /** Sends one message on IOPub; safe from any thread. */
  public void publish(Message<?> message) {
    iopub.sendMessage(message);
  }

  /**
   * Stops the loops, waits up to two seconds for each, and frees the sockets and the context. A
   * loop stuck in a handler keeps its socket; the context is then left for the JVM exit to free.
   */
  @Override
  public void close() {
    if (loops.isEmpty()) {
      shell.close();
      control.close();
      heartbeat.close();
    }
    loops.forEach(SocketLoop::stop);
    boolean allEnded = true;
    for (SocketLoop loop : loops) {
      allEnded &= joinQuietly(loop);
    }
    stdin.close();
    synchronizedCloseIopub();
    if (allEnded) {
      ctx.term();
    }
  }

  private void synchronizedCloseIopub() {
    synchronized (iopub) {
      iopub.close();
    }
  }

  private static boolean joinQuietly(SocketLoop loop) {
    try {
      return loop.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
