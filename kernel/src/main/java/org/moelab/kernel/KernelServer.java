package org.moelab.kernel;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.publish.PublishStatus;
import org.dflib.jjava.jupyter.messages.request.CompleteRequest;
import org.dflib.jjava.jupyter.messages.request.InspectRequest;
import org.dflib.jjava.jupyter.messages.request.IsCompleteRequest;
import org.dflib.jjava.jupyter.messages.request.ShutdownRequest;
import org.moelab.kernel.magic.Magics;
import org.moelab.kernel.protocol.Channels;
import org.moelab.kernel.protocol.Envelope;
import org.moelab.kernel.protocol.IoPub;
import org.moelab.kernel.protocol.ReplyContents;
import org.moelab.kernel.shell.CellOutput;
import org.moelab.kernel.shell.CellRunner;
import org.moelab.kernel.shell.CodeIntel;
import org.moelab.kernel.shell.ExecuteHandler;
import org.moelab.kernel.shell.History;
import org.moelab.kernel.shell.HistoryHandler;
import org.moelab.kernel.shell.KernelInfo;
import org.moelab.kernel.shell.RequestRouter;
import org.moelab.session.Session;
import org.moelab.session.SessionListener;

/**
 * A running kernel: the sockets of one connection file, the request routes of the shell and
 * control channels, and the session they drive. Interrupts arrive on control and reach the
 * session while shell is busy running a cell.
 */
public final class KernelServer implements AutoCloseable {
  private final Channels channels;
  private final Session session;
  private final ExecuteHandler execute;
  private final CountDownLatch shutdown = new CountDownLatch(1);

  private KernelServer(Channels channels, Session session, ExecuteHandler execute) {
    this.channels = channels;
    this.session = session;
    this.execute = execute;
  }

  /**
   * Binds the sockets, opens the session and starts serving.
   *
   * @param props the connection file's contents
   * @param sessions opens the session, given the listener its output must go to
   * @param workingDirectory where {@code %load} resolves relative paths
   */
  public static KernelServer start(
      KernelConnectionProperties props, Function<SessionListener, Session> sessions, Path workingDirectory) {
    Channels channels = Channels.bind(props);
    Envelope envelope = new Envelope();
    IoPub iopub = IoPub.of(channels, envelope);
    CellOutput output = new CellOutput(iopub);
    Session session = sessions.apply(output);
    Magics magics = Magics.standard();
    History history = new History();
    ExecuteHandler execute =
        new ExecuteHandler(new CellRunner(session, output, magics, workingDirectory), output, iopub, history);
    KernelServer server = new KernelServer(channels, session, execute);
    CodeIntel intel = new CodeIntel(session, magics);
    HistoryHandler historyHandler = new HistoryHandler(history);
    RequestRouter shell = new RequestRouter(envelope, iopub, execute::takeAbortQueued, execute::executionCount)
        .on(MessageType.EXECUTE_REQUEST, MessageType.EXECUTE_REPLY, execute::handle)
        .on(MessageType.KERNEL_INFO_REQUEST, MessageType.KERNEL_INFO_REPLY, m -> KernelInfo.reply())
        .on(MessageType.COMPLETE_REQUEST, MessageType.COMPLETE_REPLY, m -> complete(intel, m))
        .on(MessageType.INSPECT_REQUEST, MessageType.INSPECT_REPLY, m -> inspect(intel, m))
        .on(MessageType.IS_COMPLETE_REQUEST, MessageType.IS_COMPLETE_REPLY,
            m -> intel.isComplete(((IsCompleteRequest) m.getContent()).getCode()))
        .on(MessageType.HISTORY_REQUEST, MessageType.HISTORY_REPLY, historyHandler::handle)
        .on(MessageType.COMM_INFO_REQUEST, MessageType.COMM_INFO_REPLY,
            m -> new ReplyContents.CommInfo("ok", java.util.Map.of()));
    RequestRouter control = new RequestRouter(envelope, iopub, () -> false, execute::executionCount)
        .on(MessageType.KERNEL_INFO_REQUEST, MessageType.KERNEL_INFO_REPLY, m -> KernelInfo.reply())
        .on(MessageType.INTERRUPT_REQUEST, MessageType.INTERRUPT_REPLY, m -> server.interrupt())
        .on(MessageType.SHUTDOWN_REQUEST, MessageType.SHUTDOWN_REPLY, server::shutdownRequested);
    channels.start(shell, control);
    iopub.status(null, PublishStatus.STARTING);
    return server;
  }

  private static Object complete(CodeIntel intel, Message<?> m) {
    CompleteRequest request = (CompleteRequest) m.getContent();
    return intel.complete(request.getCode(), request.getCursorPos());
  }

  private static Object inspect(CodeIntel intel, Message<?> m) {
    InspectRequest request = (InspectRequest) m.getContent();
    return intel.inspect(request.getCode(), request.getCursorPos());
  }

  private Object interrupt() {
    if (execute.isRunning()) {
      session.interrupt();
    }
    return new ReplyContents.Status("ok");
  }

  private Object shutdownRequested(Message<?> m) {
    boolean restart = ((ShutdownRequest) m.getContent()).isRestart();
    requestShutdown();
    return new ReplyContents.Shutdown("ok", restart);
  }

  /** Asks the kernel to stop: {@link #awaitShutdown} returns. Safe from any thread. */
  public void requestShutdown() {
    shutdown.countDown();
  }

  /** Blocks until a shutdown request, the parent's death or {@link #requestShutdown()}. */
  public void awaitShutdown() throws InterruptedException {
    shutdown.await();
  }

  /** Waits up to {@code millis} for a shutdown request; true when one came. */
  public boolean awaitShutdown(long millis) throws InterruptedException {
    return shutdown.await(millis, TimeUnit.MILLISECONDS);
  }

  /** Interrupts any running cell, stops the loops and frees the session. */
  @Override
  public void close() {
    if (execute.isRunning()) {
      session.interrupt();
    }
    channels.close();
    session.close();
  }
}
