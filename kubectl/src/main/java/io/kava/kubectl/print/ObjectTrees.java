package io.kava.kubectl.print;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Message;
import io.kava.client.codec.Manifests;
import java.util.List;

/** The JSON a template sees: one object as it is, several as kubectl's `kind: List` holding them. */
public final class ObjectTrees {
  private ObjectTrees() {}

  public static JsonNode list(List<? extends Message> objects) {
    ObjectNode list = JsonNodeFactory.instance.objectNode();
    list.put("apiVersion", "v1");
    var items = list.putArray("items");
    objects.forEach(o -> items.add(Manifests.toTree(o)));
    list.put("kind", "List");
    list.putObject("metadata").put("resourceVersion", "");
    return list;
  }

  public static JsonNode of(Message object) {
    return Manifests.toTree(object);
  }
}
