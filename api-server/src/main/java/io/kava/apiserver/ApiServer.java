package io.kava.apiserver;

import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.kava.api.core.v1.Namespace;
import io.kava.api.core.v1.LimitRange;
import io.kava.api.core.v1.ResourceQuota;
import io.kava.apiserver.admission.AdmissionChain;
import io.kava.apiserver.admission.AdmissionPlugins;
import io.kava.apiserver.admission.CachedPriorityClasses;
import io.kava.apiserver.admission.LimitRanger;
import io.kava.apiserver.admission.NamespaceObjects;
import io.kava.apiserver.admission.ResourceQuotaAdmission;
import io.kava.apiserver.admission.DefaultStorageClass;
import io.kava.apiserver.admission.eventratelimit.EventRateLimit;
import io.kava.apiserver.grpc.RequestTimeout;
import io.kava.apiserver.admission.NamespaceLifecycle;
import io.kava.apiserver.admission.NodeRestriction;
import io.kava.apiserver.auth.node.NodeGraph;
import io.kava.apiserver.serviceaccount.TokenRequests;
import io.kava.api.core.v1.Node;
import io.kava.apiserver.admission.PriorityAdmission;
import io.kava.apiserver.admission.ServiceAccountAdmission;
import io.kava.apiserver.serviceaccount.ServiceAccountTokens;
import io.kava.apiserver.watch.CachedReads;
import io.kava.api.core.v1.Pod;
import java.util.ArrayList;
import java.util.Optional;
import java.util.function.UnaryOperator;
import io.kava.apiserver.allocator.AllocationRepair;
import io.kava.apiserver.allocator.NodePortAllocator;
import io.kava.apiserver.allocator.ServiceAllocations;
import io.kava.apiserver.allocator.ServiceIpAllocator;
import io.kava.apiserver.audit.AuditBackend;
import io.kava.apiserver.audit.AuditInterceptor;
import io.kava.apiserver.audit.AuditLogs;
import io.kava.apiserver.auth.AuthenticationInterceptor;
import io.kava.apiserver.auth.AccessReviews;
import io.kava.apiserver.auth.AuthorizationInterceptor;
import io.kava.apiserver.auth.Authenticator;
import io.kava.apiserver.auth.Authorizer;
import io.kava.apiserver.auth.Authorizers;
import io.kava.apiserver.auth.TokenFileAuthenticator;
import io.kava.apiserver.auth.rbac.AggregationController;
import io.kava.apiserver.auth.rbac.CachedRbacObjects;
import io.kava.apiserver.auth.rbac.EscalationCheck;
import io.kava.apiserver.auth.rbac.NodeAuthorizer;
import io.kava.apiserver.auth.rbac.RbacAuthorizer;
import io.kava.apiserver.auth.rbac.RuleResolver;
import io.kava.apiserver.bootstrap.RbacBootstrap;
import io.kava.apiserver.bootstrap.KubernetesService;
import io.kava.apiserver.encryption.EncryptingStorage;
import io.kava.apiserver.encryption.EncryptionAtRest;
import io.kava.apiserver.bootstrap.StandardStorageClass;
import io.kava.apiserver.bootstrap.SystemNamespaces;
import io.kava.apiserver.bootstrap.SystemPriorityClasses;
import io.kava.apiserver.grpc.ApiService;
import io.kava.apiserver.grpc.ErrorMappingInterceptor;
import io.kava.apiserver.grpc.RequestSizeLimit;
import io.kava.apiserver.grpc.Warnings;
import io.kava.apiserver.admission.podsecurity.PodSecurityAdmission;
import io.kava.apiserver.proxy.KubeletChannels;
import io.kava.apiserver.registry.Keys;
import io.kava.apiserver.registry.Registry;
import io.kava.apiserver.registry.ValidatingAdmission;
import io.kava.apiserver.registry.Strategies;
import io.kava.apiserver.storage.Compactor;
import io.kava.apiserver.storage.EtcdStorage;
import io.kava.apiserver.storage.ExpiringKeys;
import io.kava.apiserver.storage.Storage;
import io.kava.apiserver.watch.OwnWritesStorage;
import io.kava.apiserver.watch.WatchCache;
import io.kava.apiserver.watch.WatchCaches;
import io.kava.client.Kinds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.security.SecureRandom;
import io.kava.apiserver.auth.X509Authenticator;
import io.kava.client.pki.CertificateVerifier;
import io.kava.client.pki.IssuedCertificate;
import io.kava.client.pki.Pem;
import io.kava.client.pki.TlsContexts;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API server's wiring: storage, registry, watch caches, compactor and the gRPC listener. Logic lives
 * in the packages; this class only builds and starts them.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

  private final ApiServerConfig config;
  private final Storage storage;
  private final boolean ownsStorage;
  private final Registry registry;
  private final ServiceAllocations allocations;
  private final AllocationRepair repair;
  private final WatchCaches caches;
  private final KubeletChannels kubelets;
  private final ScheduledExecutorService bootstrap;
  /** Fires --request-timeout deadlines; its own thread, so a slow bootstrap pass cannot hold a timeout up. */
  private final ScheduledExecutorService requestTimer;
  private final SystemNamespaces systemNamespaces;
  private final StandardStorageClass standardStorageClass;
  private final SystemPriorityClasses systemPriorityClasses;
  private final Authorizer authorizer;
  private final RuleResolver rules;
  private final RbacBootstrap rbacBootstrap;
  private final AggregationController aggregation;
  private final List<Authenticator> authenticators;
  /** Empty without a --service-account-signing-key-file. */
  private final Optional<ServiceAccountTokens> serviceAccountTokens;
  /** NodeRestriction's check of token requests, when the plugin is on. */
  private final TokenRequests.Admission tokenAdmission;
  /** Empty without --audit-policy-file and --audit-log-path. */
  private final Optional<AuditBackend> audit;
  private volatile boolean kubernetesServiceReady;
  private Compactor compactor;
  private Server server;

  /** An API server on etcd as the config says. */
  public ApiServer(ApiServerConfig config) {
    this(config, new EtcdStorage(config.etcdServers(), config.etcdRequestTimeout(),
        io.kava.apiserver.storage.EtcdTls.context(config.security().backends().etcd(), config.etcdServers()),
        ExpiringKeys.under(new Keys(config.etcdPrefix()).resourcePrefix(Kinds.EVENT), config.eventTtl())), true);
  }

  /** An API server on a given storage (tests use an in-memory one). */
  public ApiServer(ApiServerConfig config, Storage storage, boolean ownsStorage) {
    this.config = config;
    this.kubelets = new KubeletChannels(KubeletChannels.tls(config.security().backends().kubelet()));
    Keys keys = new Keys(config.etcdPrefix());
    // Encryption at rest sits right above etcd: everything else reads and writes plaintext.
    EncryptionAtRest encryption = config.security().encryption().resources();
    this.storage = encryption.isEmpty() ? storage : new EncryptingStorage(storage, keys.root(), encryption);
    this.ownsStorage = ownsStorage;
    storage = this.storage;
    ServicesConfig services = config.services();
    SecureRandom random = new SecureRandom();
    this.allocations = new ServiceAllocations(
        new ServiceIpAllocator(storage, keys.root(), services.clusterIpRange(), random),
        new NodePortAllocator(storage, keys.root(), services.nodePortRange(), random));
    this.repair = new AllocationRepair(storage, keys, allocations.ips(), allocations.nodePorts());
    this.caches = new WatchCaches(storage, keys, config.watchCacheSize(), config.watcherQueueSize(),
        config.bookmarkInterval(), config.retryDelay());
    WatchCache namespaceCache = caches.of(Kinds.NAMESPACE);
    // Admission reads namespaces from the watch cache, as upstream's from its informer: no etcd read per create.
    NamespaceLifecycle namespaces = new NamespaceLifecycle(storage, keys,
        name -> namespaceCache.cached(keys.key(Kinds.NAMESPACE, "", name)).map(Namespace.class::cast), Clock.systemUTC());
    // The Priority admission reads PriorityClasses from their watch cache too.
    PriorityAdmission priorities = new PriorityAdmission(
        new CachedPriorityClasses(caches.of(Kinds.PRIORITY_CLASS), storage, keys));
    // RBAC reads roles and bindings from the watch caches: no etcd read per request.
    CachedRbacObjects rbacObjects = new CachedRbacObjects(caches, keys);
    this.rules = new RuleResolver(rbacObjects);
    NodeGraph nodeGraph = nodeGraph(config.security().authorization(), caches);
    this.authorizer = authorizer(config.security().authorization(), rules, nodeGraph);
    EscalationCheck escalation = new EscalationCheck(authorizer, rules);
    Map<io.kava.client.Kind, io.kava.apiserver.registry.WriteHook> ownHooks = new java.util.HashMap<>(
        Map.of(Kinds.SERVICE, allocations));
    for (io.kava.client.Kind k : List.of(Kinds.ROLE, Kinds.CLUSTER_ROLE, Kinds.ROLE_BINDING, Kinds.CLUSTER_ROLE_BINDING)) {
      ownHooks.put(k, escalation);
    }
    this.serviceAccountTokens = serviceAccountTokens(config.security().serviceAccounts(), new CachedReads(caches, storage, keys));
    List<String> admissionPlugins = config.security().admission()
        .running(config.security().authorization().modes().contains("Node"));
    WatchCache nodeCache = caches.of(Kinds.NODE);
    NodeRestriction nodeRestriction = new NodeRestriction(
        name -> nodeCache.cached(keys.key(Kinds.NODE, "", name)).map(Node.class::cast));
    this.tokenAdmission = admissionPlugins.contains(AdmissionPlugins.NODE_RESTRICTION)
        ? (user, namespace, account, ref, objects) -> nodeRestriction.admitTokenRequest(user, namespace, account, ref, objects::pod)
        : TokenRequests.Admission.NONE;
    AdmissionChain admission = admission(admissionPlugins, nodeRestriction, namespaces, storage, keys);
    // Every write through the registry tells its watch cache, so LISTs from the cache read this server's own writes.
    this.registry = new Registry(new OwnWritesStorage(storage, caches), keys,
        new Strategies(config.defaultTolerations(), priorities, admission.podMutation()), namespaces, Clock.systemUTC(),
        admission.hooks(ownHooks), admission.validating());
    this.rbacBootstrap = new RbacBootstrap(registry);
    this.aggregation = new AggregationController(rbacObjects, registry);
    this.authenticators = authenticators(config.security(), serviceAccountTokens, new CachedReads(caches, storage, keys));
    AuditConfig auditConfig = config.security().audit();
    this.audit = auditConfig.enabled() ? Optional.of(AuditLogs.open(auditConfig, Clock.systemUTC())) : Optional.empty();
    this.systemNamespaces = new SystemNamespaces(registry);
    this.standardStorageClass = new StandardStorageClass(registry);
    this.systemPriorityClasses = new SystemPriorityClasses(registry);
    this.requestTimer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "kava-request-timeout");
      t.setDaemon(true);
      return t;
    });
    this.bootstrap = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "kava-bootstrap");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * The gRPC service for any transport: the audit log wraps everything (it sees calls authentication
   * refuses and the final mapped status, a timeout's too), then the request timeout (its deadline covers
   * authentication as upstream's), then authentication, then the error mapping, then authorization (its
   * refusals leave through the error mapping), then the handler.
   */
  public ServerServiceDefinition service() {
    ApiService api = new ApiService(registry, caches, Duration.ofSeconds(5), kubelets)
        .withAccessReviews(new AccessReviews(authorizer,
            config.security().authorization().rbac() ? java.util.Optional.of(rules) : java.util.Optional.empty())
            .withNonResourceUrlsAllowed(config.security().authorization().modes().contains("AlwaysAllow")))
        .withTokenRequests(serviceAccountTokens.map(t -> t.requests().withAdmission(tokenAdmission)));
    ServerServiceDefinition service = ServerInterceptors.intercept(api,
        new AuthorizationInterceptor(authorizer),
        new RequestSizeLimit(),
        new ErrorMappingInterceptor(), new Warnings(),
        new AuthenticationInterceptor(authenticators, config.security().anonymousAuth()),
        new RequestTimeout(config.requestTimeout(), requestTimer));
    return audit.map(backend -> ServerInterceptors.intercept(service,
        new AuditInterceptor(config.security().audit().policy().orElseThrow(), backend, Clock.systemUTC()))).orElse(service);
  }

  /**
   * The admission plugins that are on (--enable-admission-plugins, --disable-admission-plugins), each
   * given where it runs; AdmissionChain puts them in upstream's order.
   */
  private AdmissionChain admission(List<String> enabled, NodeRestriction nodeRestriction, NamespaceLifecycle namespaces,
      Storage storage, Keys keys) {
    enabled.stream().filter(p -> !AdmissionPlugins.IMPLEMENTED.contains(p)
        && !AdmissionPlugins.DEFAULT_ON.contains(p)).forEach(p ->
        log.warn("Admission plugin {} is not implemented by Kava: it does nothing", p));
    AdmissionPlugins.ALWAYS_ON.stream().filter(p -> !enabled.contains(p)).forEach(p ->
        log.warn("Admission plugin {} cannot be disabled in Kava: it stays on", p));
    LimitRanger limitRanger = new LimitRanger(new NamespaceObjects<>(Kinds.LIMIT_RANGE, LimitRange.class,
        caches.of(Kinds.LIMIT_RANGE), storage, keys)::list);
    // Raises status.used through the registry's status write, compare-and-swap on the quota's resourceVersion.
    ResourceQuotaAdmission quota = ResourceQuotaAdmission.over(new NamespaceObjects<>(Kinds.RESOURCE_QUOTA,
        ResourceQuota.class, caches.of(Kinds.RESOURCE_QUOTA), storage, keys), q -> registry.updateStatus(q, false));
    UnaryOperator<Pod> serviceAccount = serviceAccountTokens
        .<UnaryOperator<Pod>>map(t -> t.admission()::admitCreate).orElse(ServiceAccountAdmission.off());
    List<io.kava.client.Kind> namespaced = Kinds.all().stream().filter(io.kava.client.Kind::namespaced).toList();
    return AdmissionChain.builder(enabled)
        .mutatePods(AdmissionPlugins.LIMIT_RANGER, limitRanger::admitPod)
        .mutatePods(AdmissionPlugins.SERVICE_ACCOUNT, serviceAccount)
        .hook(AdmissionPlugins.LIMIT_RANGER, List.of(Kinds.POD, Kinds.PERSISTENT_VOLUME_CLAIM), limitRanger)
        .hook(AdmissionPlugins.POD_SECURITY, List.of(Kinds.POD), new PodSecurityAdmission(namespaces::lookUp, Warnings::add))
        .hook(AdmissionPlugins.DEFAULT_STORAGE_CLASS, List.of(Kinds.PERSISTENT_VOLUME_CLAIM), new DefaultStorageClass(storage, keys))
        .hook(AdmissionPlugins.RESOURCE_QUOTA, namespaced, quota)
        .validate(AdmissionPlugins.NODE_RESTRICTION, nodeRestriction)
        .validate(AdmissionPlugins.EVENT_RATE_LIMIT, eventRateLimit(config.security().admission()))
        .build();
  }

  /** EventRateLimit with its configuration (AdmissionConfig refuses the plugin on without one). */
  private static ValidatingAdmission eventRateLimit(AdmissionConfig admission) {
    return admission.eventRateLimit()
        .<ValidatingAdmission>map(c -> new EventRateLimit(c, System::nanoTime))
        .orElse(attributes -> { });
  }

  /**
   * The ways a caller can prove who it is, tried in order: client certificates, the token file, ServiceAccount
   * tokens, then bootstrap tokens (last: their refusals are final).
   */
  private static List<Authenticator> authenticators(SecurityConfig security, Optional<ServiceAccountTokens> serviceAccountTokens,
      CachedReads reads) {
    List<Authenticator> all = new java.util.ArrayList<>();
    TlsConfig tls = security.tls();
    if (tls.clientCaFile() != null) {
      all.add(new X509Authenticator(new CertificateVerifier(Pem.readCertificates(tls.clientCaFile()))));
    }
    security.authorization().tokenAuthFile().ifPresent(file -> all.add(TokenFileAuthenticator.read(file)));
    serviceAccountTokens.ifPresent(t -> all.add(t.authenticator()));
    if (security.bootstrapTokens().enabled()) {
      all.add(new io.kava.apiserver.auth.BootstrapTokenAuthenticator(name -> reads.get(Kinds.SECRET,
          io.kava.api.core.v1.Secret.class, io.kava.client.bootstrap.BootstrapTokens.NAMESPACE, name), Clock.systemUTC()));
    }
    return all;
  }

  /**
   * The Node authorizer's graph, kept from the pods' and persistent volumes' watch caches when the Node
   * mode is on (each change lands in it before any client watch sees it); empty otherwise.
   */
  private static NodeGraph nodeGraph(AuthorizationConfig config, WatchCaches caches) {
    NodeGraph graph = new NodeGraph();
    if (config.modes().contains("Node")) {
      caches.of(Kinds.POD).addListener(graph.pods());
      caches.of(Kinds.PERSISTENT_VOLUME).addListener(graph.volumes());
    }
    return graph;
  }

  /**
   * system:masters first, then --authorization-mode in order, as upstream's union: the first that
   * allows or denies decides.
   */
  private static Authorizer authorizer(AuthorizationConfig config, RuleResolver rules, NodeGraph nodeGraph) {
    List<Authorizer> chain = new ArrayList<>(List.of(Authorizers.PRIVILEGED_GROUPS));
    config.modes().stream().map(mode -> switch (mode) {
      case "AlwaysAllow" -> Authorizer.ALWAYS_ALLOW;
      case "AlwaysDeny" -> Authorizers.ALWAYS_DENY;
      case "Node" -> (Authorizer) new NodeAuthorizer(nodeGraph);
      default -> (Authorizer) new RbacAuthorizer(rules);
    }).forEach(chain::add);
    return Authorizers.union(chain);
  }

  /** The authorizer chain (tests put requests to it). */
  public Authorizer authorizer() {
    return authorizer;
  }

  /** Serves TLS only when a serving certificate is configured (the real cluster); plaintext otherwise (in-process tests). */
  private NettyServerBuilder withTls(NettyServerBuilder builder) {
    TlsConfig tls = config.security().tls();
    if (!tls.enabled()) {
      return builder;
    }
    List<java.security.cert.X509Certificate> clientCas = tls.clientCaFile() == null ? List.of() : Pem.readCertificates(tls.clientCaFile());
    return builder.sslContext(TlsContexts.requestingServer(io.kava.client.pki.ServingChain.of(Pem.readCertificates(tls.certFile()), clientCas),
        Pem.readPrivateKey(tls.keyFile()), clientCas, tls.policy()));
  }

  private static Optional<ServiceAccountTokens> serviceAccountTokens(ServiceAccountConfig config, CachedReads reads) {
    if (!config.enabled()) {
      log.info("Started without --service-account-signing-key-file: ServiceAccount tokens, their authenticator and the ServiceAccount admission are off");
      return Optional.empty();
    }
    return Optional.of(new ServiceAccountTokens(config, reads, Clock.systemUTC()));
  }

  /** Starts on the configured address with Netty. */
  public ApiServer start() {
    NettyServerBuilder builder = NettyServerBuilder.forAddress(config.listen());
    // The advertise address pods reach (the kubernetes Service's endpoint), beside loopback: one server, one TLS.
    config.moreListen().forEach(builder::addListenAddress);
    return start(withTls(builder)
        .maxInboundMessageSize(16 * 1024 * 1024)
        .permitKeepAliveTime(10, TimeUnit.SECONDS)
        .permitKeepAliveWithoutCalls(true));
  }

  /** Starts on a given transport (in-process in unit tests). */
  public ApiServer start(ServerBuilder<?> builder) {
    caches.start();
    bootstrap.execute(this::createSystemNamespacesFirst);
    if (!config.compactionInterval().isZero()) {
      compactor = new Compactor(storage, config.compactionInterval());
    }
    try {
      server = builder.addService(service()).build().start();
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("Failed to listen on " + config.listen(), e);
    }
    log.info("Started the API server on {} with etcd {}", server.getListenSockets(), config.etcdServers());
    KubernetesService kubernetes = new KubernetesService(registry, config.services().clusterIpRange().address(1),
        advertiseAddress(), advertisedPort());
    Duration repairEvery = config.services().repairInterval();
    if (!repairEvery.isZero()) {
      // Once before the first allocation of this server's own, as upstream: values stored Services use
      // but the bitmap lacks (a lost or resized bitmap) are marked before anything else can take them.
      bootstrap.execute(this::repairAllocations);
    }
    bootstrap.execute(() -> reconcileBootstrapObjects(kubernetes, true));
    long aggregateEvery = config.security().authorization().aggregationInterval().toMillis();
    bootstrap.scheduleWithFixedDelay(this::aggregateClusterRoles, aggregateEvery, aggregateEvery, TimeUnit.MILLISECONDS);
    if (!repairEvery.isZero()) {
      bootstrap.scheduleWithFixedDelay(this::repairAllocations, repairEvery.toMillis(), repairEvery.toMillis(), TimeUnit.MILLISECONDS);
    }
    return this;
  }

  /** The port of the listener on the advertise address, else the first listener's (port 0: the one bound). */
  private int advertisedPort() {
    String advertised = advertiseAddress();
    for (java.net.SocketAddress socket : server.getListenSockets()) {
      if (socket instanceof java.net.InetSocketAddress inet && inet.getAddress() != null
          && inet.getAddress().getHostAddress().equals(advertised)) {
        return inet.getPort();
      }
    }
    return server.getPort() > 0 ? server.getPort() : config.listen().getPort();
  }

  /** --advertise-address, else the listen address (loopback when listening on every address). */
  String advertiseAddress() {
    String configured = config.services().advertiseAddress();
    if (!configured.isEmpty()) {
      return configured;
    }
    InetAddress listen = config.listen().getAddress();
    return listen == null || listen.isAnyLocalAddress() || !(listen instanceof Inet4Address)
        ? "127.0.0.1" : listen.getHostAddress();
  }

  /**
   * One pass of the bootstrap controller: the system namespaces, then the kubernetes Service. The next
   * pass comes after the interval, or sooner (still taking over) while none has succeeded. Passes never
   * stop, so objects lost with etcd's data or a restore come back within one interval.
   */
  private void reconcileBootstrapObjects(KubernetesService kubernetes, boolean takeOver) {
    boolean done = false;
    try {
      systemNamespaces.reconcile();
      standardStorageClass.reconcile();
      systemPriorityClasses.reconcile();
      rbacBootstrap.reconcile();
      kubernetes.reconcile(takeOver);
      done = true;
      kubernetesServiceReady = true;
    } catch (RuntimeException e) {
      log.warn("Failed to reconcile the bootstrap objects, retrying: {}", e.getMessage());
    }
    boolean next = takeOver && !done;
    // Quick retries only until the first pass went through (etcd or the default namespace not there yet).
    long delay = done || kubernetesServiceReady ? config.services().kubernetesServiceInterval().toMillis()
        : config.retryDelay().toMillis();
    try {
      bootstrap.schedule(() -> reconcileBootstrapObjects(kubernetes, next), delay, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // Closing.
    }
  }

  private void aggregateClusterRoles() {
    try {
      aggregation.runOnce();
    } catch (RuntimeException e) {
      log.warn("Failed to aggregate the cluster roles: {}", e.getMessage());
    }
  }

  private void repairAllocations() {
    try {
      repair.runOnce();
    } catch (RuntimeException e) {
      log.warn("Failed to repair the service allocations: {}", e.getMessage());
    }
  }

  /** The ClusterIP and NodePort allocators (tests read the bitmaps). */
  public ServiceAllocations serviceAllocations() {
    return allocations;
  }

  /** Runs one pass of the allocation repair now. */
  public void repairAllocationsNow() {
    repair.runOnce();
  }

  public int port() {
    return server.getPort();
  }

  public Registry registry() {
    return registry;
  }

  public WatchCaches watchCaches() {
    return caches;
  }

  /** Creates the system namespaces before the listener opens, retrying while etcd is down. */
  private void createSystemNamespacesFirst() {
    try {
      systemNamespaces.reconcile();
    } catch (RuntimeException e) {
      log.warn("Failed to create the system namespaces, retrying: {}", e.getMessage());
      bootstrap.schedule(this::createSystemNamespacesFirst, config.retryDelay().toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** True once every system namespace exists (tests wait for it). */
  public boolean systemNamespacesReady() {
    try {
      for (String name : NamespaceLifecycle.SYSTEM_NAMESPACES) {
        registry.get(Kinds.NAMESPACE, "", name);
      }
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** True once the system namespaces, the kubernetes Service and the store epoch key exist (tests wait for it before counting writes). */
  public boolean bootstrapped() {
    return kubernetesServiceReady && systemNamespacesReady() && caches.epochKnown();
  }

  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  @Override
  public void close() {
    if (server != null) {
      server.shutdown();
    }
    caches.close();
    kubelets.close();
    if (server != null) {
      try {
        if (!server.awaitTermination(2, TimeUnit.SECONDS)) {
          server.shutdownNow();
          server.awaitTermination(2, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    bootstrap.shutdownNow();
    requestTimer.shutdownNow();
    audit.ifPresent(AuditBackend::close);
    if (compactor != null) {
      compactor.close();
    }
    if (ownsStorage) {
      storage.close();
    }
    log.info("Stopped the API server");
  }
}
