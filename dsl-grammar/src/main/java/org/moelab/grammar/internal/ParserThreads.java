package org.moelab.grammar.internal;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Runs parses on daemon threads with a large stack, so that the nesting limits in {@link
 * ParseLimits} hold whatever thread calls the parser and however deep its own stack already is.
 * Idle threads end after a minute.
 */
final class ParserThreads {
  /** Stack size of a parser thread: ample room for {@link ParseLimits#MAX_RULE_DEPTH} rules. */
  static final long STACK_BYTES = 64L * 1024 * 1024;

  private static final ExecutorService THREADS =
      Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(null, task, "moe-parser", STACK_BYTES);
            thread.setDaemon(true);
            return thread;
          });

  private ParserThreads() {}

  /** Runs {@code work} on a parser thread and returns its result; rethrows what it throws. */
  static <T> T call(Supplier<T> work) {
    Future<T> result = THREADS.submit(work::get);
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return result.get();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static RuntimeException rethrow(Throwable cause) {
    if (cause instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    throw new IllegalStateException("The parser failed unexpectedly.", cause);
  }
}
