package io.kava.client;

import com.google.protobuf.Message;
import java.util.List;

/**
 * One API kind as the server and the CLI know it: its name, API group and version, the plural resource
 * name used in storage keys and requests, kubectl's short names, and the protobuf message that holds it.
 */
public record Kind(
    String kind,
    String group,
    String version,
    String resource,
    List<String> shortNames,
    boolean namespaced,
    Message defaultInstance) {

  /** "v1" for the core group, "apps/v1" for the others, as written in manifests. */
  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** "deployments.apps", "pods": the name kubectl prints in messages. */
  public String qualifiedResource() {
    return group.isEmpty() ? resource : resource + "." + group;
  }

  /** A fresh builder of this kind's message with apiVersion and kind filled in. */
  public Message.Builder newBuilder() {
    Message.Builder builder = defaultInstance.newBuilderForType();
    builder.setField(builder.getDescriptorForType().findFieldByName("api_version"), apiVersion());
    builder.setField(builder.getDescriptorForType().findFieldByName("kind"), kind);
    return builder;
  }

  public String typeUrl() {
    return "type.googleapis.com/" + defaultInstance.getDescriptorForType().getFullName();
  }
}
