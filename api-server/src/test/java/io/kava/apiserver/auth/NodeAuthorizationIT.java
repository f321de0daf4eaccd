package io.kava.apiserver.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodSpec;
import io.kava.api.core.v1.Secret;
import io.kava.api.core.v1.SecretVolumeSource;
import io.kava.api.core.v1.Volume;
import io.kava.api.authentication.v1.BoundObjectReference;
import io.kava.api.authentication.v1.TokenRequest;
import io.kava.api.authentication.v1.TokenRequestSpec;
import io.kava.api.core.v1.ServiceAccount;
import io.kava.apiserver.AdmissionConfig;
import io.kava.apiserver.AuthorizationConfig;
import io.kava.apiserver.ServiceAccountConfig;
import io.kava.apiserver.serviceaccount.KeyFiles;
import io.kava.client.AuthenticationClient;
import io.kava.apiserver.SecurityConfig;
import io.kava.apiserver.TlsConfig;
import io.kava.apiserver.testing.ApiServerHarness;
import io.kava.apiserver.testing.EtcdContainer;
import io.kava.apiserver.testing.Fixtures;
import io.kava.client.ApiException;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
import io.kava.client.config.KubeConfigLoader;
import io.kava.client.pki.ClusterCertificates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Node authorizer and NodeRestriction on a real API server over TLS with client certificates and
 * --authorization-mode=Node,RBAC, as deploy/up.sh runs it: each kubelet's certificate reaches only what
 * the pods bound to its node need, and NodeRestriction (on with the Node mode, as the admission chain turns
 * it on) keeps its token requests to tokens bound to its own pods.
 */
class NodeAuthorizationIT {
  private static final String NS = "node-authz";
  private static final String NODE_A = "authz-a";
  private static final String NODE_B = "authz-b";
  @TempDir static Path dir;
  static ApiServerHarness api;
  static KavaClient admin;
  static KavaClient kubeletA;

  @BeforeAll
  static void start() {
    new ClusterCertificates(dir).ensure(List.of(), "10.96.0.0/16", "127.0.0.1:6443",
        List.of(new ClusterCertificates.Node(NODE_A, "127.0.0.21"), new ClusterCertificates.Node(NODE_B, "127.0.0.22")));
    Path pki = dir.resolve("pki");
    KeyFiles.write(KeyFiles.generate(), pki.resolve("sa.key"), pki.resolve("sa.pub"));
    // ServiceAccount tokens on for the token requests; the ServiceAccount admission off, so the pods need no default account.
    api = ApiServerHarness.start(EtcdContainer.shared(), c -> c.withSecurity(SecurityConfig.defaults()
        .withAnonymousAuth(false)
        .withTls(new TlsConfig(pki.resolve("apiserver.crt"), pki.resolve("apiserver.key"), pki.resolve("ca.crt")))
        .withAuthorization(AuthorizationConfig.defaults().withModes("Node,RBAC"))
        .withServiceAccounts(ServiceAccountConfig.signingWith(pki.resolve("sa.key")))
        .withAdmission(AdmissionConfig.of(List.of(), List.of("ServiceAccount")))));
    admin = connect("admin.kubeconfig");
    kubeletA = connect("kubelet-" + NODE_A + ".kubeconfig");
    // cluster-admin is bound to system:masters by the RBAC bootstrap, shortly after start.
    Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
        .until(() -> admin.resource(io.kava.api.core.v1.Namespace.class).get("", "default") != null);
    ensureNamespace();
    admin.resource(ServiceAccount.class).create(ServiceAccount.newBuilder()
        .setMetadata(io.kava.api.meta.v1.ObjectMeta.newBuilder().setNamespace(NS).setName(RUNNER)).build());
    for (String node : List.of(NODE_A, NODE_B)) {
      admin.resource(Node.class).create(Fixtures.node(node));
      admin.resource(Secret.class).create(Fixtures.secret(NS, "secret-" + node));
      admin.resource(Pod.class).create(podUsing("web-" + node, node, "secret-" + node));
      Pod runner = podUsing("runner-" + node, node, "secret-" + node);
      admin.resource(Pod.class).create(runner.toBuilder().setSpec(runner.getSpec().toBuilder().setServiceAccountName(RUNNER)).build());
    }
  }

  private static final String RUNNER = "runner";

  private static KavaClient connect(String kubeconfig) {
    return KavaClient.connect(KubeConfigLoader.load(dir.resolve(kubeconfig)).withServer(api.target()));
  }

  /** The etcd is shared with other classes: a previous run's objects are removed first. */
  private static void ensureNamespace() {
    try {
      admin.resource(io.kava.api.core.v1.Namespace.class).create(Fixtures.namespace(NS));
    } catch (ApiException e) {
      if (!e.isAlreadyExists()) {
        throw e;
      }
    }
    quietly(() -> admin.resource(ServiceAccount.class).delete(NS, RUNNER));
    for (String node : List.of(NODE_A, NODE_B)) {
      quietly(() -> admin.resource(Pod.class).delete(NS, "web-" + node));
      quietly(() -> admin.resource(Pod.class).delete(NS, "runner-" + node));
      quietly(() -> admin.resource(Secret.class).delete(NS, "secret-" + node));
      quietly(() -> admin.resource(Node.class).delete("", node));
    }
  }

  private static void quietly(Runnable call) {
    try {
      call.run();
    } catch (ApiException e) {
      if (!e.isNotFound()) {
        throw e;
      }
    }
  }

