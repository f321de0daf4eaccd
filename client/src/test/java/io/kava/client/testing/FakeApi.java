package io.kava.client.testing;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.api.v1.ApiGrpc;
import io.kava.api.v1.BindRequest;
import io.kava.api.v1.CreateRequest;
import io.kava.api.v1.DeleteRequest;
import io.kava.api.v1.GetRequest;
import io.kava.api.v1.ListRequest;
import io.kava.api.v1.ListResponse;
import io.kava.api.v1.ObjectResponse;
import io.kava.api.v1.PatchRequest;
import io.kava.api.v1.UpdateRequest;
import io.kava.api.v1.WatchEvent;
import io.kava.api.v1.WatchRequest;
import io.kava.client.ApiException;
import io.kava.client.ApiObjects;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import io.kava.client.KavaClient;
import io.kava.client.patch.PatchType;
import io.kava.client.patch.Patches;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-memory API server for unit tests, over gRPC's in-process transport: objects with revisions,
 * optimistic concurrency, and watches replaying history. {@link #compact} forgets history so watches
 * from older revisions fail as "Expired", and {@link #dropWatches} ends every stream as a restarting
 * server would. No validation, defaulting, selectors or finalizers: those belong to the real server.
 */
public final class FakeApi extends ApiGrpc.ApiImplBase implements AutoCloseable {
  private record Stored(String resource, String key, Any object, long revision) {}

  private record HistoryEntry(String type, Stored stored) {}

  private record Watcher(WatchRequest request, StreamObserver<WatchEvent> observer) {}

  private final String serverName = "fake-api-" + UUID.randomUUID();
  private final Map<String, Stored> objects = new TreeMap<>();
  private final List<HistoryEntry> history = new ArrayList<>();
  private final List<Watcher> watchers = new CopyOnWriteArrayList<>();
  private volatile boolean watchesHeld;
  private final List<String> reads = new CopyOnWriteArrayList<>();
  private final List<String> writes = new CopyOnWriteArrayList<>();
  private final List<String> listResourceVersions = new CopyOnWriteArrayList<>();
  private volatile boolean refuseListsAtRevisions;
  private long revision = 1;
  private long compactedRevision = 0;
  private final Server server;

  public FakeApi() {
    try {
      server = InProcessServerBuilder.forName(serverName).directExecutor().addService(this).build().start();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public KavaClient client() {
    ManagedChannel channel = InProcessChannelBuilder.forName(serverName).directExecutor().build();
    return new KavaClient(channel, true, Duration.ofSeconds(5));
  }

  /**
   * Every write in order, as "create pods default/web-1", "update ...", "status ...", "delete ...",
   * except writes of Events: recorders send those from their own thread, so their place in the order
   * is not deterministic. {@link #eventWrites()} lists them.
   */
  public List<String> writes() {
    return writes.stream().filter(w -> !isEventWrite(w)).toList();
  }

  /** The writes of Events only, in order. */
  public List<String> eventWrites() {
    return writes.stream().filter(FakeApi::isEventWrite).toList();
  }

  private static boolean isEventWrite(String write) {
    return write.split(" ", 3)[1].equals("events");
  }

  public synchronized long revision() {
    return revision;
  }

  /** Forgets history up to now: a watch from an older revision then fails as expired. */
  public synchronized void compact() {
    compactedRevision = revision;
    history.clear();
  }

  /** Ends every watch stream with UNAVAILABLE, as an API server going away does. */
  /** The reads served, in order ("get deployments default/x", "watch deployments"): a test waits on them. */
  public List<String> reads() {
    return List.copyOf(reads);
  }

  /**
   * While held, a new watch fails as against a server that is down, so changes made meanwhile are missed by
   * every client's watch, whatever its retry timing (with {@link #dropWatches} and {@link #compact}).
   */
  public void holdWatches(boolean held) {
    watchesHeld = held;
  }

  public void dropWatches() {
    for (Watcher w : watchers) {
      watchers.remove(w);
      try {
        w.observer().onError(Status.UNAVAILABLE.withDescription("server going away").asRuntimeException());
      } catch (RuntimeException ignored) {
        // stream already gone
      }
    }
  }

  /** Stores an object directly (test setup), as a create would. */
  public synchronized <T extends Message> T seed(T object) {
    return put("ADDED", object);
  }

  @Override
  public synchronized void create(CreateRequest request, StreamObserver<ObjectResponse> out) {
    Message object = ApiObjects.unpack(request.getObject());
    Kind kind = Kinds.of(object);
    ObjectMeta meta = ApiObjects.meta(object);
    if (meta.getName().isEmpty() && !meta.getGenerateName().isEmpty()) {
      object = ApiObjects.withMeta(object, meta.toBuilder()
          .setName(meta.getGenerateName() + UUID.randomUUID().toString().substring(0, 5)).build());
    }
    if (objects.containsKey(storageKey(kind, ApiObjects.key(object)))) {
      fail(out, Status.ALREADY_EXISTS, "AlreadyExists", kind.resource() + " \"" + ApiObjects.meta(object).getName()
          + "\" already exists");
      return;
    }
    if (request.getDryRun()) {
      reply(out, object);
      return;
    }
    writes.add("create " + kind.resource() + " " + ApiObjects.key(object));
    reply(out, put("ADDED", object));
  }

  @Override
  public synchronized void get(GetRequest request, StreamObserver<ObjectResponse> out) {
    reads.add("get " + request.getResource() + " " + ApiObjects.key(request.getNamespace(), request.getName()));
    Stored s = objects.get(request.getResource() + "/" + ApiObjects.key(request.getNamespace(), request.getName()));
    if (s == null) {
      fail(out, Status.NOT_FOUND, "NotFound", request.getResource() + " \"" + request.getName() + "\" not found");
      return;
    }
    out.onNext(ObjectResponse.newBuilder().setObject(s.object()).build());
    out.onCompleted();
  }

  /** The resourceVersion of every list served, in order ("" the latest, "0" any, or a revision). */
  public List<String> listResourceVersions() {
    return List.copyOf(listResourceVersions);
  }

  /**
   * Lists at a revision (not "" nor "0") answer Expired from now on, as the real server's do when its
   * store was restored below that revision; the client then lists the latest.
   */
  public void refuseListsAtRevisions() {
    refuseListsAtRevisions = true;
  }

  @Override
  public synchronized void list(ListRequest request, StreamObserver<ListResponse> out) {
    String rv = request.getResourceVersion();
    listResourceVersions.add(rv);
    if (!rv.isEmpty() && !rv.equals("0") && (refuseListsAtRevisions || Long.parseLong(rv) > revision)) {
      fail(out, Status.OUT_OF_RANGE, "Expired", "too large resource version: " + rv + ", the storage is at revision "
          + revision);
      return;
    }
    ListResponse.Builder response = ListResponse.newBuilder().setResourceVersion(Long.toString(revision));
    for (Stored s : objects.values()) {
      if (matches(s, request.getResource(), request.getNamespace())) {
        response.addItems(s.object());
      }
    }
    out.onNext(response.build());
    out.onCompleted();
  }

  @Override
  public synchronized void update(UpdateRequest request, StreamObserver<ObjectResponse> out) {
    write(request, out, "update");
  }

  @Override
  public synchronized void updateStatus(UpdateRequest request, StreamObserver<ObjectResponse> out) {
    write(request, out, "status");
  }

  private void write(UpdateRequest request, StreamObserver<ObjectResponse> out, String verb) {
    Message object = ApiObjects.unpack(request.getObject());
    Kind kind = Kinds.of(object);
    Stored current = objects.get(storageKey(kind, ApiObjects.key(object)));
    if (current == null) {
      fail(out, Status.NOT_FOUND, "NotFound", kind.resource() + " \"" + ApiObjects.meta(object).getName() + "\" not found");
      return;
    }
    String rv = ApiObjects.resourceVersion(object);
    if (!rv.isEmpty() && !rv.equals(Long.toString(current.revision()))) {
      fail(out, Status.ABORTED, "Conflict", "the object has been modified");
      return;
    }
    if (request.getDryRun()) {
      reply(out, object);
      return;
    }
    writes.add(verb + " " + kind.resource() + " " + ApiObjects.key(object));
    reply(out, put("MODIFIED", object));
  }

  private io.kava.api.metrics.v1beta1.NodeMetricsList nodeMetrics =
      io.kava.api.metrics.v1beta1.NodeMetricsList.getDefaultInstance();
  private io.kava.api.metrics.v1beta1.PodMetricsList podMetrics =
      io.kava.api.metrics.v1beta1.PodMetricsList.getDefaultInstance();
  private boolean metricsServed = true;

  /** What ListNodeMetrics and ListPodMetrics answer (pods filtered by namespace only). */
  public synchronized void metrics(io.kava.api.metrics.v1beta1.NodeMetricsList nodes,
      io.kava.api.metrics.v1beta1.PodMetricsList pods) {
    this.nodeMetrics = nodes;
    this.podMetrics = pods;
  }

  /** Whether the metrics RPCs exist (false: UNIMPLEMENTED, as an older server answers). */
  public synchronized void metricsServed(boolean served) {
    this.metricsServed = served;
  }

  @Override
  public synchronized void listNodeMetrics(ListRequest request,
      StreamObserver<io.kava.api.metrics.v1beta1.NodeMetricsList> out) {
    if (!metricsServed) {
      out.onError(Status.UNIMPLEMENTED.withDescription("Method not found: ListNodeMetrics").asRuntimeException());
      return;
    }
    out.onNext(nodeMetrics);
    out.onCompleted();
  }

  @Override
  public synchronized void listPodMetrics(ListRequest request,
      StreamObserver<io.kava.api.metrics.v1beta1.PodMetricsList> out) {
    if (!metricsServed) {
      out.onError(Status.UNIMPLEMENTED.withDescription("Method not found: ListPodMetrics").asRuntimeException());
      return;
    }
    io.kava.api.metrics.v1beta1.PodMetricsList.Builder list = io.kava.api.metrics.v1beta1.PodMetricsList.newBuilder();
    podMetrics.getItemsList().stream()
        .filter(m -> request.getNamespace().isEmpty() || m.getMetadata().getNamespace().equals(request.getNamespace()))
        .forEach(list::addItems);
    out.onNext(list.build());
    out.onCompleted();
  }

  /** What the scale subresource serves here, as the API server's Scales: spec.replicas, status.replicas, the selector. */
  private static final java.util.Set<String> SCALABLE = java.util.Set.of("deployments", "replicasets", "statefulsets");

  /** The scale subresource of Deployments, ReplicaSets and StatefulSets. */
  @Override
  public synchronized void getScale(GetRequest request, StreamObserver<io.kava.api.autoscaling.v1.Scale> out) {
    reads.add("getscale " + request.getResource() + " " + ApiObjects.key(request.getNamespace(), request.getName()));
    Stored s = objects.get(request.getResource() + "/" + ApiObjects.key(request.getNamespace(), request.getName()));
    if (s == null || !SCALABLE.contains(request.getResource())) {
      fail(out, Status.NOT_FOUND, "NotFound", request.getResource() + " \"" + request.getName() + "\" not found");
      return;
    }
    out.onNext(scaleOf(unpack(s)));
    out.onCompleted();
  }

  @Override
  public synchronized void updateScale(io.kava.api.v1.UpdateScaleRequest request,
      StreamObserver<io.kava.api.autoscaling.v1.Scale> out) {
    ObjectMeta in = request.getScale().getMetadata();
    Stored s = objects.get(request.getResource() + "/" + ApiObjects.key(in.getNamespace(), in.getName()));
    if (s == null || !SCALABLE.contains(request.getResource())) {
      fail(out, Status.NOT_FOUND, "NotFound", request.getResource() + " \"" + in.getName() + "\" not found");
      return;
    }
    int replicas = request.getScale().getSpec().getReplicas();
    writes.add("scale " + request.getResource() + " " + ApiObjects.key(in.getNamespace(), in.getName()) + " " + replicas);
    Message object = unpack(s);
    Message spec = (Message) object.getField(field(object, "spec"));
    Message.Builder newSpec = spec.toBuilder().setField(field(spec, "replicas"), replicas);
    Message scaled = put("MODIFIED", object.toBuilder().setField(field(object, "spec"), newSpec.build()).build());
    out.onNext(scaleOf(scaled));
    out.onCompleted();
  }

  private static Message unpack(Stored s) {
    return ApiObjects.unpack(s.object());
  }

  private static com.google.protobuf.Descriptors.FieldDescriptor field(Message m, String name) {
    return m.getDescriptorForType().findFieldByName(name);
  }

  private static io.kava.api.autoscaling.v1.Scale scaleOf(Message object) {
    Message spec = (Message) object.getField(field(object, "spec"));
    Message status = (Message) object.getField(field(object, "status"));
    io.kava.api.meta.v1.LabelSelector selector = (io.kava.api.meta.v1.LabelSelector) spec.getField(field(spec, "selector"));
    return io.kava.api.autoscaling.v1.Scale.newBuilder().setMetadata(ApiObjects.meta(object))
        .setSpec(io.kava.api.autoscaling.v1.ScaleSpec.newBuilder().setReplicas((Integer) spec.getField(field(spec, "replicas"))))
        .setStatus(io.kava.api.autoscaling.v1.ScaleStatus.newBuilder()
            .setReplicas((Integer) status.getField(field(status, "replicas")))
            .setSelector(io.kava.client.selector.LabelSelectors.toString(selector)))
        .build();
  }

  @Override
  public synchronized void delete(DeleteRequest request, StreamObserver<ObjectResponse> out) {
    String key = request.getResource() + "/" + ApiObjects.key(request.getNamespace(), request.getName());
    Stored s = request.getDryRun() ? objects.get(key) : objects.remove(key);
    if (s == null) {
      fail(out, Status.NOT_FOUND, "NotFound", request.getResource() + " \"" + request.getName() + "\" not found");
      return;
    }
    if (request.getDryRun()) {
      out.onNext(ObjectResponse.newBuilder().setObject(s.object()).build());
      out.onCompleted();
      return;
    }
    writes.add("delete " + request.getResource() + " " + ApiObjects.key(request.getNamespace(), request.getName()));
    revision++;
    Message last = ApiObjects.unpack(s.object());
    last = ApiObjects.withMeta(last, ApiObjects.meta(last).toBuilder().setResourceVersion(Long.toString(revision)).build());
    Stored deleted = new Stored(s.resource(), s.key(), Any.pack(last), revision);
    publish("DELETED", deleted);
    out.onNext(ObjectResponse.newBuilder().setObject(deleted.object()).build());
    out.onCompleted();
  }

  /** The eviction subresource without budgets: recorded as "evict pods ns/name", then a plain delete. */
  @Override
  public synchronized void evict(io.kava.api.v1.EvictRequest request, StreamObserver<ObjectResponse> out) {
    if (!objects.containsKey("pods/" + ApiObjects.key(request.getNamespace(), request.getName()))) {
      fail(out, Status.NOT_FOUND, "NotFound", "pods \"" + request.getName() + "\" not found");
      return;
    }
    writes.add("evict pods " + ApiObjects.key(request.getNamespace(), request.getName()));
    if (request.getDeleteOptions().getDryRunCount() > 0) {
      get(io.kava.api.v1.GetRequest.newBuilder().setResource("pods").setNamespace(request.getNamespace())
          .setName(request.getName()).build(), out);
      return;
    }
    delete(DeleteRequest.newBuilder().setResource("pods").setNamespace(request.getNamespace())
        .setName(request.getName()).build(), out);
  }

  /** Applies the patch with client's engines (no defaulting or validation, as every write here). */
  @Override
  public synchronized void patch(PatchRequest request, StreamObserver<ObjectResponse> out) {
    Stored s = objects.get(request.getResource() + "/" + ApiObjects.key(request.getNamespace(), request.getName()));
    if (s == null) {
      fail(out, Status.NOT_FOUND, "NotFound", request.getResource() + " \"" + request.getName() + "\" not found");
      return;
    }
    Message patched;
    try {
      patched = Patches.apply(ApiObjects.unpack(s.object()),
          PatchType.parse(request.getType().isEmpty() ? "strategic" : request.getType()), request.getData());
    } catch (RuntimeException e) {
      fail(out, Status.INVALID_ARGUMENT, "BadRequest", e.getMessage());
      return;
    }
    if (request.getDryRun()) {
      reply(out, patched);
      return;
    }
    writes.add("patch " + request.getResource() + " " + ApiObjects.key(request.getNamespace(), request.getName()));
    reply(out, put("MODIFIED", patched));
  }

  @Override
  public synchronized void bind(BindRequest request, StreamObserver<ObjectResponse> out) {
    Stored s = objects.get("pods/" + ApiObjects.key(request.getNamespace(), request.getName()));
    if (s == null) {
      fail(out, Status.NOT_FOUND, "NotFound", "pods \"" + request.getName() + "\" not found");
      return;
    }
    io.kava.api.core.v1.Pod pod = ApiObjects.unpack(s.object(), io.kava.api.core.v1.Pod.class);
    if (!pod.getSpec().getNodeName().isEmpty()) {
      fail(out, Status.ABORTED, "Conflict", "pod " + request.getName() + " is already assigned to node "
          + pod.getSpec().getNodeName());
      return;
    }
    writes.add("bind pods " + ApiObjects.key(request.getNamespace(), request.getName()) + " " + request.getNodeName());
    reply(out, put("MODIFIED", pod.toBuilder().setSpec(pod.getSpec().toBuilder().setNodeName(request.getNodeName())).build()));
  }

  @Override
  public synchronized void watch(WatchRequest request, StreamObserver<WatchEvent> out) {
    reads.add("watch " + request.getResource());
    if (watchesHeld) {
      out.onError(Status.UNAVAILABLE.withDescription("watches held by the test").asRuntimeException());
      return;
    }
    String rv = request.getResourceVersion();
    if (rv.isEmpty() || rv.equals("0")) {
      for (Stored s : objects.values()) {
        if (matches(s, request.getResource(), request.getNamespace())) {
          out.onNext(event("ADDED", s));
        }
      }
    } else {
      long from = Long.parseLong(rv);
      if (from < compactedRevision) {
        fail(out, Status.OUT_OF_RANGE, "Expired", "too old resource version: " + from + " (" + compactedRevision + ")");
        return;
      }
      for (HistoryEntry h : history) {
        if (h.stored().revision() > from && matches(h.stored(), request.getResource(), request.getNamespace())) {
          out.onNext(event(h.type(), h.stored()));
        }
      }
    }
    Watcher watcher = new Watcher(request, out);
    watchers.add(watcher);
    if (out instanceof ServerCallStreamObserver<WatchEvent> call) {
      call.setOnCancelHandler(() -> watchers.remove(watcher));
    }
  }

  @Override
  public void close() {
    server.shutdownNow();
  }

  @SuppressWarnings("unchecked")
  private <T extends Message> T put(String type, T object) {
    Kind kind = Kinds.of(object);
    revision++;
    ObjectMeta meta = ApiObjects.meta(object).toBuilder().setResourceVersion(Long.toString(revision))
        .setUid(ApiObjects.meta(object).getUid().isEmpty() ? UUID.randomUUID().toString() : ApiObjects.meta(object).getUid())
        .build();
    T stored = (T) kind.newBuilder().mergeFrom(ApiObjects.withMeta(object, meta)).build();
    String key = storageKey(kind, ApiObjects.key(stored));
    Stored s = new Stored(kind.resource(), ApiObjects.key(stored), Any.pack(stored), revision);
    objects.put(key, s);
    publish(type, s);
    return stored;
  }

  private void publish(String type, Stored s) {
    history.add(new HistoryEntry(type, s));
    for (Watcher w : watchers) {
      if (matches(s, w.request().getResource(), w.request().getNamespace())) {
        w.observer().onNext(event(type, s));
      }
    }
  }

  private static WatchEvent event(String type, Stored s) {
    return WatchEvent.newBuilder().setType(type).setObject(s.object())
        .setResourceVersion(Long.toString(s.revision())).build();
  }

  private static boolean matches(Stored s, String resource, String namespace) {
    return s.resource().equals(resource) && (namespace.isEmpty() || s.key().startsWith(namespace + "/"));
  }

  private static String storageKey(Kind kind, String key) {
    return kind.resource() + "/" + key;
  }

  private void reply(StreamObserver<ObjectResponse> out, Message object) {
    out.onNext(ObjectResponse.newBuilder().setObject(Any.pack(object)).build());
    out.onCompleted();
  }

  private static void fail(StreamObserver<?> out, Status status, String reason, String message) {
    Metadata trailers = new Metadata();
    trailers.put(ApiException.STATUS_KEY, io.kava.api.v1.Status.newBuilder().setReason(reason).setMessage(message).build());
    out.onError(status.withDescription(message).asRuntimeException(trailers));
  }
}
