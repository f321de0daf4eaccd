package io.kava.apiserver.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BufferedBackendTest {
  static AuditEvent event(String id) {
    Instant t = Instant.parse("2026-12-02T01:02:03.456789Z");
    return new AuditEvent(AuditLevel.Metadata, id, AuditStage.ResponseComplete, "/version", "get", Optional.empty(),
        Optional.empty(), List.of(), "", Optional.empty(), Optional.of(AuditEvent.ResponseStatus.success(200)), "Version",
        null, null, t, t, Map.of());
  }

  @Test
  void aFullQueueDropsAndCountsEventsInsteadOfWaiting() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BufferedBackend backend = new BufferedBackend(new LogBackend(LogBackend.Sink.of(out)), 2);
    for (int i = 0; i < 5; i++) {
      backend.process(event("e" + i));
    }
    assertThat(backend.dropped()).isEqualTo(3);
    backend.start().close();
    assertThat(out.toString(StandardCharsets.UTF_8).lines()).hasSize(2).allMatch(l -> l.contains("\"auditID\":\"e0\"")
        || l.contains("\"auditID\":\"e1\""));
  }

  @Test
  void theWriterWritesEveryQueuedEventBeforeClosing() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BufferedBackend backend = new BufferedBackend(new LogBackend(LogBackend.Sink.of(out)), 100).start();
    for (int i = 0; i < 50; i++) {
      backend.process(event("e" + i));
    }
    backend.close();
    assertThat(out.toString(StandardCharsets.UTF_8).lines()).hasSize(50);
    assertThat(backend.dropped()).isZero();
    backend.process(event("late"));
    assertThat(backend.dropped()).as("a closed log takes nothing").isEqualTo(1);
  }

  @Test
  void anEventIsOneLineOfUpstreamsJsonInUpstreamsFieldOrder() {
    Instant t = Instant.parse("2026-12-02T01:02:03.456789Z");
    AuditEvent e = new AuditEvent(AuditLevel.Metadata, "id-1", AuditStage.ResponseComplete,
        "/apis/apps/v1/namespaces/ns/deployments/d/scale", "update",
        Optional.of(io.kava.apiserver.auth.UserInfo.of("alice", "dev")), Optional.of(io.kava.apiserver.auth.UserInfo.of("bob")),
        List.of("127.0.0.1"), "kavactl", Optional.of(new AuditEvent.ObjectRef("deployments", "ns", "d", "apps", "v1", "scale")),
        Optional.of(new AuditEvent.ResponseStatus(409, "Failure", "Conflict", "stale")), "UpdateScale", null, null, t,
        t.plusMillis(1), Map.of("authorization.k8s.io/decision", "allow"));
    assertThat(AuditEventJson.line(e)).isEqualTo("{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"level\":\"Metadata\","
        + "\"auditID\":\"id-1\",\"stage\":\"ResponseComplete\",\"requestURI\":\"/apis/apps/v1/namespaces/ns/deployments/d/scale\","
        + "\"verb\":\"update\",\"user\":{\"username\":\"alice\",\"groups\":[\"dev\"]},\"impersonatedUser\":{\"username\":\"bob\"},"
        + "\"sourceIPs\":[\"127.0.0.1\"],\"userAgent\":\"kavactl\",\"objectRef\":{\"resource\":\"deployments\",\"namespace\":\"ns\","
        + "\"name\":\"d\",\"apiGroup\":\"apps\",\"apiVersion\":\"v1\",\"subresource\":\"scale\"},\"responseStatus\":{\"metadata\":{},"
        + "\"status\":\"Failure\",\"message\":\"stale\",\"reason\":\"Conflict\",\"code\":409},"
        + "\"requestReceivedTimestamp\":\"2026-12-02T01:02:03.456789Z\",\"stageTimestamp\":\"2026-12-02T01:02:03.457789Z\","
        + "\"annotations\":{\"authorization.k8s.io/decision\":\"allow\"}}");
  }

  @Test
  void grpcStatusesBecomeUpstreamsHttpCodes() {
    assertThat(HttpStatus.of(io.grpc.Status.OK, null, "create").code()).isEqualTo(201);
    assertThat(HttpStatus.of(io.grpc.Status.OK, null, "delete").code()).isEqualTo(200);
    assertThat(HttpStatus.of(io.grpc.Status.UNAUTHENTICATED.withDescription("no"), null, "list"))
        .isEqualTo(new AuditEvent.ResponseStatus(401, "Failure", "Unauthorized", "no"));
    assertThat(HttpStatus.of(io.grpc.Status.RESOURCE_EXHAUSTED, io.kava.api.v1.Status.newBuilder()
        .setReason("RequestEntityTooLarge").setMessage("Request entity too large: limit is 3145728").build(), "create").code())
        .isEqualTo(413);
    assertThat(HttpStatus.of(io.grpc.Status.FAILED_PRECONDITION, io.kava.api.v1.Status.newBuilder().setReason("Forbidden").build(),
        "create").code()).as("a namespace being deleted").isEqualTo(403);
    assertThat(HttpStatus.of(io.grpc.Status.OUT_OF_RANGE, io.kava.api.v1.Status.newBuilder().setReason("Expired").build(), "watch")
        .code()).isEqualTo(410);
  }
}
