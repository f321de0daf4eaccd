package io.kava.scheduler.framework;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import java.util.function.IntPredicate;

/**
 * Runs one scheduling cycle's per-node work on several threads, as upstream's parallelize.Parallelizer
 * (16 workers there; here as many as the machine has cores, at most 16). Items are cut into chunks of
 * upstream's size (the square root of the count, at most count / parallelism + 1), claimed in index
 * order by the calling thread and the helpers, so the items that ran are always a prefix: a caller that
 * stops early (enough feasible nodes) gets the same answer as a serial loop would by reading the prefix
 * in order. The caller works too, so a helper that starts late costs nothing. Helper threads are daemons
 * and end after a minute idle.
 */
public final class Parallelizer implements AutoCloseable {
  /** Upstream's DefaultParallelism. */
  public static final int MAX_PARALLELISM = 16;
  /** Fewer items than this run on the caller alone: handing work to a thread costs more than they do. */
  static final int MIN_PARALLEL_ITEMS = 100;

  private final int parallelism;
  private final ThreadPoolExecutor helpers;

  /** PARALLELISM threads in all, the caller's included; 1 runs everything on the caller. */
  public Parallelizer(int parallelism) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1");
    }
    this.parallelism = parallelism;
    this.helpers = parallelism == 1 ? null : new ThreadPoolExecutor(parallelism - 1, parallelism - 1, 60,
        TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "scheduler-parallel");
          t.setDaemon(true);
          return t;
        });
    if (helpers != null) {
      helpers.allowCoreThreadTimeOut(true);
    }
  }

  /** One thread per core, at most {@link #MAX_PARALLELISM}. */
  public static int defaultParallelism() {
    return Math.min(MAX_PARALLELISM, Runtime.getRuntime().availableProcessors());
  }

  public int parallelism() {
    return parallelism;
  }

  /** Runs WORK for every index in 0..N-1. */
  public void forEach(int n, IntConsumer work) {
    untilFound(n, Integer.MAX_VALUE, i -> {
      work.accept(i);
      return false;
    });
  }

  /**
   * Runs CHECK for the indexes of a prefix of 0..N-1, chunk by chunk, until WANTED calls have returned
   * true or every index ran; returns the length of that prefix (every index below it ran exactly once,
   * none at or above it did). A check that throws stops the work and is rethrown here.
   */
  public int untilFound(int n, int wanted, IntPredicate check) {
    int chunk = chunkSize(n, parallelism);
    int chunks = (n + chunk - 1) / chunk;
    if (helpers == null || chunks <= 1 || n < MIN_PARALLEL_ITEMS) {
      return serially(n, wanted, check);
    }
    Job job = new Job(n, chunk, chunks, wanted, check);
    for (int i = 0, extra = Math.min(parallelism, chunks) - 1; i < extra; i++) {
      helpers.execute(job::help);
    }
    job.work();
    job.awaitHelpers();
    Throwable failure = job.failure.get();
    if (failure instanceof RuntimeException e) {
      throw e;
    }
    if (failure instanceof Error e) {
      throw e;
    }
    return Math.min(n, Math.min(job.nextChunk.get(), chunks) * chunk);
  }

  private static int serially(int n, int wanted, IntPredicate check) {
    int found = 0;
    for (int i = 0; i < n; i++) {
      if (check.test(i) && ++found >= wanted) {
        return i + 1;
      }
    }
    return n;
  }

  /** Upstream's chunkSizeFor: about the square root of N, and no more than N / parallelism + 1. */
  static int chunkSize(int n, int parallelism) {
    int s = (int) Math.sqrt(n);
    s = Math.min(s, n / parallelism + 1);
    return Math.max(s, 1);
  }

  @Override
  public void close() {
    if (helpers != null) {
      helpers.shutdownNow();
    }
  }

  /** One call's shared state: the next chunk to claim, what was found, who is still working. */
  private static final class Job {
    private final int n;
    private final int chunk;
    private final int chunks;
    private final int wanted;
    private final IntPredicate check;
    final AtomicInteger nextChunk = new AtomicInteger();
    private final AtomicInteger found = new AtomicInteger();
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    private int active;
    private boolean closed;

    Job(int n, int chunk, int chunks, int wanted, IntPredicate check) {
      this.n = n;
      this.chunk = chunk;
      this.chunks = chunks;
      this.wanted = wanted;
      this.check = check;
    }

    /** A helper joins only while the caller is still working; one that comes late just leaves. */
    void help() {
      synchronized (this) {
        if (closed) {
          return;
        }
        active++;
      }
      try {
        work();
      } finally {
        synchronized (this) {
          if (--active == 0) {
            notifyAll();
          }
        }
      }
    }

    /** Claims chunks in order until there are none, enough was found, or a check failed. */
    void work() {
      try {
        int c;
        while (found.get() < wanted && failure.get() == null && (c = nextChunk.getAndIncrement()) < chunks) {
          int hits = 0;
          for (int i = c * chunk, end = Math.min(n, i + chunk); i < end; i++) {
            if (check.test(i)) {
              hits++;
            }
          }
          found.addAndGet(hits);
        }
      } catch (Throwable t) {
        failure.compareAndSet(null, t);
      }
    }

    /** Lets no more helpers in and waits for those at work: their chunks belong to the prefix. */
    synchronized void awaitHelpers() {
      closed = true;
      boolean interrupted = false;
      while (active > 0) {
        try {
          wait();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
