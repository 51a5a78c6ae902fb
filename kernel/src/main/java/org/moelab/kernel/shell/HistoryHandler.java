package org.moelab.kernel.shell;

import java.util.List;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;
import org.moelab.kernel.protocol.ReplyContents;

/** Answers {@code history_request} (tail, range, search) from the kernel's {@link History}. */
public final class HistoryHandler {
  private final History history;

  /** @param history the cells run so far */
  public HistoryHandler(History history) {
    this.history = history;
  }

  /** The reply content for {@code message}. */
  public ReplyContents.History handle(Message<?> message) {
    HistoryRequest request = (HistoryRequest) message.getContent();
    return new ReplyContents.History("ok", History.toJson(select(request), request.includeOutput()));
  }

  private List<History.Entry> select(HistoryRequest request) {
    if (request instanceof HistoryRequest.Tail tail) {
      return history.tail(tail.getMaxReturnLength());
    }
    if (request instanceof HistoryRequest.Range range) {
      return history.range(range.getSessionIndex(), range.getStart(), range.getStop());
    }
    HistoryRequest.Search search = (HistoryRequest.Search) request;
    String pattern = search.getPattern() == null ? "*" : search.getPattern();
    return history.search(pattern, search.getMaxReturnLength(), search.filterUnique());
  }
}
