package io.kava.controllermanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kava.api.apps.v1.Deployment;
import io.kava.api.apps.v1.ReplicaSet;
import io.kava.api.batch.v1.Job;
import io.kava.api.core.v1.ConfigMap;
import io.kava.api.core.v1.Namespace;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.ServiceAccount;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.apiserver.AuditConfig;
import io.kava.apiserver.ServiceAccountConfig;
import io.kava.apiserver.audit.AuditPolicyFile;
import io.kava.apiserver.testing.ApiServerHarness;
import io.kava.apiserver.testing.EtcdProcessCluster;
import io.kava.apiserver.testing.KubeadmSecurity;
import io.kava.client.ApiException;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
import io.kava.client.codec.Manifests;
import io.kava.client.config.ClientConfig;
import io.kava.client.config.KubeConfigLoader;
import io.kava.controllermanager.clientbuilder.ServiceAccountClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * --use-service-account-credentials against a real API server on a real etcd process, secured as
 * deploy/up.sh runs it (TLS, client certificates, Node,RBAC, ServiceAccount tokens, an audit log): every
 * controller of the manager runs as its ServiceAccount in kube-system with its bootstrap role only. A
 * Deployment gets a ReplicaSet and pods, a Job gets its pod, a deleted namespace goes; the audit log shows
 * each write made by the controller's ServiceAccount, none by the manager's certificate identity, and no
 * controller refused anything. No scheduler or kubelet: pods stay Pending objects.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServiceAccountCredentialsIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SA_PREFIX = "system:serviceaccount:kube-system:";

  @TempDir
  static Path dir;
  private static Path auditLog;
  private static EtcdProcessCluster etcd;
  private static ApiServerHarness api;
  private static KavaClient admin;
  private static ControllerManager manager;
  private static Thread managerThread;

  @BeforeAll
  static void start() throws IOException {
    etcd = EtcdProcessCluster.start(1);
    KubeadmSecurity security = KubeadmSecurity.in(dir.resolve("cluster"));
    Path pki = dir.resolve("cluster/pki");
    io.kava.apiserver.serviceaccount.KeyFiles.ensure(pki.resolve("sa.key"), pki.resolve("sa.pub"));
    Path policy = Files.writeString(dir.resolve("audit-policy.yaml"), """
        apiVersion: audit.k8s.io/v1
        kind: Policy
        omitStages: [RequestReceived]
        rules:
          - level: Metadata
        """);
    auditLog = dir.resolve("audit/audit.log");
    api = ApiServerHarness.start(etcd.endpoints(), c -> c.withSecurity(security.config()
        .withServiceAccounts(ServiceAccountConfig.signingWith(pki.resolve("sa.key")))
        .withAudit(AuditConfig.of(AuditPolicyFile.load(policy), auditLog.toString()))));
    security.serving(api.target());
    admin = KavaClient.connect(security.admin());

    ClientConfig managerConfig = KubeConfigLoader.load(security.kubeconfig("controller-manager"));
    KavaClient managerClient = KavaClient.connect(managerConfig);
    ControllerManagerConfig config = new ControllerManagerConfig(api.target(), false, "it", 2, Duration.ofSeconds(30))
        .withRootCa(Files.readString(pki.resolve("ca.crt")));
    ServiceAccountClients clients = new ServiceAccountClients(managerClient,
        KavaClient.connect(ServiceAccountClients.withoutCredentials(managerConfig)), Clock.systemUTC());
    manager = new ControllerManager(config, managerClient, clients, c -> Controllers.all(c, config));
    managerThread = new Thread(() -> {
      try {
        manager.run();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "controller-manager");
    managerThread.start();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (manager != null) {
      manager.close();
      managerThread.join(10_000);
    }
    if (admin != null) {
      admin.close();
    }
    if (api != null) {
      api.close();
    }
    if (etcd != null) {
      etcd.close();
    }
  }

  @Test
  void aDeploymentGetsItsReplicaSetAndPodsWrittenByTheirControllersServiceAccounts() {
    admin.resource(Deployment.class).create(Manifests.parseAs("""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: default}
        spec:
          replicas: 2
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: app, image: kava/busybox:latest}]
        """, Deployment.class));

    await().atMost(TIMEOUT).ignoreExceptions().until(() -> pods("app=web").size() == 2);
    List<ReplicaSet> sets = admin.resource(ReplicaSet.class).list(ListOptions.inNamespace("default")).items();
    assertThat(sets).singleElement().satisfies(rs ->
        assertThat(rs.getMetadata().getOwnerReferences(0).getName()).isEqualTo("web"));

    assertThat(writer("create", "replicasets", "default")).isEqualTo(SA_PREFIX + "deployment-controller");
    assertThat(writer("create", "pods", "default")).isEqualTo(SA_PREFIX + "replicaset-controller");
    awaitWriter(e -> is(e, "update", "deployments", "default") && e.path("objectRef").path("subresource").asText().equals("status")
        && e.path("user").path("username").asText().equals(SA_PREFIX + "deployment-controller"));
  }

  @Test
  void aJobsPodIsCreatedByTheJobControllersServiceAccount() {
    admin.resource(Namespace.class).create(namespace("batch-it"));
    admin.resource(Job.class).create(Manifests.parseAs("""
        apiVersion: batch/v1
        kind: Job
        metadata: {name: once, namespace: batch-it}
        spec:
          template:
            spec:
              restartPolicy: Never
              containers: [{name: app, image: kava/busybox:latest}]
        """, Job.class));

    await().atMost(TIMEOUT).ignoreExceptions().until(() ->
        admin.resource(Pod.class).list(ListOptions.inNamespace("batch-it")).items().size() == 1);

    assertThat(writer("create", "pods", "batch-it")).isEqualTo(SA_PREFIX + "job-controller");
    // The namespace's "default" ServiceAccount (the pod needs it) and its kube-root-ca.crt.
    assertThat(writer("create", "serviceaccounts", "batch-it")).isEqualTo(SA_PREFIX + "service-account-controller");
    assertThat(writer("create", "configmaps", "batch-it")).isEqualTo(SA_PREFIX + "root-ca-cert-publisher");
  }

  @Test
  void aDeletedNamespaceIsEmptiedAndFinalizedByTheNamespaceControllersServiceAccount() {
    admin.resource(Namespace.class).create(namespace("doomed"));
    admin.resource(ConfigMap.class).create(ConfigMap.newBuilder()
        .setMetadata(ObjectMeta.newBuilder().setNamespace("doomed").setName("settings")).putData("k", "v").build());

    admin.resource(Namespace.class).delete("", "doomed");

    await().atMost(TIMEOUT).until(() -> {
      try {
        admin.resource(Namespace.class).get("", "doomed");
        return false;
      } catch (ApiException e) {
        return e.isNotFound();
      }
    });
    assertThat(writer("delete", "configmaps", "doomed")).isEqualTo(SA_PREFIX + "namespace-controller");
  }

  /** Last: it reads what the other tests' controllers did (a ServiceAccount is made at its controller's first call). */
  @Test
  @Order(Integer.MAX_VALUE)
  void theManagerMadeTheServiceAccountsAndNoControllerWasRefused() {
    await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> assertThat(
        admin.resource(ServiceAccount.class).list(ListOptions.inNamespace("kube-system")).items())
        .extracting(sa -> sa.getMetadata().getName())
        .contains("replicaset-controller", "deployment-controller", "job-controller", "namespace-controller",
            "service-account-controller", "root-ca-cert-publisher"));
    assertThat(writer("create", "serviceaccounts", "kube-system")).isEqualTo("system:kube-controller-manager");

    // Every controller has synced and written by the time "default" has its ServiceAccount; then the whole log.
    await().atMost(TIMEOUT).ignoreExceptions().until(() -> !admin.resource(ServiceAccount.class)
        .list(ListOptions.inNamespace("default")).items().isEmpty());
    List<JsonNode> events = events();
    assertThat(events).filteredOn(e -> e.path("user").path("username").asText().startsWith(SA_PREFIX)
        && e.path("responseStatus").path("code").asInt() == 403)
        .as("requests of controllers refused by RBAC").isEmpty();
    List<JsonNode> managerWrites = events.stream()
        .filter(e -> e.path("user").path("username").asText().equals("system:kube-controller-manager")
            && List.of("create", "update", "patch", "delete").contains(e.path("verb").asText())).toList();
    assertThat(managerWrites).as("the manager's own identity writes ServiceAccounts and their tokens only")
        .isNotEmpty().allSatisfy(e -> {
          assertThat(e.path("objectRef").path("resource").asText()).isEqualTo("serviceaccounts");
          assertThat(e.path("objectRef").path("namespace").asText()).isEqualTo("kube-system");
        });
    assertThat(managerWrites).anySatisfy(e -> assertThat(e.path("objectRef").path("subresource").asText()).isEqualTo("token"));
  }

  private static Namespace namespace(String name) {
    return Namespace.newBuilder().setMetadata(ObjectMeta.newBuilder().setName(name)).build();
  }

  private static List<Pod> pods(String selector) {
    return admin.resource(Pod.class).list(ListOptions.inNamespace("default").withLabelSelector(selector)).items();
  }

  private static boolean is(JsonNode e, String verb, String resource, String namespace) {
    return e.path("verb").asText().equals(verb) && e.path("objectRef").path("resource").asText().equals(resource)
        && e.path("objectRef").path("namespace").asText().equals(namespace)
        && e.path("stage").asText().equals("ResponseComplete");
  }

  /** Who made the first successful write of this kind, as the audit log says. */
  private static String writer(String verb, String resource, String namespace) {
    return awaitWriter(e -> is(e, verb, resource, namespace) && e.path("responseStatus").path("code").asInt() < 300)
        .path("user").path("username").asText();
  }

  private static JsonNode awaitWriter(Predicate<JsonNode> matches) {
    return await().atMost(TIMEOUT).until(() -> events().stream().filter(matches).findFirst(),
        java.util.Optional::isPresent).orElseThrow();
  }

  private static List<JsonNode> events() {
    if (!Files.exists(auditLog)) {
      return List.of();
    }
    try {
      return Files.readAllLines(auditLog).stream().filter(l -> !l.isBlank()).map(l -> {
        try {
          return JSON.readTree(l);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
