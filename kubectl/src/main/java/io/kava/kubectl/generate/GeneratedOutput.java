package io.kava.kubectl.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Message;
import io.kava.client.Kinds;
import io.kava.client.codec.Manifests;
import io.kava.kubectl.CliException;
import io.kava.kubectl.resource.ObjectNames;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * How `expose` and `create service` print what they made: `service/x exposed`, or the object with
 * -o yaml|json|name. A client dry run's object never reached a server, so its YAML is written as
 * kubectl writes such an object: keys sorted, `creationTimestamp: null`, `status: {loadBalancer: {}}`.
 */
public final class GeneratedOutput {
  private final String format;

  private GeneratedOutput(String format) {
    this.format = format;
  }

  public static GeneratedOutput parse(String format) {
    String f = format == null ? "" : format;
    if (!List.of("", "yaml", "json", "name").contains(f)) {
      throw CliException.error("unable to match a printer suitable for the output format \"" + f
          + "\", allowed formats are: json,name,yaml");
    }
    return new GeneratedOutput(f);
  }

  public void print(Message object, String verb, DryRun dryRun, PrintStream out) {
    print(object, verb, dryRun, true, out);
  }

  /** An object read from the server and changed (label, patch): with a client dry run it is no generated one. */
  public void printChanged(Message object, String verb, DryRun dryRun, PrintStream out) {
    print(object, verb, dryRun, false, out);
  }

  private void print(Message object, String verb, DryRun given, boolean generated, PrintStream out) {
    DryRun dryRun = generated || given != DryRun.CLIENT ? given : DryRun.NONE;
    switch (format) {
      case "yaml" -> out.print(Manifests.writeYaml(dryRun == DryRun.CLIENT ? sorted(tree(object, dryRun)) : tree(object, dryRun)));
      case "json" -> out.print(Manifests.writePrettyJson(tree(object, dryRun)));
      case "name" -> out.println(ObjectNames.slashed(object));
      default -> out.println(ObjectNames.slashed(object) + " " + verb + given.suffix());
    }
    out.flush();
  }

  private static JsonNode tree(Message object, DryRun dryRun) {
    ObjectNode tree = Manifests.toTree(object);
    if (dryRun != DryRun.CLIENT) {
      return tree;
    }
    ObjectNode meta = tree.has("metadata") ? (ObjectNode) tree.get("metadata") : tree.putObject("metadata");
    if (!meta.has("creationTimestamp")) {
      meta.putNull("creationTimestamp");
    }
    ClientDryRunFields.fill(Kinds.of(object), tree);
    return tree;
  }

  /** The tree with every object's keys in order, as Go's YAML writer of a JSON map has them. */
  static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      names.sort(null);
      names.forEach(n -> copy.set(n, sorted(node.get(n))));
      return copy;
    }
    if (node.isArray()) {
      var copy = JsonNodeFactory.instance.arrayNode();
      node.forEach(item -> copy.add(sorted(item)));
      return copy;
    }
    return node;
  }
}
