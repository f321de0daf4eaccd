package io.kava.apiserver.grpc;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.kava.api.v1.ApiGrpc;
import io.kava.api.v1.BindRequest;
import io.kava.api.v1.CreateRequest;
import io.kava.api.v1.CreateTokenRequest;
import io.kava.api.authentication.v1.TokenRequest;
import io.kava.apiserver.serviceaccount.TokenRequests;
import io.kava.api.v1.DeleteRequest;
import io.kava.api.v1.EvictRequest;
import io.kava.api.v1.GetRequest;
import io.kava.api.v1.ListRequest;
import io.kava.api.v1.ListResponse;
import io.kava.api.v1.ObjectResponse;
import io.kava.api.v1.PatchRequest;
import io.kava.api.v1.UpdateRequest;
import io.kava.api.v1.UpdateScaleRequest;
import io.kava.api.autoscaling.v1.Scale;
import io.kava.api.v1.WatchEvent;
import io.kava.api.v1.WatchRequest;
import io.kava.apiserver.errors.ApiError;
import io.kava.apiserver.eviction.Evictions;
import io.kava.apiserver.registry.Patcher;
import io.kava.api.kubelet.v1.LogChunk;
import io.kava.api.kubelet.v1.LogRequest;
import io.kava.api.kubelet.v1.PortForwardInput;
import io.kava.api.kubelet.v1.PortForwardOutput;
import io.kava.api.kubelet.v1.StreamInput;
import io.kava.api.kubelet.v1.StreamOutput;
import io.kava.apiserver.proxy.KubeletChannels;
import io.kava.apiserver.proxy.PodStreams;
import io.kava.apiserver.proxy.StreamTargets;
import io.kava.apiserver.registry.Registry;
import io.kava.apiserver.registry.Scales;
import io.kava.apiserver.metrics.KubeletSummaries;
import io.kava.apiserver.metrics.ResourceMetrics;
import io.kava.api.metrics.v1beta1.NodeMetricsList;
import io.kava.api.metrics.v1beta1.PodMetricsList;
import io.kava.apiserver.watch.WatchCache;
import io.kava.apiserver.watch.WatchCaches;
import io.kava.apiserver.watch.WatchFilter;
import io.kava.apiserver.watch.WatchSink;
import io.kava.apiserver.watch.Watcher;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import io.kava.client.selector.FieldSelector;
import io.kava.client.selector.FieldSelectors;
import io.kava.client.selector.LabelSelectors;
import io.kava.client.selector.Selector;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** kava.api.v1.Api: translates requests to {@link Registry} and {@link WatchCaches} calls. Failures are thrown. */
public final class ApiService extends ApiGrpc.ApiImplBase {
  /** How long a metrics request waits for a kubelet's summary (served from memory, so short). */
  private static final Duration KUBELET_STATS_DEADLINE = Duration.ofSeconds(3);

  private final Registry registry;
  private final WatchCaches caches;
  private final Duration cacheReadyTimeout;
  private final Evictions evictions;
  private final Patcher patcher;
  private final Scales scales;
  private final PodStreams streams;
  private final ResourceMetrics metrics;
  private volatile io.kava.apiserver.auth.AccessReviews reviews = io.kava.apiserver.auth.AccessReviews.alwaysAllow();
  private Optional<TokenRequests> tokenRequests = Optional.empty();

  public ApiService(Registry registry, WatchCaches caches, Duration cacheReadyTimeout) {
    this(registry, caches, cacheReadyTimeout, new KubeletChannels());
  }

  /** Streams and metrics reach the kubelets over the given channels. */
  public ApiService(Registry registry, WatchCaches caches, Duration cacheReadyTimeout, KubeletChannels kubelets) {
    this(registry, caches, cacheReadyTimeout, new PodStreams(new StreamTargets(registry), kubelets),
        new ResourceMetrics(caches, new KubeletSummaries(kubelets, KUBELET_STATS_DEADLINE),
            Clock.systemUTC()));
  }

  public ApiService(Registry registry, WatchCaches caches, Duration cacheReadyTimeout, PodStreams streams,
      ResourceMetrics metrics) {
    this.registry = registry;
    this.caches = caches;
    this.cacheReadyTimeout = cacheReadyTimeout;
    this.evictions = new Evictions(registry, Clock.systemUTC());
    this.patcher = new Patcher(registry);
    this.scales = new Scales(registry);
    this.streams = streams;
    this.metrics = metrics;
  }

  /** Serves serviceaccounts/token with these (without: the call fails, tokens are off). */
  public ApiService withTokenRequests(Optional<TokenRequests> requests) {
    this.tokenRequests = requests;
    return this;
  }

  @Override
  public void createToken(CreateTokenRequest request, StreamObserver<TokenRequest> response) {
    TokenRequests requests = tokenRequests.orElseThrow(TokenRequests::notConfigured);
    response.onNext(requests.create(request.getNamespace(), request.getName(), request.getTokenRequest(),
        request.getDryRun()));
    response.onCompleted();
  }

