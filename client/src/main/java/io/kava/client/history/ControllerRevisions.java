package io.kava.client.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.kava.api.apps.v1.ControllerRevision;
import io.kava.api.core.v1.PodTemplateSpec;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.api.meta.v1.RawExtension;
import io.kava.client.codec.Manifests;
import java.util.Comparator;
import java.util.List;

/**
 * What a ControllerRevision of a StatefulSet or DaemonSet holds (upstream controller/history and the
 * controllers' getPatch): the pod template as the strategic merge patch
 * {@code {"spec":{"template":{...,"$patch":"replace"}}}}, the name {@code <owner>-<hash>} and the hash label.
 * Shared by the controllers that write revisions and kavactl that reads them back.
 */
public final class ControllerRevisions {
  /** The hash of the revision's template (upstream ControllerRevisionHashLabel). */
  public static final String HASH_LABEL = "controller.kubernetes.io/hash";
  /** Upstream: revision names keep at most this much of the owner's name, leaving room for the hash. */
  private static final int MAX_PREFIX = 223;
  private static final String PATCH_DIRECTIVE = "$patch";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Upstream SortControllerRevisions: by revision, then by creation time and name. */
  public static final Comparator<ControllerRevision> BY_REVISION = Comparator
      .comparingLong(ControllerRevision::getRevision)
      .thenComparing(r -> r.getMetadata().getCreationTimestamp())
      .thenComparing(r -> r.getMetadata().getName());

  private ControllerRevisions() {}

  /** {@code <owner>-<hash>}, the owner's name cut to 223 characters as upstream's ControllerRevisionName. */
  public static String name(String owner, String hash) {
    String prefix = owner.length() > MAX_PREFIX ? owner.substring(0, MAX_PREFIX) : owner;
    return prefix + "-" + hash;
  }

  /** The template as the patch a rollback applies: it replaces the whole spec.template. */
  public static RawExtension data(PodTemplateSpec template) {
    ObjectNode t = Manifests.toTreeOfMessage(template);
    t.put(PATCH_DIRECTIVE, "replace");
    ObjectNode spec = JSON.createObjectNode();
    spec.set("template", t);
    ObjectNode root = JSON.createObjectNode();
    root.set("spec", spec);
    try {
      return RawExtension.newBuilder().setRaw(ByteString.copyFromUtf8(JSON.writeValueAsString(root))).build();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Could not write a template as JSON", e);
    }
  }

  /**
   * The pod template the revision restores.
   *
   * @throws IllegalArgumentException when the data is not such a patch ("unable to parse history NAME")
   */
  public static PodTemplateSpec template(ControllerRevision revision) {
    String failure = "unable to parse history " + revision.getMetadata().getName();
    JsonNode template;
    try {
      template = JSON.readTree(revision.getData().getRaw().toStringUtf8()).path("spec").path("template");
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(failure, e);
    }
    if (!template.isObject()) {
      throw new IllegalArgumentException(failure);
    }
    ObjectNode copy = ((ObjectNode) template).deepCopy();
    copy.remove(PATCH_DIRECTIVE);
    try {
      return Manifests.fromTreeOfMessage(copy, PodTemplateSpec.getDefaultInstance());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(failure, e);
    }
  }

  /** Whether the revision's template is this one (upstream compares the patches; the templates say the same). */
  public static boolean holds(ControllerRevision revision, PodTemplateSpec template) {
    try {
      return template(revision).equals(template);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The revisions whose controller is this owner (by uid), oldest revision first. */
  public static List<ControllerRevision> ownedBy(ObjectMeta owner, List<ControllerRevision> revisions) {
    return revisions.stream()
        .filter(r -> r.getMetadata().getOwnerReferencesList().stream()
            .anyMatch(ref -> ref.getController() && ref.getUid().equals(owner.getUid())))
        .sorted(BY_REVISION).toList();
  }
}
