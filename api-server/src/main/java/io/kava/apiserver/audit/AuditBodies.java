package io.kava.apiserver.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.google.protobuf.Any;
import com.google.protobuf.Message;
import com.google.protobuf.MessageLite;
import io.kava.api.v1.BindRequest;
import io.kava.api.v1.CreateRequest;
import io.kava.api.v1.CreateTokenRequest;
import io.kava.api.v1.DeleteRequest;
import io.kava.api.v1.EvictRequest;
import io.kava.api.v1.ListResponse;
import io.kava.api.v1.ObjectResponse;
import io.kava.api.v1.PatchRequest;
import io.kava.api.v1.UpdateRequest;
import io.kava.api.v1.UpdateScaleRequest;
import io.kava.apiserver.registry.Codec;
import io.kava.client.ApiObjects;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import io.kava.client.codec.Manifests;
import java.io.IOException;

/**
 * The requestObject and responseObject of an audit event: what upstream's REST body would have been, as
 * JSON in Kubernetes' shape. The object of a create or update, the patch, DeleteOptions, Binding,
 * Eviction, Scale, TokenRequest, access reviews; the response's object or list. Calls without a body
 * (get, list, watch, streams) have no requestObject; streams have no responseObject. A message over the
 * 3 MiB object limit is left out (it is refused anyway), as is one that does not decode.
 */
public final class AuditBodies {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private AuditBodies() {}

  /** The request body, or null when the call has none. */
  public static JsonNode request(String method, Object request) {
    if (!(request instanceof MessageLite m) || m.getSerializedSize() > Codec.MAX_OBJECT_BYTES) {
      return null;
    }
    try {
      return switch (method) {
        case "Create" -> object(((CreateRequest) request).getObject());
        case "Update", "UpdateStatus", "UpdateApproval" -> object(((UpdateRequest) request).getObject());
        case "Patch" -> patch(((PatchRequest) request).getData());
        case "Delete" -> deleteOptions((DeleteRequest) request);
        case "Bind" -> binding((BindRequest) request);
        case "Evict" -> eviction((EvictRequest) request);
        case "UpdateScale" -> tree(((UpdateScaleRequest) request).getScale());
        case "CreateToken" -> tree(((CreateTokenRequest) request).getTokenRequest());
        case "CreateSelfSubjectAccessReview", "CreateSubjectAccessReview", "CreateSelfSubjectRulesReview",
            "CreateSelfSubjectReview" -> tree((Message) request);
        default -> null;
      };
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The response body of a call with one response message, or null. */
  public static JsonNode response(Object response) {
    try {
      if (response instanceof ObjectResponse r) {
        return object(r.getObject());
      }
      if (response instanceof ListResponse r) {
        return list(r);
      }
      return response instanceof Message m ? tree(m) : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static JsonNode object(Any any) {
    return Manifests.toTree(ApiObjects.unpack(any));
  }

  /** An API kind in its manifest shape; any other message field by field. */
  private static JsonNode tree(Message message) {
    try {
      return Manifests.toTree(message);
    } catch (IllegalArgumentException notAKind) {
      return Manifests.toTreeOfMessage(message);
    }
  }

  private static JsonNode list(ListResponse r) {
    ObjectNode list = NODES.objectNode();
    Kind kind = r.getItemsCount() == 0 ? null : Kinds.byTypeUrl(r.getItems(0).getTypeUrl()).orElse(null);
    list.put("kind", kind == null ? "List" : kind.kind() + "List");
    list.put("apiVersion", kind == null ? "v1" : kind.apiVersion());
    list.putObject("metadata").put("resourceVersion", r.getResourceVersion());
    var items = list.putArray("items");
    r.getItemsList().forEach(i -> items.add(object(i)));
    return list;
  }

  /** The patch as sent: JSON (or YAML, which Kava also takes) as a tree, else its text. */
  private static JsonNode patch(String data) {
    try {
      JsonNode tree = YAML.readTree(data);
      return tree == null ? TextNode.valueOf(data) : tree;
    } catch (IOException e) {
      return TextNode.valueOf(data);
    }
  }

  private static JsonNode deleteOptions(DeleteRequest r) {
    ObjectNode o = typed("DeleteOptions", "v1");
    if (r.hasGracePeriodSeconds()) {
      o.put("gracePeriodSeconds", r.getGracePeriodSeconds());
    }
    if (!r.getPreconditionUid().isEmpty() || !r.getPreconditionResourceVersion().isEmpty()) {
      ObjectNode p = o.putObject("preconditions");
      if (!r.getPreconditionUid().isEmpty()) {
        p.put("uid", r.getPreconditionUid());
      }
      if (!r.getPreconditionResourceVersion().isEmpty()) {
        p.put("resourceVersion", r.getPreconditionResourceVersion());
      }
    }
    if (!r.getPropagationPolicy().isEmpty()) {
      o.put("propagationPolicy", r.getPropagationPolicy());
    }
    if (r.getDryRun()) {
      o.putArray("dryRun").add("All");
    }
    return o;
  }

  private static JsonNode binding(BindRequest r) {
    ObjectNode o = typed("Binding", "v1");
    o.putObject("metadata").put("name", r.getName()).put("namespace", r.getNamespace());
    o.putObject("target").put("kind", "Node").put("name", r.getNodeName());
    return o;
  }

  private static JsonNode eviction(EvictRequest r) {
    ObjectNode o = typed("Eviction", "policy/v1");
    o.putObject("metadata").put("name", r.getName()).put("namespace", r.getNamespace());
    if (r.hasDeleteOptions()) {
      o.set("deleteOptions", Manifests.toTreeOfMessage(r.getDeleteOptions()));
    }
    return o;
  }

  private static ObjectNode typed(String kind, String apiVersion) {
    ObjectNode o = NODES.objectNode();
    o.put("kind", kind);
    o.put("apiVersion", apiVersion);
    return o;
  }
}
