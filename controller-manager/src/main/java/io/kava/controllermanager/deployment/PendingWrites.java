package io.kava.controllermanager.deployment;

import com.google.protobuf.Message;
import io.kava.client.ApiObjects;
import io.kava.client.Kinds;
import io.kava.client.informer.Lister;
import io.kava.controllermanager.util.ControllerExpectations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Expectations for a Deployment's own writes: which objects (its ReplicaSets, itself) the controller
 * wrote at which revision and has not yet seen come back through its informers. Until they have, the
 * caches are known to lag the controller's own decisions; acting on them would scale the same
 * ReplicaSet twice or compute status from a spec it already changed. The informer events that bring the
 * writes back enqueue the Deployment again, so waiting costs nothing. Entries expire after {@link #TIMEOUT}
 * so a lost event only delays a Deployment, never wedges it.
 *
 * <p>resourceVersion is the etcd revision (see DESIGN.md), so "seen" means a cached revision at least
 * the written one. A revision that is not a number is taken as seen.
 */
final class PendingWrites {
  static final Duration TIMEOUT = ControllerExpectations.TIMEOUT;

  private enum Op { CREATED, UPDATED, DELETED }

  private record Entry(Op op, long revision, String uid) {}

  private record Pending(Map<String, Entry> objects, Instant since) {}

  private final Clock clock;
  private final Map<String, Lister<? extends Message>> listersByResource;
  private final Map<String, Pending> byOwner = new HashMap<>();

  PendingWrites(Clock clock, Map<String, Lister<? extends Message>> listersByResource) {
    this.clock = clock;
    this.listersByResource = listersByResource;
  }

  synchronized void created(String ownerKey, Message saved) {
    record(ownerKey, saved, Op.CREATED);
  }

  synchronized void updated(String ownerKey, Message saved) {
    record(ownerKey, saved, Op.UPDATED);
  }

  synchronized void deleted(String ownerKey, Message deleted) {
    record(ownerKey, deleted, Op.DELETED);
  }

  /** True when every write recorded for the owner is in the caches (then forgotten), or they expired. */
  synchronized boolean caughtUp(String ownerKey) {
    Pending p = byOwner.get(ownerKey);
    if (p == null) {
      return true;
    }
    if (Duration.between(p.since(), clock.instant()).compareTo(TIMEOUT) > 0) {
      byOwner.remove(ownerKey);
      return true;
    }
    p.objects().entrySet().removeIf(e -> seen(e.getKey(), e.getValue()));
    if (p.objects().isEmpty()) {
      byOwner.remove(ownerKey);
      return true;
    }
    return false;
  }

  /** What is still outstanding, for logs and tests. */
  synchronized Map<String, String> outstanding(String ownerKey) {
    Pending p = byOwner.get(ownerKey);
    Map<String, String> out = new HashMap<>();
    if (p != null) {
      p.objects().forEach((k, e) -> out.put(k, e.op() + "@" + e.revision()));
    }
    return out;
  }

  /** Forgets every owner's writes (etcd went back to an older revision: the caches never reach them). */
  synchronized void forgetAll() {
    byOwner.clear();
  }

  synchronized void forget(String ownerKey) {
    byOwner.remove(ownerKey);
  }

  private void record(String ownerKey, Message object, Op op) {
    String resource = Kinds.of(object).resource();
    String key = resource + " " + ApiObjects.key(object);
    Pending p = byOwner.computeIfAbsent(ownerKey, k -> new Pending(new HashMap<>(), clock.instant()));
    p.objects().put(key, new Entry(op, revision(object), ApiObjects.meta(object).getUid()));
  }

  private boolean seen(String key, Entry entry) {
    int space = key.indexOf(' ');
    Lister<? extends Message> lister = listersByResource.get(key.substring(0, space));
    if (lister == null) {
      return true;
    }
    Optional<? extends Message> cached = lister.get(key.substring(space + 1));
    return switch (entry.op()) {
      case CREATED -> cached.isPresent() && revision(cached.get()) >= entry.revision();
      case UPDATED -> cached.isEmpty() || revision(cached.get()) >= entry.revision();
      case DELETED -> cached.isEmpty() || !ApiObjects.meta(cached.get()).getUid().equals(entry.uid());
    };
  }

  /** The object's revision, or Long.MIN_VALUE for one that is not a number (then anything counts as seen). */
  private static long revision(Message object) {
    try {
      return Long.parseLong(ApiObjects.resourceVersion(object));
    } catch (NumberFormatException e) {
      return Long.MIN_VALUE;
    }
  }
}
