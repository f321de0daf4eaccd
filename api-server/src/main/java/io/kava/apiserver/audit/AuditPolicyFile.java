package io.kava.apiserver.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Reads upstream's audit Policy file (audit.k8s.io/v1, --audit-policy-file); errors name the field. */
public final class AuditPolicyFile {
  private AuditPolicyFile() {}

  /** Thrown for an unusable policy file; the message names the file and the field. */
  public static final class PolicyException extends RuntimeException {
    public PolicyException(String message) {
      super(message, null, false, false);
    }
  }

  public static AuditPolicy load(Path file) {
    try {
      return parse(Files.readString(file));
    } catch (IOException e) {
      throw new PolicyException("--audit-policy-file " + file + ": cannot be read: " + e.getMessage());
    } catch (PolicyException e) {
      throw new PolicyException("--audit-policy-file " + file + ": " + e.getMessage());
    }
  }

  public static AuditPolicy parse(String yaml) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
    } catch (IOException e) {
      throw new PolicyException("not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (root == null || !root.path("kind").asText("").equals("Policy")) {
      throw new PolicyException("kind: Invalid value: expected Policy");
    }
    String apiVersion = root.path("apiVersion").asText("");
    if (!apiVersion.equals("audit.k8s.io/v1")) {
      throw new PolicyException("apiVersion: Invalid value: \"" + apiVersion + "\": expected audit.k8s.io/v1");
    }
    JsonNode rules = root.path("rules");
    if (!rules.isArray() || rules.isEmpty()) {
      throw new PolicyException("rules: Required value: a policy needs at least one rule");
    }
    List<AuditPolicy.Rule> out = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      out.add(rule(rules.get(i), "rules[" + i + "]"));
    }
    return new AuditPolicy(out, stages(root.path("omitStages"), "omitStages"));
  }

  private static AuditPolicy.Rule rule(JsonNode rule, String path) {
    String levelName = rule.path("level").asText("");
    AuditLevel level;
    try {
      level = AuditLevel.valueOf(levelName);
    } catch (IllegalArgumentException e) {
      throw new PolicyException(path + ".level: Unsupported value: \"" + levelName
          + "\": supported values: \"None\", \"Metadata\", \"Request\", \"RequestResponse\"");
    }
    List<AuditPolicy.GroupResources> resources = new ArrayList<>();
    JsonNode groups = rule.path("resources");
    for (int i = 0; i < groups.size(); i++) {
      JsonNode g = groups.get(i);
      resources.add(new AuditPolicy.GroupResources(g.path("group").asText(""), strings(g.path("resources")),
          strings(g.path("resourceNames"))));
    }
    List<String> nonResourceUrls = strings(rule.path("nonResourceURLs"));
    if (!nonResourceUrls.isEmpty() && (!resources.isEmpty() || rule.has("namespaces"))) {
      throw new PolicyException(path + ".nonResourceURLs: Invalid value: rules cannot apply to both regular resources and non-resource URLs");
    }
    return new AuditPolicy.Rule(level, strings(rule.path("users")), strings(rule.path("userGroups")),
        strings(rule.path("verbs")), resources, strings(rule.path("namespaces")), nonResourceUrls,
        stages(rule.path("omitStages"), path + ".omitStages"));
  }

  private static List<String> strings(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static Set<AuditStage> stages(JsonNode list, String path) {
    EnumSet<AuditStage> out = EnumSet.noneOf(AuditStage.class);
    for (int i = 0; i < list.size(); i++) {
      String name = list.get(i).asText();
      try {
        out.add(AuditStage.valueOf(name));
      } catch (IllegalArgumentException e) {
        throw new PolicyException(path + "[" + i + "]: Unsupported value: \"" + name
            + "\": supported values: \"RequestReceived\", \"ResponseStarted\", \"ResponseComplete\", \"Panic\"");
      }
    }
    return out;
  }
}
