package org.moelab.merge.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

/**
 * A small fixed pool of daemon threads that runs a batch of indexed tasks and waits for all of
 * them; with one thread the tasks run inline. Task exceptions reach the caller unchanged.
 */
final class Workers implements AutoCloseable {
  private final int threads;
  private final ExecutorService pool;

  Workers(int threads) {
    this.threads = Math.max(1, threads);
    this.pool = this.threads == 1 ? null : Executors.newFixedThreadPool(this.threads, r -> {
      Thread t = new Thread(r, "moe-merge");
      t.setDaemon(true);
      return t;
    });
  }

  /** The number of threads. */
  int threads() {
    return threads;
  }

  /**
   * Runs {@code task(0)} … {@code task(count − 1)} and waits for all of them; the calling thread
   * runs task 0 itself, so that, say, three tasks on two pool threads run at once instead of in two
   * rounds.
   */
  void forEach(int count, IntConsumer task) {
    if (pool == null || count == 1) {
      for (int i = 0; i < count; i++) {
        task.accept(i);
      }
      return;
    }
    List<Future<?>> futures = new ArrayList<>();
    for (int i = 1; i < count; i++) {
      int index = i;
      futures.add(pool.submit(() -> task.accept(index)));
    }
    RuntimeException failure = null;
    try {
      task.accept(0);
    } catch (RuntimeException e) {
      failure = e;
    } finally {
      for (Future<?> f : futures) {
        RuntimeException e = await(f);
        failure = failure == null ? e : failure;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * Runs {@code task(worker, i, scratch)} for every i in [from, to) on every thread, each claiming
   * the next i when done with the last, so that a thread slowed down (by another process, or by
   * costlier indices) does not hold the others up at the end; {@code scratch(worker)} makes each
   * thread's own state once.
   */
  <S> void forClaimed(int from, int to, IntFunction<S> scratch, ClaimedTask<S> task) {
    AtomicInteger next = new AtomicInteger(from);
    forEach(threads, w -> {
      S own = scratch.apply(w);
      for (int i = next.getAndIncrement(); i < to; i = next.getAndIncrement()) {
        task.run(w, i, own);
      }
    });
  }

  /** Work on one claimed index, with the claiming thread's state. */
  @FunctionalInterface
  interface ClaimedTask<S> {
    void run(int worker, int index, S scratch);
  }

  /** Splits {@code [0, length)} into one range per thread and runs {@code task(from, to)} on each. */
  void forRanges(int length, RangeTask task) {
    int parts = length < 65_536 ? 1 : threads;
    forEach(parts, p -> task.run((int) ((long) length * p / parts), (int) ((long) length * (p + 1) / parts)));
  }

  /** Work on a range of elements. */
  @FunctionalInterface
  interface RangeTask {
    void run(int from, int to);
  }

  /** Waits for {@code f}: its failure as a runtime exception (errors are rethrown), or null. */
  static RuntimeException await(Future<?> f) {
    try {
      f.get();
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new IllegalStateException("interrupted while merging", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Error err) {
        throw err;
      }
      return cause instanceof RuntimeException re ? re : new IllegalStateException(cause);
    }
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
