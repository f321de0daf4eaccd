package io.kava.apiserver.storage;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.EtcdException;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.CompactOption;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link Storage} on etcd v3 through jetcd: CAS writes are transactions comparing mod_revision. */
public final class EtcdStorage implements Storage {
  private static final Logger log = LoggerFactory.getLogger(EtcdStorage.class);

  private final Client client;
  private final KV kv;
  private final Watch watchClient;
  private final Duration timeout;
  private final ExpiringKeys expiring;
  private final LeaseReuse leases;
  /** Where watch events are handed to their listeners (see {@link SerialDelivery}): one thread per core. */
  private final ExecutorService watchDelivery = Executors.newFixedThreadPool(
      Math.max(2, Runtime.getRuntime().availableProcessors()), r -> {
        Thread t = new Thread(r, "kava-storage-watch");
        t.setDaemon(true);
        return t;
      });
  static final int MAX_PENDING_DELIVERIES = 1024;

  public EtcdStorage(List<URI> endpoints, Duration requestTimeout) {
    this(endpoints, requestTimeout, Optional.empty());
  }

  /** {@code tls}: etcd over TLS ({@link EtcdTls}), the https:// endpoints' certificates checked for their host. */
  public EtcdStorage(List<URI> endpoints, Duration requestTimeout, Optional<io.netty.handler.ssl.SslContext> tls) {
    this(endpoints, requestTimeout, tls, ExpiringKeys.none());
  }

  /** With keys that etcd deletes by itself after their last write ({@code expiring}: the Events). */
  public EtcdStorage(List<URI> endpoints, Duration requestTimeout, Optional<io.netty.handler.ssl.SslContext> tls,
      ExpiringKeys expiring) {
    io.etcd.jetcd.ClientBuilder builder = Client.builder();
    tls.ifPresent(context -> builder.sslContext(context).authority(endpoints.get(0).getHost()));
    this.client = builder
        .endpoints(endpoints.toArray(URI[]::new))
        // Fail at once while no member is reachable instead of queueing calls until the deadline.
        .waitForReady(false)
        .loadBalancerPolicy("round_robin")
        .connectTimeout(Duration.ofSeconds(2))
        .keepaliveTime(Duration.ofSeconds(10))
        .keepaliveTimeout(Duration.ofSeconds(5))
        .retryDelay(200)
        .retryMaxDelay(1000)
        .retryMaxAttempts(2)
        .retryMaxDuration(requestTimeout)
        .maxInboundMessageSize(256 * 1024 * 1024)
        .build();
    this.kv = client.getKVClient();
    this.watchClient = client.getWatchClient();
    this.timeout = requestTimeout;
    this.expiring = expiring;
    this.leases = new LeaseReuse(
        seconds -> await(client.getLeaseClient().grant(seconds), "grant a lease of " + seconds + "s").getID(),
        java.time.Clock.systemUTC());
  }

  /** A put's options: the key's lease when it expires. */
  private PutOption putOption(String key) {
    long ttl = expiring.ttlSeconds(key);
    return ttl == 0 ? PutOption.DEFAULT : PutOption.builder().withLeaseId(leases.leaseFor(ttl)).build();
  }

  @Override
  public Optional<KeyValue> get(String key) {
    GetResponse response = await(kv.get(bytes(key)), "get " + key);
    return response.getKvs().stream().findFirst().map(EtcdStorage::keyValue);
  }

  @Override
  public Range range(String prefix, long revision) {
    GetOption.Builder option = GetOption.builder().isPrefix(true);
    if (revision > 0) {
      option.withRevision(revision);
    }
    GetResponse response = await(kv.get(bytes(prefix), option.build()), "range " + prefix);
    List<KeyValue> items = new ArrayList<>(response.getKvs().size());
    for (io.etcd.jetcd.KeyValue kv : response.getKvs()) {
      items.add(keyValue(kv));
    }
    return new Range(items, response.getHeader().getRevision());
  }

  @Override
  public long create(String key, byte[] value) {
    ByteSequence k = bytes(key);
    TxnResponse response = await(kv.txn()
        .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
        .Then(Op.put(k, ByteSequence.from(value), putOption(key)))
        .commit(), "create " + key);
    if (!response.isSucceeded()) {
      throw new KeyExistsException(key);
    }
    return response.getHeader().getRevision();
  }

  @Override
  public long update(String key, byte[] value, long expectedModRevision) {
    return compareAndSwap(key, expectedModRevision, Op.put(bytes(key), ByteSequence.from(value), putOption(key)), "update");
  }

  @Override
  public long delete(String key, long expectedModRevision) {
    return compareAndSwap(key, expectedModRevision, Op.delete(bytes(key), DeleteOption.DEFAULT), "delete");
  }