  @Override
  public void listNodeMetrics(ListRequest request, StreamObserver<NodeMetricsList> response) {
    response.onNext(metrics.nodes(labels(request.getLabelSelector())));
    response.onCompleted();
  }

  @Override
  public void listPodMetrics(ListRequest request, StreamObserver<PodMetricsList> response) {
    response.onNext(metrics.pods(request.getNamespace(), labels(request.getLabelSelector())));
    response.onCompleted();
  }

  @Override
  public void create(CreateRequest request, StreamObserver<ObjectResponse> response) {
    reply(response, registry.create(unpack(request.getObject()), request.getDryRun()));
  }

  @Override
  public void get(GetRequest request, StreamObserver<ObjectResponse> response) {
    reply(response, registry.get(resource(request.getResource()), request.getNamespace(), request.getName()));
  }

  /**
   * resourceVersion "" reads etcd (the latest); "0" or a revision N is served from the watch cache when
   * it is ready and at N or later (upstream's "not older than"), else from etcd, and an etcd that has not
   * reached N (restored, emptied) answers Expired, so that the client lists again with "".
   */
  @Override
  public void list(ListRequest request, StreamObserver<ListResponse> response) {
    Kind kind = resource(request.getResource());
    Selector labels = labels(request.getLabelSelector());
    FieldSelector fields = fields(kind, request.getFieldSelector());
    String resourceVersion = request.getResourceVersion();
    long notOlderThan = resourceVersion.isEmpty() ? 0 : revision(resourceVersion);
    Optional<WatchCache.CachedList> cached = resourceVersion.isEmpty() ? Optional.empty()
        : caches.of(kind).list(new WatchFilter(kind.namespaced() ? request.getNamespace() : "", labels, fields), notOlderThan);
    List<Any> items;
    long revision;
    if (cached.isPresent()) {
      items = cached.get().items();
      revision = cached.get().revision();
    } else {
      Registry.PackedList stored = registry.listPacked(kind, request.getNamespace(), labels, fields);
      if (stored.revision() < notOlderThan) {
        throw ApiError.expired("too large resource version: " + notOlderThan + ", the storage is at revision "
            + stored.revision() + " (restored from a snapshot or emptied): list again without a resourceVersion");
      }
      items = stored.items();
      revision = stored.revision();
    }
    response.onNext(ListResponse.newBuilder().setResourceVersion(Long.toString(revision)).addAllItems(items).build());
    response.onCompleted();
  }

