package io.kava.apiserver.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kava.apiserver.auth.UserInfo;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;

/**
 * An audit event as one line of upstream's JSON (--audit-log-format=json): the fields of audit.k8s.io/v1
 * Event in upstream's order, empty ones left out as Go's omitempty leaves them, timestamps as MicroTime
 * (2026-12-02T01:02:03.456789Z).
 */
public final class AuditEventJson {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter MICRO_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private AuditEventJson() {}

  public static String line(AuditEvent e) {
    try {
      return JSON.writeValueAsString(tree(e));
    } catch (JsonProcessingException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  public static ObjectNode tree(AuditEvent e) {
    ObjectNode o = JSON.createObjectNode();
    o.put("kind", "Event");
    o.put("apiVersion", "audit.k8s.io/v1");
    o.put("level", e.level().name());
    o.put("auditID", e.auditId());
    o.put("stage", e.stage().name());
    o.put("requestURI", e.requestUri());
    o.put("verb", e.verb());
    user(o.putObject("user"), e.user().orElse(null));
    e.impersonatedUser().ifPresent(u -> user(o.putObject("impersonatedUser"), u));
    if (!e.sourceIps().isEmpty()) {
      e.sourceIps().forEach(o.putArray("sourceIPs")::add);
    }
    putIfSet(o, "userAgent", e.userAgent());
    e.objectRef().ifPresent(r -> {
      ObjectNode ref = o.putObject("objectRef");
      putIfSet(ref, "resource", r.resource());
      putIfSet(ref, "namespace", r.namespace());
      putIfSet(ref, "name", r.name());
      putIfSet(ref, "apiGroup", r.apiGroup());
      putIfSet(ref, "apiVersion", r.apiVersion());
      putIfSet(ref, "subresource", r.subresource());
    });
    e.responseStatus().ifPresent(s -> {
      ObjectNode status = o.putObject("responseStatus");
      status.putObject("metadata");
      putIfSet(status, "status", s.status());
      putIfSet(status, "message", s.message());
      putIfSet(status, "reason", s.reason());
      status.put("code", s.code());
    });
    setIfPresent(o, "requestObject", e.requestMessage() == null ? null : AuditBodies.request(e.method(), e.requestMessage()));
    setIfPresent(o, "responseObject", e.responseMessage() == null ? null : AuditBodies.response(e.responseMessage()));
    o.put("requestReceivedTimestamp", microTime(e.requestReceivedTimestamp()));
    o.put("stageTimestamp", microTime(e.stageTimestamp()));
    if (!e.annotations().isEmpty()) {
      ObjectNode annotations = o.putObject("annotations");
      new TreeMap<>(e.annotations()).forEach(annotations::put);
    }
    return o;
  }

  public static String microTime(Instant t) {
    return MICRO_TIME.format(t);
  }

  private static void user(ObjectNode o, UserInfo u) {
    if (u == null) {
      return;
    }
    putIfSet(o, "username", u.name());
    putIfSet(o, "uid", u.uid());
    if (!u.groups().isEmpty()) {
      u.groups().forEach(o.putArray("groups")::add);
    }
    if (!u.extra().isEmpty()) {
      ObjectNode extra = o.putObject("extra");
      for (Map.Entry<String, java.util.List<String>> x : new TreeMap<>(u.extra()).entrySet()) {
        x.getValue().forEach(extra.putArray(x.getKey())::add);
      }
    }
  }

  private static void putIfSet(ObjectNode o, String field, String value) {
    if (value != null && !value.isEmpty()) {
      o.put(field, value);
    }
  }

  private static void setIfPresent(ObjectNode o, String field, JsonNode value) {
    if (value != null) {
      o.set(field, value);
    }
  }
}