  private long compareAndSwap(String key, long expectedModRevision, Op op, String what) {
    ByteSequence k = bytes(key);
    TxnResponse response = await(kv.txn()
        .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(expectedModRevision)))
        .Then(op)
        .Else(Op.get(k, GetOption.DEFAULT))
        .commit(), what + " " + key);
    if (response.isSucceeded()) {
      return response.getHeader().getRevision();
    }
    List<io.etcd.jetcd.KeyValue> current = response.getGetResponses().isEmpty()
        ? List.of() : response.getGetResponses().get(0).getKvs();
    if (current.isEmpty()) {
      throw new KeyNotFoundException(key);
    }
    throw new RevisionConflictException(key, expectedModRevision, current.get(0).getModRevision());
  }

  @Override
  public long currentRevision() {
    GetResponse response = await(kv.get(bytes("/"), GetOption.builder().withCountOnly(true).withLimit(1).build()),
        "read revision");
    return response.getHeader().getRevision();
  }

  @Override
  public StorageWatch watch(String prefix, long fromRevision, StorageWatchListener listener) {
    AtomicBoolean over = new AtomicBoolean();
    WatchOption option = WatchOption.builder().isPrefix(true).withRevision(fromRevision).withPrevKV(true).build();
    Watch.Watcher[] holder = new Watch.Watcher[1];
    SerialDelivery delivery = new SerialDelivery(watchDelivery, MAX_PENDING_DELIVERIES);
    AtomicBoolean closedByCaller = new AtomicBoolean();
    Watch.Listener jetcdListener = new Watch.Listener() {
      @Override
      public void onNext(WatchResponse response) {
        if (over.get()) {
          return;
        }
        if (response.getEvents().isEmpty()) {
          // Progress answers are not used: etcd 3.4 can send one with the current revision while this
          // stream still replays history (after a resume or a member failover); trusting it once made
          // the watch cache skip that history. The cache's revision moves with events only.
          return;
        }
        List<StorageEvent> events = new ArrayList<>(response.getEvents().size());
        for (WatchEvent e : response.getEvents()) {
          io.etcd.jetcd.KeyValue kv = e.getKeyValue();
          io.etcd.jetcd.KeyValue prev = e.getPrevKV();
          byte[] prevValue = prev == null || prev.getModRevision() == 0 ? null : prev.getValue().getBytes();
          String key = kv.getKey().toString(StandardCharsets.UTF_8);
          if (e.getEventType() == WatchEvent.EventType.DELETE) {
            events.add(new StorageEvent(StorageEvent.Type.DELETE, key, null, prevValue, kv.getModRevision(), false));
          } else if (e.getEventType() == WatchEvent.EventType.PUT) {
            events.add(new StorageEvent(StorageEvent.Type.PUT, key, kv.getValue().getBytes(), prevValue,
                kv.getModRevision(), kv.getCreateRevision() == kv.getModRevision()));
          }
        }
        delivery.submit(() -> {
          if (!closedByCaller.get()) {
            listener.onEvents(events);
          }
        });
      }

      @Override
      public void onError(Throwable error) {
        // jetcd would resume by itself from a revision it guesses; we end the stream and let the caller
        // resume from the last revision it really received.
        if (over.compareAndSet(false, true)) {
          // After the events delivered before it, as they arrived.
          if (error instanceof io.etcd.jetcd.common.exception.CompactedException c) {
            delivery.submit(() -> listener.onCompacted(c.getCompactedRevision()));
          } else {
            delivery.submit(() -> listener.onError(error));
          }
          if (holder[0] != null) {
            holder[0].close();
          }
        }
      }

      @Override
      public void onCompleted() {
        if (over.compareAndSet(false, true)) {
          delivery.submit(() -> listener.onError(new StorageUnavailableException("etcd closed the watch", null)));
        }
      }
    };
    holder[0] = watchClient.watch(bytes(prefix), option, jetcdListener);
    if (over.get()) {
      holder[0].close();
    }
    return () -> {
      over.set(true);
      closedByCaller.set(true);
      holder[0].close();
    };
  }


  @Override
  public void compact(long revision) {
    await(kv.compact(revision, CompactOption.DEFAULT), "compact at " + revision);
  }

  @Override
  public void close() {
    client.close();
    watchDelivery.shutdownNow();
  }

  private <T> T await(CompletableFuture<T> future, String what) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      // A cluster without quorum never answers a write (raft cannot commit it): say so, as a deadline
      // alone would not.
      throw new StorageUnavailableException("etcd did not answer " + what + " within " + timeout.toMillis()
          + "ms (no etcd member reachable, or the etcd cluster has no quorum)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageUnavailableException("Interrupted during " + what, e);
    } catch (ExecutionException e) {
      throw translate(e.getCause(), what);
    }
  }

  private static StorageException translate(Throwable cause, String what) {
    String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    if (message.contains("required revision has been compacted")) {
      return new CompactedException(0);
    }
    if (cause instanceof EtcdException) {
      log.debug("Etcd call failed: {}: {}", what, message);
    }
    return new StorageUnavailableException("etcd failed " + what + ": " + firstLine(message), cause);
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static ByteSequence bytes(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  private static KeyValue keyValue(io.etcd.jetcd.KeyValue kv) {
    return new KeyValue(kv.getKey().toString(StandardCharsets.UTF_8), kv.getValue().getBytes(),
        kv.getCreateRevision(), kv.getModRevision());
  }
}
