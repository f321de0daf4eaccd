package io.kava.apiserver.storage;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops old etcd history, as upstream: every interval, compact at the revision seen one interval ago,
 * so at least one interval of history stays for watches to resume from. Watch caches that start later
 * see the compaction and begin their window after it.
 */
public final class Compactor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Compactor.class);

  private final Storage storage;
  private final ScheduledExecutorService scheduler;
  private long previousRevision;

  public Compactor(Storage storage, Duration interval) {
    this.storage = storage;
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "kava-compactor");
      t.setDaemon(true);
      return t;
    });
    long every = interval.toMillis();
    scheduler.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
  }

  private void tick() {
    try {
      long now = storage.currentRevision();
      if (previousRevision > 0 && previousRevision < now) {
        storage.compact(previousRevision);
        log.info("Compacted etcd history at revision {}", previousRevision);
      }
      previousRevision = now;
    } catch (CompactedException e) {
      log.debug("Etcd history was already compacted past {}", previousRevision);
    } catch (RuntimeException e) {
      log.warn("Failed to compact etcd history: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
