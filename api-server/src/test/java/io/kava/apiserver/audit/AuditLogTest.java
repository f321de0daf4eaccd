package io.kava.apiserver.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kava.api.coordination.v1.Lease;
import io.kava.api.core.v1.ConfigMap;
import io.kava.api.core.v1.Namespace;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.apiserver.AuditConfig;
import io.kava.apiserver.SecurityConfig;
import io.kava.apiserver.testing.InProcessApi;
import io.kava.client.ApiException;
import io.kava.client.ListOptions;
import io.kava.client.Watch;
import io.kava.client.WatchEvent;
import io.kava.client.WatchListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit log of a whole API server (in-process, anonymous, AlwaysAllow): the events and their shape. */
class AuditLogTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MICRO_TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z";

  @TempDir static Path dir;
  static Path log;
  static InProcessApi api;

  @BeforeAll
  static void start() {
    log = dir.resolve("logs/audit.log");
    AuditPolicy policy = AuditPolicyFile.parse("""
        apiVersion: audit.k8s.io/v1
        kind: Policy
        rules:
          - level: None
            resources: [{group: "coordination.k8s.io", resources: [leases]}]
          - level: RequestResponse
            resources: [{group: "", resources: [configmaps]}]
          - level: Metadata
        """);
    api = new InProcessApi(c -> c.withSecurity(SecurityConfig.defaults()
        .withAudit(AuditConfig.of(policy, log.toString()).withMode(AuditConfig.BLOCKING, 10))));
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void aWriteIsLoggedWhenReceivedAndWhenCompleteInUpstreamsShape() throws IOException {
    api.client.resource(Namespace.class).create(Namespace.newBuilder().setMetadata(ObjectMeta.newBuilder().setName("audited")).build());

    List<JsonNode> events = events("create", "/api/v1/namespaces");
    assertThat(events).extracting(e -> e.path("stage").asText()).containsExactly("RequestReceived", "ResponseComplete");
    JsonNode done = events.get(1);
    assertThat(done.path("kind").asText()).isEqualTo("Event");
    assertThat(done.path("apiVersion").asText()).isEqualTo("audit.k8s.io/v1");
    assertThat(done.path("level").asText()).isEqualTo("Metadata");
    assertThat(done.path("auditID").asText()).matches("[0-9a-f-]{36}").isEqualTo(events.get(0).path("auditID").asText());
    assertThat(done.path("user").path("username").asText()).isEqualTo("system:anonymous");
    assertThat(done.path("user").path("groups")).extracting(JsonNode::asText).containsExactly("system:unauthenticated");
    assertThat(done.path("objectRef").toString()).isEqualTo("{\"resource\":\"namespaces\",\"name\":\"audited\",\"apiVersion\":\"v1\"}");
    assertThat(done.path("responseStatus").toString()).isEqualTo("{\"metadata\":{},\"code\":201}");
    assertThat(done.path("annotations").path(CallAudit.DECISION).asText()).isEqualTo("allow");
    assertThat(done.path("annotations").path(CallAudit.REASON).asText()).isEqualTo("AlwaysAllow");
    assertThat(done.has("requestObject")).as("Metadata logs no object").isFalse();
    assertThat(done.has("responseObject")).isFalse();
    assertThat(done.path("requestReceivedTimestamp").asText()).matches(MICRO_TIME);
    assertThat(done.path("stageTimestamp").asText()).matches(MICRO_TIME);
    assertThat(done.path("userAgent").asText()).startsWith("grpc-java");
    assertThat(Files.getPosixFilePermissions(log)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  }

  @Test
  void requestResponseLevelLogsTheRequestAndTheResponseObject() throws IOException {
    api.client.resource(ConfigMap.class).create(ConfigMap.newBuilder()
        .setMetadata(ObjectMeta.newBuilder().setNamespace("default").setName("settings")).putData("colour", "blue").build());
    api.client.resource(ConfigMap.class).get("default", "settings");

    JsonNode create = complete("create", "/api/v1/namespaces/default/configmaps");
    assertThat(create.path("level").asText()).isEqualTo("RequestResponse");
    assertThat(create.path("requestObject").path("kind").asText()).isEqualTo("ConfigMap");
    assertThat(create.path("requestObject").path("data").path("colour").asText()).isEqualTo("blue");
    assertThat(create.path("responseObject").path("metadata").path("resourceVersion").asText()).isNotEmpty();
    JsonNode get = complete("get", "/api/v1/namespaces/default/configmaps/settings");
    assertThat(get.has("requestObject")).as("a get has no body").isFalse();
    assertThat(get.path("responseObject").path("data").path("colour").asText()).isEqualTo("blue");
    assertThat(get.path("responseStatus").path("code").asInt()).isEqualTo(200);
  }

  @Test
  void refusalsCarryUpstreamsHttpCodeReasonAndMessage() throws IOException {
    assertThatThrownBy(() -> api.client.resource(Namespace.class).get("", "missing")).isInstanceOf(ApiException.class);
    assertThatThrownBy(() -> api.client.resource(ConfigMap.class).create(ConfigMap.newBuilder()
        .setMetadata(ObjectMeta.newBuilder().setNamespace("default").setName("Not_A_Name")).build())).isInstanceOf(ApiException.class);

    JsonNode notFound = complete("get", "/api/v1/namespaces/missing").path("responseStatus");
    assertThat(notFound.path("code").asInt()).isEqualTo(404);
    assertThat(notFound.path("status").asText()).isEqualTo("Failure");
    assertThat(notFound.path("reason").asText()).isEqualTo("NotFound");
    assertThat(notFound.path("message").asText()).isEqualTo("namespaces \"missing\" not found");
    JsonNode invalid = events("create", "/api/v1/namespaces/default/configmaps").stream()
        .filter(e -> e.path("objectRef").path("name").asText().equals("Not_A_Name") && e.path("stage").asText().equals("ResponseComplete"))
        .findFirst().orElseThrow();
    assertThat(invalid.path("responseStatus").path("code").asInt()).isEqualTo(422);
    assertThat(invalid.path("responseStatus").path("reason").asText()).isEqualTo("Invalid");
  }

  @Test
  void aWatchIsLoggedWhenItStartsAnsweringAndWhenItEnds() throws IOException {
    Watch watch = api.client.resource(Namespace.class).watch(ListOptions.all(), "", new WatchListener<>() {
      public void onEvent(WatchEvent<Namespace> event) {}

      public void onClose(ApiException error) {}
    });
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> stages("watch").contains("ResponseStarted"));
    watch.close();
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> stages("watch").contains("ResponseComplete"));
    JsonNode done = events("watch", null).stream().filter(e -> e.path("stage").asText().equals("ResponseComplete")).findFirst().orElseThrow();
    assertThat(done.path("requestURI").asText()).startsWith("/api/v1/namespaces?").contains("watch=true");
    assertThat(done.path("responseStatus").path("code").asInt()).isEqualTo(200);
    assertThat(done.has("responseObject")).as("a stream logs no response object").isFalse();
  }

  @Test
  void aRuleAtLevelNoneKeepsCallsOutOfTheLog() throws IOException {
    api.client.resource(Lease.class).create(Lease.newBuilder().setMetadata(ObjectMeta.newBuilder().setNamespace("default").setName("quiet")).build());
    api.client.resource(Namespace.class).get("", "default");
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !events("get", "/api/v1/namespaces/default").isEmpty());
    assertThat(lines()).noneMatch(l -> l.contains("leases"));
  }

  private static List<String> stages(String verb) {
    return events(verb, null).stream().map(e -> e.path("stage").asText()).toList();
  }

  private static JsonNode complete(String verb, String uri) {
    return events(verb, uri).stream().filter(e -> e.path("stage").asText().equals("ResponseComplete")).reduce((a, b) -> b).orElseThrow();
  }

  private static List<JsonNode> events(String verb, String uri) {
    return lines().stream().map(AuditLogTest::parse)
        .filter(e -> e.path("verb").asText().equals(verb) && (uri == null || e.path("requestURI").asText().equals(uri))).toList();
  }

  private static List<String> lines() {
    try {
      return Files.readAllLines(log);
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
