package org.moelab.kernel.protocol;

import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * A thread that blocks in a ZeroMQ poll on one socket and runs a callback each time it is
 * readable. It never sleeps or spins: an idle kernel uses no CPU, and a request is handled as soon
 * as it arrives. {@link #stop()} wakes the poll through an in-process pair socket; the thread then
 * closes its socket, which it alone has used.
 */
public final class SocketLoop {
  private static final Logger LOG = LoggerFactory.getLogger(SocketLoop.class);
  private static final AtomicInteger IDS = new AtomicInteger();

  private final ZMQ.Socket socket;
  private final Runnable onReadable;
  private final ZMQ.Socket wakeReceiver;
  private final ZMQ.Socket wakeSender;
  private final ZMQ.Poller poller;
  private final Thread thread;
  private volatile boolean running = true;

  /**
   * @param ctx the context that owns {@code socket}
   * @param name the thread name
   * @param socket a bound socket, used only by this loop's thread from now on
   * @param onReadable reads and handles one message; exceptions are logged, never fatal
   * @param stackBytes the thread's stack size (deeply recursive cells run on the shell thread), or
   *     0 for the JVM default
   */
  public SocketLoop(ZMQ.Context ctx, String name, ZMQ.Socket socket, Runnable onReadable, long stackBytes) {
    this.socket = socket;
    this.onReadable = onReadable;
    String address = "inproc://moe-wake-" + IDS.incrementAndGet();
    this.wakeReceiver = ctx.socket(SocketType.PAIR);
    wakeReceiver.bind(address);
    this.wakeSender = ctx.socket(SocketType.PAIR);
    wakeSender.connect(address);
    this.poller = ctx.poller(2);
    poller.register(socket, ZMQ.Poller.POLLIN);
    poller.register(wakeReceiver, ZMQ.Poller.POLLIN);
    this.thread = new Thread(null, this::run, name, stackBytes);
    thread.setDaemon(true);
  }

  /** Starts the thread. */
  public void start() {
    thread.start();
  }

  /** Asks the loop to end after the message it is handling; returns at once. */
  public synchronized void stop() {
    if (!running) {
      return;
    }
    running = false;
    wakeSender.send(new byte[] {1}, 0);
  }

  /** Waits up to {@code millis} for the thread to end; true when it has. */
  public boolean join(long millis) throws InterruptedException {
    thread.join(millis);
    return !thread.isAlive();
  }

  private void run() {
    try {
      while (running) {
        if (poller.poll(-1) < 0) {
          break;
        }
        if (running && poller.pollin(0)) {
          handleOne();
        }
      }
    } finally {
      poller.close();
      socket.close();
      wakeReceiver.close();
      synchronized (this) {
        running = false;
        wakeSender.close();
      }
    }
  }

  private void handleOne() {
    try {
      onReadable.run();
    } catch (RuntimeException | StackOverflowError e) {
      LOG.error("The {} loop failed on a message; it keeps running.", thread.getName(), e);
    }
  }
}
