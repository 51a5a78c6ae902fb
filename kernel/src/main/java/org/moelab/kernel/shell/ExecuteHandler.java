package org.moelab.kernel.shell;

import java.util.Optional;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.publish.PublishError;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteInput;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteResult;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import org.moelab.kernel.protocol.IoPub;
import org.moelab.kernel.protocol.ReplyContents;
import org.moelab.session.Display;

/**
 * Handles {@code execute_request}: counts the cell, echoes its input, runs it with its output
 * parented to the request, publishes the result or the error, records history and builds the
 * reply.
 */
public final class ExecuteHandler {
  private final CellRunner runner;
  private final CellOutput output;
  private final IoPub iopub;
  private final History history;
  private int executionCount;
  private volatile boolean running;
  private boolean abortQueued;

  /**
   * @param runner runs cells
   * @param output the session's listener, re-parented for each request
   * @param iopub where inputs, results and errors go
   * @param history where inputs and outputs are kept
   */
  public ExecuteHandler(CellRunner runner, CellOutput output, IoPub iopub, History history) {
    this.runner = runner;
    this.output = output;
    this.iopub = iopub;
    this.history = history;
  }

  /** True while a cell runs; interrupts are only passed on then. */
  public boolean isRunning() {
    return running;
  }

  /** The execution count of the last stored cell. */
  public int executionCount() {
    return executionCount;
  }

  /**
   * True once after a cell failed with {@code stop_on_error}: requests already queued behind it
   * should be answered as aborted instead of run.
   */
  public boolean takeAbortQueued() {
    boolean abort = abortQueued;
    abortQueued = false;
    return abort;
  }

  /** Runs the request's cell and returns the reply content. */
  public Object handle(Message<?> message) {
    ExecuteRequest request = (ExecuteRequest) message.getContent();
    Header<?> parent = message.getHeader();
    boolean store = request.shouldStoreHistory() && !request.isSilent();
    if (store) {
      executionCount++;
    }
    int count = executionCount;
    if (!request.isSilent()) {
      iopub.publish(parent, PublishExecuteInput.MESSAGE_TYPE, new PublishExecuteInput(request.getCode(), count));
    }
    CellOutcome outcome = runCell(request.getCode(), parent, count);
    if (outcome instanceof CellOutcome.Ok ok) {
      return succeeded(request, parent, count, ok.result(), store);
    }
    return failed(request, parent, count, ((CellOutcome.Failed) outcome).report(), store);
  }

  private CellOutcome runCell(String code, Header<?> parent, int count) {
    output.begin(parent);
    running = true;
    try {
      return runner.run(code, "<cell " + count + ">");
    } finally {
      running = false;
      output.end();
    }
  }

  private Object succeeded(
      ExecuteRequest request, Header<?> parent, int count, Optional<Display> result, boolean store) {
    if (!request.isSilent()) {
      result.ifPresent(d -> iopub.publish(
          parent, PublishExecuteResult.MESSAGE_TYPE, new PublishExecuteResult(count, MimeBundles.of(d))));
    }
    if (store) {
      history.add(count, request.getCode(), result.map(Display::plain).orElse(null));
    }
    return ReplyContents.Execute.ok(count, runner.pages());
  }

  private Object failed(
      ExecuteRequest request, Header<?> parent, int count, ErrorReport report, boolean store) {
    iopub.publish(parent, PublishError.MESSAGE_TYPE,
        new PublishError(report.ename(), report.evalue(), report.traceback()));
    if (store) {
      history.add(count, request.getCode(), null);
    }
    abortQueued = request.shouldStopOnError();
    return new ReplyContents.ExecuteError("error", count, report.ename(), report.evalue(), report.traceback());
  }
}
