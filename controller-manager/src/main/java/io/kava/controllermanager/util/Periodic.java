package io.kava.controllermanager.util;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/** A daemon thread running periodic passes (node monitor, pod GC); a failed pass is logged and the next one runs. */
public final class Periodic {
  private final ScheduledExecutorService executor;

  public Periodic(String threadName) {
    executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    });
  }

  /** Runs the pass every period after the first delay, on this one thread. */
  public void every(Duration initialDelay, Duration period, Runnable pass, Logger log, String what) {
    executor.scheduleWithFixedDelay(() -> {
      try {
        pass.run();
      } catch (RuntimeException e) {
        log.warn("{} failed: {}", what, e.toString());
      }
    }, initialDelay.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
  }

  public void stop() {
    executor.shutdownNow();
  }
}