  private static long revision(String resourceVersion) {
    try {
      long revision = Long.parseLong(resourceVersion);
      if (revision >= 0) {
        return revision;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiError.badRequest("invalid resource version \"" + resourceVersion + "\"");
  }

  @Override
  public void update(UpdateRequest request, StreamObserver<ObjectResponse> response) {
    reply(response, registry.update(unpack(request.getObject()), request.getDryRun()));
  }

  @Override
  public void updateStatus(UpdateRequest request, StreamObserver<ObjectResponse> response) {
    reply(response, registry.updateStatus(unpack(request.getObject()), request.getDryRun()));
  }

  @Override
  public void updateApproval(UpdateRequest request, StreamObserver<ObjectResponse> response) {
    reply(response, registry.updateApproval(unpack(request.getObject()), request.getDryRun()));
  }

  @Override
  public void delete(DeleteRequest request, StreamObserver<ObjectResponse> response) {
    Kind kind = resource(request.getResource());
    Registry.DeleteRequest options = new Registry.DeleteRequest(
        request.hasGracePeriodSeconds() ? request.getGracePeriodSeconds() : null,
        request.getPropagationPolicy(), request.getPreconditionUid(), request.getPreconditionResourceVersion());
    reply(response, registry.delete(kind, request.getNamespace(), request.getName(), options, request.getDryRun()));
  }

  @Override
  public void bind(BindRequest request, StreamObserver<ObjectResponse> response) {
    reply(response, registry.bind(request.getNamespace(), request.getName(), request.getNodeName(), request.getUid()));
  }

  @Override
  public void evict(EvictRequest request, StreamObserver<ObjectResponse> response) {
    reply(response, evictions.evict(request.getNamespace(), request.getName(), request.getDeleteOptions()));
  }

  @Override
  public void version(io.kava.api.v1.VersionRequest request, StreamObserver<io.kava.api.v1.VersionInfo> response) {
    response.onNext(io.kava.client.version.KavaVersion.info());
    response.onCompleted();
  }

  @Override
  public void getScale(GetRequest request, StreamObserver<Scale> response) {
    response.onNext(scales.get(resource(request.getResource()), request.getNamespace(), request.getName()));
    response.onCompleted();
  }

  @Override
  public void patch(PatchRequest request, StreamObserver<ObjectResponse> response) {
    reply(response, patcher.patch(resource(request.getResource()), request.getNamespace(), request.getName(),
        request.getType(), request.getData(), request.getDryRun()));
  }

  @Override
  public void updateScale(UpdateScaleRequest request, StreamObserver<Scale> response) {
    response.onNext(scales.update(resource(request.getResource()), request.getScale(), request.getDryRun()));
    response.onCompleted();
  }

  @Override
  public void watch(WatchRequest request, StreamObserver<WatchEvent> response) {
    Kind kind = resource(request.getResource());
    WatchFilter filter = new WatchFilter(kind.namespaced() ? request.getNamespace() : "",
        labels(request.getLabelSelector()), fields(kind, request.getFieldSelector()));
    ServerCallStreamObserver<WatchEvent> stream = (ServerCallStreamObserver<WatchEvent>) response;
    AtomicReference<Watcher> watcher = new AtomicReference<>();
    stream.setOnCancelHandler(() -> {
      Watcher w = watcher.get();
      if (w != null) {
        w.cancel();
      }
    });
    stream.setOnReadyHandler(() -> {
      Watcher w = watcher.get();
      if (w != null) {
        w.signal();
      }
    });
    WatchSink sink = new WatchSink() {
      @Override
      public boolean isReady() {
        return stream.isReady();
      }

      @Override
      public void send(WatchEvent event) {
        stream.onNext(event);
      }

      @Override
      public void fail(RuntimeException error) {
        stream.onError(error);
      }
    };
    Watcher w = caches.of(kind).watch(filter, request.getResourceVersion(), request.getAllowBookmarks(), sink, cacheReadyTimeout);
    watcher.set(w);
    if (stream.isCancelled()) {
      w.cancel();
    }
  }

  // Pod streams, relayed to the pod's kubelet (proxy/PodStreams).

  @Override
  public void podLogs(LogRequest request, StreamObserver<LogChunk> response) {
    streams.logs(request, response);
  }

  @Override
  public StreamObserver<StreamInput> podExec(StreamObserver<StreamOutput> response) {
    return streams.exec(response);
  }

  @Override
  public StreamObserver<StreamInput> podAttach(StreamObserver<StreamOutput> response) {
    return streams.attach(response);
  }

  @Override
  public StreamObserver<PortForwardInput> podPortForward(StreamObserver<PortForwardOutput> response) {
    return streams.portForward(response);
  }

  private static void reply(StreamObserver<ObjectResponse> response, Message object) {
    response.onNext(ObjectResponse.newBuilder().setObject(Any.pack(object)).build());
    response.onCompleted();
  }

  private static Kind resource(String resource) {
    return Kinds.byResource(resource).orElseThrow(() -> ApiError.unknownResource(resource));
  }

  private static Message unpack(Any any) {
    if (any.getTypeUrl().isEmpty()) {
      throw ApiError.badRequest("the request carries no object");
    }
    Kind kind = Kinds.byTypeUrl(any.getTypeUrl()).orElseThrow(() -> ApiError.unknownResource(
        any.getTypeUrl().substring(any.getTypeUrl().lastIndexOf('/') + 1)));
    try {
      return kind.defaultInstance().getParserForType().parseFrom(any.getValue());
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw ApiError.badRequest("the " + kind.kind() + " in the request could not be decoded: " + e.getMessage());
    }
  }

  private static Selector labels(String text) {
    try {
      return LabelSelectors.parse(text);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("invalid label selector \"" + text + "\": " + e.getMessage());
    }
  }

  private static FieldSelector fields(Kind kind, String text) {
    try {
      return FieldSelectors.parse(text).checkSupported(kind.defaultInstance());
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(e.getMessage());
    }
  }

  /** Access reviews answered by the server's authorizers (AlwaysAllow until set). */
  public ApiService withAccessReviews(io.kava.apiserver.auth.AccessReviews reviews) {
    this.reviews = reviews;
    return this;
  }

  @Override
  public void createSelfSubjectAccessReview(io.kava.api.authorization.v1.SelfSubjectAccessReview request,
      StreamObserver<io.kava.api.authorization.v1.SelfSubjectAccessReview> response) {
    response.onNext(reviews.review(request));
    response.onCompleted();
  }

  @Override
  public void createSubjectAccessReview(io.kava.api.authorization.v1.SubjectAccessReview request,
      StreamObserver<io.kava.api.authorization.v1.SubjectAccessReview> response) {
    response.onNext(reviews.review(request));
    response.onCompleted();
  }

  @Override
  public void createSelfSubjectReview(io.kava.api.authentication.v1.SelfSubjectReview request,
      StreamObserver<io.kava.api.authentication.v1.SelfSubjectReview> response) {
    response.onNext(io.kava.apiserver.auth.AccessReviews.whoAmI(request));
    response.onCompleted();
  }

  @Override
  public void createSelfSubjectRulesReview(io.kava.api.authorization.v1.SelfSubjectRulesReview request,
      StreamObserver<io.kava.api.authorization.v1.SelfSubjectRulesReview> response) {
    response.onNext(reviews.review(request));
    response.onCompleted();
  }
}
