package io.kava.controllermanager.util;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Upstream's slowStartBatch: runs {@code count} calls in batches of 1, 2, 4, ... (each batch in
 * parallel), and stops after the first batch with a failure. A quota or validation error then costs
 * one failed call instead of hundreds.
 */
public final class SlowStart {
  /** Upstream SlowStartInitialBatchSize. */
  public static final int INITIAL_BATCH_SIZE = 1;

  /** How many calls succeeded, and the first error of the failing batch (null if none failed). */
  public record Result(int successes, RuntimeException error) {}

  @FunctionalInterface
  public interface Call {
    void run();
  }

  private SlowStart() {}

  public static Result run(int count, int initialBatchSize, ExecutorService executor, Call call)
      throws InterruptedException {
    int remaining = count;
    int successes = 0;
    for (int batch = Math.min(remaining, initialBatchSize); batch > 0; batch = Math.min(2 * batch, remaining)) {
      List<Future<?>> futures = new ArrayList<>(batch);
      for (int i = 0; i < batch; i++) {
        futures.add(executor.submit(call::run));
      }
      RuntimeException error = null;
      for (Future<?> f : futures) {
        try {
          f.get();
          successes++;
        } catch (ExecutionException e) {
          if (error == null) {
            error = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
          }
        }
      }
      if (error != null) {
        return new Result(successes, error);
      }
      remaining -= batch;
    }
    return new Result(successes, null);
  }
}
