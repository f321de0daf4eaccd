package io.kava.apiserver.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.kava.api.core.v1.ConfigMap;
import io.kava.api.core.v1.Secret;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.apiserver.AuditConfig;
import io.kava.apiserver.AuthorizationConfig;
import io.kava.apiserver.SecurityConfig;
import io.kava.apiserver.TlsConfig;
import io.kava.apiserver.testing.ApiServerHarness;
import io.kava.apiserver.testing.EtcdContainer;
import io.kava.client.ApiException;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
import io.kava.client.config.ClientConfig;
import io.kava.client.config.KubeConfigLoader;
import io.kava.client.pki.CertificateAuthority;
import io.kava.client.pki.CertificateProfile;
import io.kava.client.pki.ClusterCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log of a real API server as deploy/up.sh runs it (TLS, client certificates, no anonymous
 * calls, RBAC), written by the batch writer: one ResponseComplete per write with user and verb, a
 * refusal by RBAC (403, decision forbid), one by authentication (401), and the object at RequestResponse.
 */
class AuditLogIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static Path log;
  static ApiServerHarness api;
  static ClientConfig admin;

  @BeforeAll
  static void start() throws IOException {
    new ClusterCertificates(dir).ensure(List.of(), "10.96.0.0/16", "127.0.0.1:6443", List.of());
    Path pki = dir.resolve("pki");
    Path policy = Files.writeString(dir.resolve("audit-policy.yaml"), """
        apiVersion: audit.k8s.io/v1
        kind: Policy
        omitStages: [RequestReceived]
        rules:
          - level: RequestResponse
            resources: [{group: "", resources: [configmaps]}]
          - level: Metadata
        """);
    log = dir.resolve("audit/audit.log");
    api = ApiServerHarness.start(EtcdContainer.shared(), c -> c.withSecurity(SecurityConfig.defaults()
        .withAnonymousAuth(false)
        .withTls(new TlsConfig(pki.resolve("apiserver.crt"), pki.resolve("apiserver.key"), pki.resolve("ca.crt")))
        .withAuthorization(AuthorizationConfig.defaults().withModes("RBAC"))
        .withAudit(AuditConfig.of(AuditPolicyFile.load(policy), log.toString()))));
    admin = KubeConfigLoader.load(dir.resolve("admin.kubeconfig")).withServer(api.target());
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void everyWriteHasOneResponseCompleteEntryWithUserAndVerb() {
    try (KavaClient client = KavaClient.connect(admin)) {
      var configMaps = client.resource(ConfigMap.class);
      ConfigMap created = configMaps.create(ConfigMap.newBuilder()
          .setMetadata(ObjectMeta.newBuilder().setNamespace("default").setName("audited")).putData("colour", "blue").build());
      configMaps.update(created.toBuilder().putData("colour", "green").build());
      configMaps.delete("default", "audited");
      client.resource(Secret.class).create(Secret.newBuilder().setMetadata(ObjectMeta.newBuilder().setNamespace("default")
          .setName("hidden")).putData("password", ByteString.copyFromUtf8("s3cr3t-value")).build());
    }
    Predicate<JsonNode> ours = e -> e.path("objectRef").path("name").asText().equals("audited");
    List<JsonNode> writes = awaitEvents(ours.and(e -> !e.path("verb").asText().equals("get")), 3);
    assertThat(writes).extracting(e -> e.path("verb").asText()).containsExactly("create", "update", "delete");
    assertThat(writes).allSatisfy(e -> {
      assertThat(e.path("stage").asText()).isEqualTo("ResponseComplete");
      assertThat(e.path("user").path("username").asText()).isEqualTo("kubernetes-admin");
      assertThat(e.path("user").path("groups")).extracting(JsonNode::asText).contains("system:masters", "system:authenticated");
      assertThat(e.path("sourceIPs")).extracting(JsonNode::asText).containsExactly("127.0.0.1");
      assertThat(e.path("annotations").path("authorization.k8s.io/decision").asText()).isEqualTo("allow");
      assertThat(e.path("annotations").path("authorization.k8s.io/reason").asText()).isEqualTo("member of system:masters");
    });
    assertThat(writes.get(0).path("requestURI").asText()).isEqualTo("/api/v1/namespaces/default/configmaps");
    assertThat(writes.get(1).path("requestURI").asText()).isEqualTo("/api/v1/namespaces/default/configmaps/audited");
    assertThat(writes.get(1).path("requestObject").path("data").path("colour").asText())
        .as("RequestResponse logs the object").isEqualTo("green");
    assertThat(writes.get(1).path("responseObject").path("metadata").path("name").asText()).isEqualTo("audited");
    JsonNode secret = awaitEvents(e -> e.path("objectRef").path("name").asText().equals("hidden"), 1).get(0);
    assertThat(secret.path("level").asText()).isEqualTo("Metadata");
    assertThat(secret.has("requestObject")).isFalse();
    String all = String.join("\n", lines());
    assertThat(all).as("no Secret data at Metadata, plain or base64").doesNotContain("s3cr3t")
        .doesNotContain(java.util.Base64.getEncoder().encodeToString("s3cr3t-value".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  @Test
  void aRequestRbacRefusesIsLoggedWith403AndTheDecision() {
    CertificateAuthority ca = CertificateAuthority.read(dir.resolve("pki/ca.crt"), dir.resolve("pki/ca.key"));
    ClientConfig alice = new ClientConfig(api.target(), true, admin.certificateAuthorities(),
        ca.issue(CertificateProfile.client("alice", List.of("developers"))), null);
    try (KavaClient client = KavaClient.connect(alice)) {
      assertThatThrownBy(() -> client.resource(Secret.class).list(ListOptions.inNamespace("default")))
          .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(io.grpc.Status.Code.PERMISSION_DENIED));
    }
    JsonNode refused = awaitEvents(e -> e.path("user").path("username").asText().equals("alice"), 1).get(0);
    assertThat(refused.path("verb").asText()).isEqualTo("list");
    assertThat(refused.path("requestURI").asText()).isEqualTo("/api/v1/namespaces/default/secrets");
    assertThat(refused.path("responseStatus").path("code").asInt()).isEqualTo(403);
    assertThat(refused.path("responseStatus").path("reason").asText()).isEqualTo("Forbidden");
    assertThat(refused.path("responseStatus").path("message").asText()).contains("User \"alice\" cannot list resource \"secrets\"");
    assertThat(refused.path("annotations").path("authorization.k8s.io/decision").asText()).isEqualTo("forbid");
  }

  @Test
  void aCallWithoutCredentialsIsLoggedWith401AndNoUser() {
    ClientConfig nobody = new ClientConfig(api.target(), true, admin.certificateAuthorities(), null, null);
    try (KavaClient owner = KavaClient.connect(nobody)) {
      KavaClient client = owner.withDeadline(Duration.ofSeconds(5));
      assertThatThrownBy(() -> client.resource(ConfigMap.class).list(ListOptions.inNamespace("kube-public")))
          .isInstanceOf(ApiException.class);
    }
    JsonNode refused = awaitEvents(e -> e.path("responseStatus").path("code").asInt() == 401, 1).get(0);
    assertThat(refused.path("user").isEmpty()).as("no user").isTrue();
    assertThat(refused.path("verb").asText()).isEqualTo("list");
    assertThat(refused.path("responseStatus").path("reason").asText()).isEqualTo("Unauthorized");
    assertThat(refused.path("stage").asText()).isEqualTo("ResponseComplete");
  }

  private static List<JsonNode> awaitEvents(Predicate<JsonNode> filter, int count) {
    return Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
        .until(() -> lines().stream().map(AuditLogIT::parse).filter(filter).toList(), l -> l.size() >= count);
  }

  private static List<String> lines() {
    try {
      return Files.exists(log) ? Files.readAllLines(log) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