  private static Pod podUsing(String name, String node, String secret) {
    PodSpec spec = Fixtures.podSpec().toBuilder().setNodeName(node).setTerminationGracePeriodSeconds(0)
        .addVolumes(Volume.newBuilder().setName("s").setSecret(SecretVolumeSource.newBuilder().setSecretName(secret))).build();
    return Fixtures.pod(NS, name).toBuilder().setSpec(spec).build();
  }

  @AfterAll
  static void stop() {
    if (admin != null) {
      ensureNamespace();
      admin.close();
      kubeletA.close();
    }
    api.close();
  }

  private static ApiException refused(Runnable call) {
    try {
      call.run();
    } catch (ApiException e) {
      return e;
    }
    throw new AssertionError("expected a refusal");
  }

  @Test
  void aKubeletReadsTheSecretOfItsPodButNotThatOfAPodOnAnotherNode() {
    assertThat(kubeletA.resource(Secret.class).get(NS, "secret-" + NODE_A).getMetadata().getName())
        .isEqualTo("secret-" + NODE_A);
    ApiException e = refused(() -> kubeletA.resource(Secret.class).get(NS, "secret-" + NODE_B));
    assertThat(e.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(e.getMessage()).isEqualTo("secrets \"secret-" + NODE_B + "\" is forbidden: User \"system:node:" + NODE_A
        + "\" cannot get resource \"secrets\" in API group \"\" in the namespace \"" + NS + "\": no relationship found "
        + "between node '" + NODE_A + "' and this object");
    assertThat(refused(() -> kubeletA.resource(Secret.class).list(ListOptions.inNamespace(NS))).code())
        .isEqualTo(Status.Code.PERMISSION_DENIED);
    // Its own pods, by the field selector the kubelet lists them with.
    assertThat(kubeletA.resource(Pod.class).list(ListOptions.all().withFieldSelector("spec.nodeName=" + NODE_A)).items())
        .extracting(p -> p.getMetadata().getName()).containsExactlyInAnyOrder("runner-" + NODE_A, "web-" + NODE_A);
  }

  @Test
  void aKubeletUpdatesItsOwnNodeButNotAnothersNode() {
    Node own = kubeletA.resource(Node.class).get("", NODE_A);
    kubeletA.resource(Node.class).update(own.toBuilder().setMetadata(own.getMetadata().toBuilder()
        .putLabels("kubernetes.io/hostname", NODE_A)).build());
    Node other = admin.resource(Node.class).get("", NODE_B);
    ApiException e = refused(() -> kubeletA.resource(Node.class).update(other.toBuilder()
        .setMetadata(other.getMetadata().toBuilder().putLabels("stolen", "yes")).build()));
    assertThat(e.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(e.getMessage()).isEqualTo("nodes \"" + NODE_B + "\" is forbidden: node \"" + NODE_A
        + "\" is not allowed to modify node \"" + NODE_B + "\"");
    assertThat(admin.resource(Node.class).get("", NODE_B).getMetadata().getLabelsMap()).doesNotContainKey("stolen");
  }

  @Test
  void theAccessGoesWithThePod() {
    admin.resource(Secret.class).create(Fixtures.secret(NS, "short-lived"));
    admin.resource(Pod.class).create(podUsing("brief", NODE_A, "short-lived"));
    Awaitility.await().atMost(Duration.ofSeconds(5)).ignoreExceptions()
        .until(() -> kubeletA.resource(Secret.class).get(NS, "short-lived") != null);
    admin.resource(Pod.class).delete(NS, "brief");
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> {
      try {
        kubeletA.resource(Secret.class).get(NS, "short-lived");
        return false;
      } catch (ApiException e) {
        return e.code() == Status.Code.PERMISSION_DENIED;
      }
    });
    admin.resource(Secret.class).delete(NS, "short-lived");
  }

  @Test
  void aKubeletGetsTokensBoundToItsOwnPodsOnly() {
    AuthenticationClient tokens = new AuthenticationClient(kubeletA);
    Pod own = admin.resource(Pod.class).get(NS, "runner-" + NODE_A);
    Pod other = admin.resource(Pod.class).get(NS, "runner-" + NODE_B);
    assertThat(tokens.createToken(NS, RUNNER, boundTo(own), false).getStatus().getToken()).isNotEmpty();
    // The Node authorizer lets the request in (its pod runs as the account); NodeRestriction looks at the bound pod.
    ApiException elsewhere = refused(() -> tokens.createToken(NS, RUNNER, boundTo(other), false));
    assertThat(elsewhere.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(elsewhere.getMessage()).isEqualTo("serviceaccounts \"" + RUNNER
        + "\" is forbidden: node requested token bound to a pod scheduled on a different node");
    ApiException unbound = refused(() -> tokens.createToken(NS, RUNNER, TokenRequest.getDefaultInstance(), false));
    assertThat(unbound.getMessage()).isEqualTo("serviceaccounts \"" + RUNNER + "\" is forbidden: node requested token not bound to a pod");
    // The admin is no node: NodeRestriction leaves its requests alone.
    assertThat(new AuthenticationClient(admin).createToken(NS, RUNNER, boundTo(other), false).getStatus().getToken()).isNotEmpty();
  }

  private static TokenRequest boundTo(Pod pod) {
    return TokenRequest.newBuilder().setSpec(TokenRequestSpec.newBuilder().setBoundObjectRef(BoundObjectReference.newBuilder()
        .setApiVersion("v1").setKind("Pod").setName(pod.getMetadata().getName()).setUid(pod.getMetadata().getUid()))).build();
  }
}
