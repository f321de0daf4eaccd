package io.kava.client;

import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.Any;
import com.google.protobuf.Message;
import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.kava.api.v1.ApiGrpc;
import io.kava.api.v1.BindRequest;
import io.kava.api.v1.CreateRequest;
import io.kava.api.v1.DeleteRequest;
import io.kava.api.v1.EvictRequest;
import io.kava.api.v1.GetRequest;
import io.kava.api.v1.ListRequest;
import io.kava.api.v1.ListResponse;
import io.kava.api.v1.PatchRequest;
import io.kava.api.v1.UpdateRequest;
import io.kava.api.v1.UpdateScaleRequest;
import io.kava.api.autoscaling.v1.Scale;
import io.kava.api.v1.WatchRequest;
import io.kava.client.patch.PatchType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Typed access to one kind: create, get, list, update, updateStatus, delete and watch. Every call has a
 * deadline; every failure is an {@link ApiException}.
 */
public final class ResourceClient<T extends Message> {
  private final KavaClient client;
  private final Kind kind;
  private final Class<T> type;

  ResourceClient(KavaClient client, Kind kind, Class<T> type) {
    this.client = client;
    this.kind = kind;
    this.type = type;
  }

  public Kind kind() {
    return kind;
  }

  public T create(T object) {
    return create(object, false);
  }

  /** With dryRun the server validates, defaults and allocates as for a create, and stores nothing. */
  public T create(T object, boolean dryRun) {
    return call(() -> unpack(client.blocking()
        .create(CreateRequest.newBuilder().setObject(Any.pack(object)).setDryRun(dryRun).build()).getObject()));
  }

  public T get(String namespace, String name) {
    return call(() -> unpack(client.blocking().get(GetRequest.newBuilder()
        .setResource(kind.resource()).setNamespace(ns(namespace)).setName(name).build()).getObject()));
  }

  /** The latest objects, read from etcd. */
  public ListResult<T> list(ListOptions options) {
    return list(options, "");
  }

  /**
   * Upstream's list resourceVersion: "" the latest (from etcd); "0" any recent state (from the API
   * server's watch cache, no etcd read); a revision: a state not older than it (from the cache when it
   * has reached it), failing as {@link ApiException#isExpired()} when the store has not reached it.
   */
  public ListResult<T> list(ListOptions options, String resourceVersion) {
    return call(() -> {
      ListResponse response = client.blocking().list(ListRequest.newBuilder()
          .setResource(kind.resource()).setNamespace(ns(options.namespace()))
          .setLabelSelector(options.labelSelector()).setFieldSelector(options.fieldSelector())
          .setResourceVersion(resourceVersion == null ? "" : resourceVersion).build());
      List<T> items = new ArrayList<>(response.getItemsCount());
      for (Any any : response.getItemsList()) {
        items.add(unpack(any));
      }
      return new ListResult<>(List.copyOf(items), response.getResourceVersion());
    });
  }

  /** Replaces spec and metadata. Fails with a conflict if metadata.resourceVersion is set and stale. */
  public T update(T object) {
    return call(() -> unpack(client.blocking()
        .update(UpdateRequest.newBuilder().setObject(Any.pack(object)).build()).getObject()));
  }

  /** With dryRun the server defaults, validates and admits the update, and stores nothing. */
  public T update(T object, boolean dryRun) {
    return call(() -> unpack(client.blocking()
        .update(UpdateRequest.newBuilder().setObject(Any.pack(object)).setDryRun(dryRun).build()).getObject()));
  }

  /**
   * Patches the stored object as upstream's PATCH (the server applies it to the latest version and
   * retries on a conflict); returns the object as stored after it, or as it would be with dryRun.
   */
  public T patch(String namespace, String name, PatchType type, String patch, boolean dryRun) {
    return call(() -> unpack(client.blocking().patch(PatchRequest.newBuilder().setResource(kind.resource())
        .setNamespace(ns(namespace)).setName(name).setType(type.flagName()).setData(patch).setDryRun(dryRun)
        .build()).getObject()));
  }

  /** Replaces status only. */
  public T updateStatus(T object) {
    return call(() -> unpack(client.blocking()
        .updateStatus(UpdateRequest.newBuilder().setObject(Any.pack(object)).build()).getObject()));
  }

  /**
   * The approval subresource of a CertificateSigningRequest: replaces its Approved and Denied conditions
   * only. Fails with a conflict if metadata.resourceVersion is set and stale.
   */
  public T updateApproval(T object) {
    return call(() -> unpack(client.blocking()
        .updateApproval(UpdateRequest.newBuilder().setObject(Any.pack(object)).build()).getObject()));
  }

  /**
   * Deletes, or starts deleting: an object with finalizers (or a pod on a node) comes back with
   * deletionTimestamp set; a finished delete returns the object as it was last stored.
   */
  public T delete(String namespace, String name, DeleteOptions options) {
    return delete(namespace, name, options, false);
  }

