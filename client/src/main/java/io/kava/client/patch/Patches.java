package io.kava.client.patch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.google.protobuf.Message;
import io.kava.client.codec.Manifests;

/** Applies a patch of any {@link PatchType} to an object, through its JSON shape, as upstream's PATCH does. */
public final class Patches {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new YAMLMapper();

  private Patches() {}

  /** The patch text as a tree: JSON, or YAML as kubectl also takes (`-p` and `--patch-file`). */
  public static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException json) {
      try {
        JsonNode node = YAML.readTree(text);
        if (node != null && (node.isObject() || node.isArray())) {
          return node;
        }
      } catch (JsonProcessingException ignored) {
        // report the JSON error: that is the format the user most likely meant
      }
      throw new PatchException("unable to parse \"" + text.strip() + "\": " + json.getOriginalMessage());
    }
  }

  /** The document with the patch applied (the document is not changed). */
  public static JsonNode apply(JsonNode document, PatchType type, JsonNode patch, Message schema) {
    return switch (type) {
      case STRATEGIC -> StrategicMergePatch.apply(document, patch, schema.getDescriptorForType());
      case MERGE -> {
        if (!patch.isObject()) {
          throw new PatchException("a JSON merge patch must be a JSON object");
        }
        yield JsonMergePatch.apply(document, patch);
      }
      case JSON -> JsonPatch.apply(document, patch);
    };
  }

  /**
   * The object with the patch applied, decoded again.
   *
   * @throws PatchException if the patch does not apply
   * @throws io.kava.client.codec.ManifestException if the result is no valid object (unknown field, wrong type)
   */
  public static Message apply(Message object, PatchType type, String patch) {
    JsonNode patched = apply(Manifests.toTree(object), type, parse(patch), object);
    return Manifests.fromTree(patched, "patch");
  }
}
