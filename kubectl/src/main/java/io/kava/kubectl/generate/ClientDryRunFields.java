package io.kava.kubectl.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kava.client.Kind;
import io.kava.client.Kinds;

/**
 * The empty structs kubectl's client dry run prints because Go's JSON writer keeps them
 * (`status: {}`, `resources: {}`, `strategy: {}`, a template's `creationTimestamp: null`, an aggregated
 * ClusterRole's `rules: null`), which
 * protobuf's JSON leaves out. Only the kinds kavactl generates.
 */
final class ClientDryRunFields {
  private ClientDryRunFields() {}

  static void fill(Kind kind, ObjectNode tree) {
    if (kind.equals(Kinds.SERVICE)) {
      ObjectNode status = object(tree, "status");
      if (!status.has("loadBalancer")) {
        status.putObject("loadBalancer");
      }
    } else if (kind.equals(Kinds.POD)) {
      object(tree, "status");
      containers(object(tree, "spec"));
    } else if (kind.equals(Kinds.CLUSTER_ROLE) && !tree.has("rules")) {
      // an aggregated ClusterRole: Go writes its nil rules
      tree.putNull("rules");
    } else if (kind.equals(Kinds.DEPLOYMENT)) {
      object(tree, "status");
      ObjectNode spec = object(tree, "spec");
      object(spec, "strategy");
      ObjectNode template = object(spec, "template");
      ObjectNode meta = object(template, "metadata");
      if (!meta.has("creationTimestamp")) {
        meta.putNull("creationTimestamp");
      }
      containers(object(template, "spec"));
    }
  }

  private static void containers(ObjectNode podSpec) {
    JsonNode containers = podSpec.get("containers");
    if (containers != null) {
      containers.forEach(c -> object((ObjectNode) c, "resources"));
    }
  }

  private static ObjectNode object(ObjectNode parent, String field) {
    return parent.has(field) ? (ObjectNode) parent.get(field) : parent.putObject(field);
  }
}