  /** With dryRun the server checks and admits the delete and removes nothing. */
  public T delete(String namespace, String name, DeleteOptions options, boolean dryRun) {
    DeleteRequest.Builder request = DeleteRequest.newBuilder().setResource(kind.resource())
        .setNamespace(ns(namespace)).setName(name)
        .setPropagationPolicy(options.propagationPolicy()).setPreconditionUid(options.preconditionUid())
        .setDryRun(dryRun);
    if (options.gracePeriodSeconds() != null) {
      request.setGracePeriodSeconds(options.gracePeriodSeconds());
    }
    return call(() -> unpack(client.blocking().delete(request.build()).getObject()));
  }

  public T delete(String namespace, String name) {
    return delete(namespace, name, DeleteOptions.defaults());
  }

  /** Binds a pod to a node (pods only); fails with a conflict if it is already bound. */
  public T bind(String namespace, String name, String nodeName) {
    return call(() -> unpack(client.blocking().bind(BindRequest.newBuilder()
        .setNamespace(namespace).setName(name).setNodeName(nodeName).build()).getObject()));
  }

  /** The scale subresource of a Deployment or ReplicaSet (autoscaling/v1 Scale). */
  public Scale getScale(String namespace, String name) {
    return call(() -> client.blocking().getScale(GetRequest.newBuilder()
        .setResource(kind.resource()).setNamespace(ns(namespace)).setName(name).build()));
  }

  /**
   * Sets spec.replicas through the scale subresource; a resourceVersion in the Scale's metadata must be
   * the object's current one (else a Conflict).
   */
  public Scale updateScale(Scale scale) {
    return call(() -> client.blocking().updateScale(UpdateScaleRequest.newBuilder()
        .setResource(kind.resource()).setScale(scale).build()));
  }

  /**
   * Evicts a pod (pods only) through the eviction subresource: deleted as with these options unless a
   * PodDisruptionBudget forbids it, which fails with {@link ApiException#isTooManyRequests()}. With
   * dryRun nothing is written. Returns the pod as the delete left it.
   */
  public T evict(String namespace, String name, DeleteOptions options, boolean dryRun) {
    io.kava.api.policy.v1.DeleteOptions.Builder delete = io.kava.api.policy.v1.DeleteOptions.newBuilder()
        .setPropagationPolicy(options.propagationPolicy());
    if (options.gracePeriodSeconds() != null) {
      delete.setGracePeriodSeconds(options.gracePeriodSeconds());
    }
    if (!options.preconditionUid().isEmpty()) {
      delete.getPreconditionsBuilder().setUid(options.preconditionUid());
    }
    if (dryRun) {
      delete.addDryRun("All");
    }
    return call(() -> unpack(client.blocking().evict(EvictRequest.newBuilder()
        .setNamespace(ns(namespace)).setName(name).setDeleteOptions(delete).build()).getObject()));
  }

  /**
   * Streams changes after resourceVersion ("" = current objects as ADDED, then changes). Events
   * arrive in order on one gRPC thread; the listener must not block for long.
   */
  public Watch watch(ListOptions options, String resourceVersion, WatchListener<T> listener) {
    WatchRequest request = WatchRequest.newBuilder().setResource(kind.resource())
        .setNamespace(ns(options.namespace())).setLabelSelector(options.labelSelector())
        .setFieldSelector(options.fieldSelector()).setResourceVersion(resourceVersion == null ? "" : resourceVersion)
        .setAllowBookmarks(true).build();
    Context.CancellableContext context = Context.current().withCancellation();
    AtomicBoolean closedByCaller = new AtomicBoolean();
    ApiGrpc.ApiStub stub = listener.neverBlocks() ? client.async().withExecutor(MoreExecutors.directExecutor()) : client.async();
    context.run(() -> stub.watch(request, new StreamObserver<>() {
      @Override
      public void onNext(io.kava.api.v1.WatchEvent event) {
        WatchEvent.Type t = WatchEvent.Type.valueOf(event.getType());
        T object = event.hasObject() ? unpack(event.getObject()) : null;
        listener.onEvent(new WatchEvent<>(t, object, event.getResourceVersion()));
      }

      @Override
      public void onError(Throwable t) {
        if (closedByCaller.get()) {
          listener.onClose(null);
        } else if (t instanceof StatusRuntimeException sre) {
          listener.onClose(ApiException.from(sre));
        } else {
          listener.onClose(ApiException.from(io.grpc.Status.fromThrowable(t).asRuntimeException()));
        }
      }

      @Override
      public void onCompleted() {
        listener.onClose(closedByCaller.get() ? null
            : ApiException.from(io.grpc.Status.UNAVAILABLE.withDescription("watch closed by server").asRuntimeException()));
      }
    }));
    return () -> {
      closedByCaller.set(true);
      context.cancel(null);
    };
  }

  private String ns(String namespace) {
    return kind.namespaced() && namespace != null ? namespace : "";
  }

  @SuppressWarnings("unchecked")
  private T unpack(Any any) {
    Message m = ApiObjects.unpack(any);
    if (type != Message.class && !type.isInstance(m)) {
      throw new IllegalStateException("Expected " + type.getSimpleName() + " but got " + any.getTypeUrl());
    }
    return (T) m;
  }

  private static <R> R call(Supplier<R> call) {
    try {
      return call.get();
    } catch (StatusRuntimeException e) {
      throw ApiException.from(e);
    }
  }
}
