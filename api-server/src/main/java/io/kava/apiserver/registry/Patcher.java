package io.kava.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Message;
import io.kava.apiserver.errors.ApiError;
import io.kava.client.ApiObjects;
import io.kava.client.Kind;
import io.kava.client.codec.ManifestException;
import io.kava.client.codec.Manifests;
import io.kava.client.patch.PatchException;
import io.kava.client.patch.PatchType;
import io.kava.client.patch.Patches;

/**
 * Upstream's PATCH: the patch applies to the stored object's JSON, and the result takes the update path
 * (defaulting, validation, admission, compare-and-swap on the revision the patch was applied to). A
 * conflict means someone wrote in between: the patch is applied again to the newer object, unless the
 * patch itself names a resourceVersion (then it is the caller's precondition and the conflict stands).
 */
public final class Patcher {
  private static final int CONFLICT_ATTEMPTS = 21;

  private final Registry registry;

  public Patcher(Registry registry) {
    this.registry = registry;
  }

  public Message patch(Kind kind, String namespace, String name, String typeName, String data, boolean dryRun) {
    PatchType type = type(typeName);
    JsonNode patch;
    try {
      patch = Patches.parse(data);
    } catch (PatchException e) {
      throw ApiError.badRequest(e.getMessage());
    }
    return GuaranteedUpdate.run(() -> registry.get(kind, namespace, name),
        current -> patched(kind, namespace, name, current, type, patch),
        object -> registry.update(object, dryRun), CONFLICT_ATTEMPTS);
  }

  /** The patch applied to one read of the object; retried on a conflict unless it pins a resourceVersion. */
  private static GuaranteedUpdate.Attempt patched(Kind kind, String namespace, String name, Message current,
      PatchType type, JsonNode patch) {
    String revision = ApiObjects.meta(current).getResourceVersion();
    JsonNode patched;
    try {
      patched = Patches.apply(Manifests.toTree(current), type, patch, current);
    } catch (PatchException e) {
      throw ApiError.badRequest(e.getMessage());
    }
    if (!patched.isObject() || !patched.path("metadata").isObject()) {
      throw ApiError.badRequest("the patched " + kind.kind() + " \"" + name + "\" has no metadata");
    }
    ObjectNode meta = (ObjectNode) patched.get("metadata");
    String pinned = meta.path("resourceVersion").asText("");
    boolean pinnedByPatch = !pinned.isEmpty() && !pinned.equals(revision);
    if (!pinnedByPatch) {
      meta.put("resourceVersion", revision);
    }
    Message object = decode(patched);
    checkIdentity(kind, namespace, name, current, object);
    return new GuaranteedUpdate.Attempt(object, !pinnedByPatch);
  }

  private static PatchType type(String name) {
    if (name == null || name.isBlank()) {
      return PatchType.STRATEGIC;
    }
    try {
      return PatchType.parse(name);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("unsupported patch type \"" + name + "\": " + e.getMessage());
    }
  }

  private static Message decode(JsonNode patched) {
    try {
      return Manifests.fromTree(patched, "patch");
    } catch (ManifestException e) {
      throw ApiError.badRequest(e.getMessage());
    }
  }

  /** A patch changes an object, never which object it is (upstream: "does not match the name on the URL"). */
  private static void checkIdentity(Kind kind, String namespace, String name, Message current, Message patched) {
    if (!patched.getDescriptorForType().equals(current.getDescriptorForType())) {
      throw ApiError.badRequest("a patch cannot change the kind of " + kind.kind() + " \"" + name + "\"");
    }
    String patchedName = ApiObjects.meta(patched).getName();
    if (!patchedName.equals(name)) {
      throw ApiError.badRequest("the name of the object (" + patchedName + ") does not match the name on the URL ("
          + name + ")");
    }
    String patchedNamespace = ApiObjects.meta(patched).getNamespace();
    if (kind.namespaced() && !patchedNamespace.equals(ApiObjects.meta(current).getNamespace())) {
      throw ApiError.badRequest("the namespace of the object (" + patchedNamespace
          + ") does not match the namespace on the URL (" + namespace + ")");
    }
  }
}
