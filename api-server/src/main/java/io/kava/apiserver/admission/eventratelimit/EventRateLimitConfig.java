package io.kava.apiserver.admission.eventratelimit;

import com.fasterxml.jackson.databind.JsonNode;
import io.kava.apiserver.admission.config.AdmissionConfigException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Upstream's EventRateLimit Configuration (eventratelimit.admission.k8s.io/v1alpha1), read from its
 * entry in the --admission-control-config-file and checked as upstream's ValidateConfiguration: at
 * least one limit; type one of Server, Namespace, User, SourceAndObject; qps and burst positive;
 * cacheSize not negative. Unknown fields are ignored, as upstream's decoder does.
 */
public record EventRateLimitConfig(List<Limit> limits) {
  public static final String API_VERSION = "eventratelimit.admission.k8s.io/v1alpha1";
  public static final String KIND = "Configuration";

  public EventRateLimitConfig {
    limits = List.copyOf(limits);
  }

  /** The configuration object; every error found, each with its field path, in one AdmissionConfigException. */
  public static EventRateLimitConfig parse(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw new AdmissionConfigException("expected a " + KIND + " object (" + API_VERSION + ")");
    }
    String apiVersion = root.path("apiVersion").asText("");
    String kind = root.path("kind").asText("");
    if (!apiVersion.equals(API_VERSION)) {
      throw new AdmissionConfigException("apiVersion: Invalid value: \"" + apiVersion + "\": expected " + API_VERSION);
    }
    if (!kind.equals(KIND)) {
      throw new AdmissionConfigException("kind: Invalid value: \"" + kind + "\": expected " + KIND);
    }
    JsonNode list = root.path("limits");
    List<String> errors = new ArrayList<>();
    List<Limit> limits = new ArrayList<>();
    if (!list.isMissingNode() && !list.isNull() && !list.isArray()) {
      throw new AdmissionConfigException("limits: Invalid value: must be a list");
    }
    if (list.size() == 0) {
      errors.add("limits: Invalid value: []: must not be empty");
    }
    for (int i = 0; i < list.size(); i++) {
      limit(list.get(i), "limits[" + i + "]", errors, limits);
    }
    if (!errors.isEmpty()) {
      throw new AdmissionConfigException(String.join("; ", errors));
    }
    return new EventRateLimitConfig(limits);
  }

  private static void limit(JsonNode node, String path, List<String> errors, List<Limit> out) {
    if (!node.isObject()) {
      errors.add(path + ": Invalid value: must be an object with type, qps and burst");
      return;
    }
    String typeName = node.path("type").asText("");
    LimitType type = LimitType.of(typeName).orElse(null);
    if (type == null) {
      errors.add(path + ".type: Unsupported value: \"" + typeName + "\": supported values: "
          + Arrays.stream(LimitType.values()).map(t -> "\"" + t.value() + "\"").collect(Collectors.joining(", ")));
    }
    Integer qps = int32(node.path("qps"), path + ".qps", errors);
    Integer burst = int32(node.path("burst"), path + ".burst", errors);
    Integer cacheSize = int32(node.path("cacheSize"), path + ".cacheSize", errors);
    if (qps != null && qps <= 0) {
      errors.add(path + ".qps: Invalid value: " + qps + ": must be positive");
    }
    if (burst != null && burst <= 0) {
      errors.add(path + ".burst: Invalid value: " + burst + ": must be positive");
    }
    if (type != LimitType.SERVER && cacheSize != null && cacheSize < 0) {
      errors.add(path + ".cacheSize: Invalid value: " + cacheSize + ": must not be negative");
    }
    if (type != null && qps != null && qps > 0 && burst != null && burst > 0 && cacheSize != null
        && (type == LimitType.SERVER || cacheSize >= 0)) {
      out.add(new Limit(type, qps, burst, Math.max(cacheSize, 0)));
    }
  }

  /** An int32 field (upstream's types): absent is 0; anything but a whole number in range is an error (null). */
  private static Integer int32(JsonNode value, String path, List<String> errors) {
    if (value.isMissingNode() || value.isNull()) {
      return 0;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      errors.add(path + ": Invalid value: " + value + ": must be a whole number (int32)");
      return null;
    }
    return value.intValue();
  }
}
