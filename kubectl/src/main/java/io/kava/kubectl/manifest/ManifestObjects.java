package io.kava.kubectl.manifest;

import com.google.protobuf.Message;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.client.ApiObjects;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import io.kava.client.codec.ManifestException;
import io.kava.client.codec.Manifests;
import io.kava.kubectl.CliException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses every source before anything is written, so one bad document stops the whole command, and
 * places each object in its namespace: its own, else -n, else "default" (cluster-scoped kinds have none).
 */
public final class ManifestObjects {
  private ManifestObjects() {}

  /**
   * @param namespace the -n namespace or "default"
   * @param namespaceExplicit whether -n was given: a manifest's own namespace must then match it
   */
  public static List<Message> load(List<ManifestSource> sources, String namespace, boolean namespaceExplicit,
      String verb) {
    List<Message> objects = new ArrayList<>();
    for (ManifestSource source : sources) {
      List<Message> parsed;
      try {
        parsed = Manifests.parse(source.text(), source.name());
      } catch (ManifestException e) {
        throw CliException.error(e.getMessage());
      }
      for (Message object : parsed) {
        objects.add(placed(object, namespace, namespaceExplicit));
      }
    }
    if (objects.isEmpty()) {
      throw CliException.error("no objects passed to " + verb);
    }
    return objects;
  }

  static Message placed(Message object, String namespace, boolean namespaceExplicit) {
    Kind kind = Kinds.of(object);
    ObjectMeta meta = ApiObjects.meta(object);
    if (meta.getName().isEmpty() && meta.getGenerateName().isEmpty()) {
      throw CliException.error("error validating data: metadata.name not set in " + kind.kind());
    }
    if (!kind.namespaced()) {
      return meta.getNamespace().isEmpty() ? object : ApiObjects.withMeta(object, meta.toBuilder().clearNamespace().build());
    }
    if (meta.getNamespace().isEmpty()) {
      return ApiObjects.withMeta(object, meta.toBuilder().setNamespace(namespace).build());
    }
    if (namespaceExplicit && !meta.getNamespace().equals(namespace)) {
      throw CliException.error("the namespace from the provided object \"" + meta.getNamespace()
          + "\" does not match the namespace \"" + namespace + "\". You must pass '--namespace=" + meta.getNamespace()
          + "' to perform this operation.");
    }
    return object;
  }
}
