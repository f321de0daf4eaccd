package io.kava.client.patch;

import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.Map;
import java.util.Optional;

/**
 * Upstream's `patchStrategy:"merge"` struct tags: the lists that merge element by element, and the field
 * each merges on (its `patchMergeKey`). A list not named here is replaced whole (tolerations, args,
 * command, envFrom, ...), as upstream. Strategic merge patch and kubectl apply's three-way merge both
 * read it.
 */
public final class MergeKeys {
  /** A list of scalars merged as a set (ObjectMeta.finalizers). */
  private static final String SET = "";

  /** By "containing message.list field" (proto names) to the merge key's proto field name. */
  private static final Map<String, String> KEYS = Map.ofEntries(
      Map.entry("kava.core.v1.PodSpec.containers", "name"),
      Map.entry("kava.core.v1.PodSpec.init_containers", "name"),
      Map.entry("kava.core.v1.PodSpec.ephemeral_containers", "name"),
      Map.entry("kava.core.v1.PodSpec.volumes", "name"),
      Map.entry("kava.core.v1.PodSpec.image_pull_secrets", "name"),
      Map.entry("kava.core.v1.PodSpec.host_aliases", "ip"),
      Map.entry("kava.core.v1.PodSpec.topology_spread_constraints", "topology_key"),
      Map.entry("kava.core.v1.Container.ports", "container_port"),
      Map.entry("kava.core.v1.Container.env", "name"),
      Map.entry("kava.core.v1.Container.volume_mounts", "mount_path"),
      Map.entry("kava.core.v1.Container.volume_devices", "device_path"),
      Map.entry("kava.core.v1.PodStatus.conditions", "type"),
      Map.entry("kava.core.v1.PodStatus.pod_ips", "ip"),
      Map.entry("kava.core.v1.PodStatus.host_ips", "ip"),
      Map.entry("kava.core.v1.NodeStatus.conditions", "type"),
      Map.entry("kava.core.v1.NodeStatus.addresses", "type"),
      Map.entry("kava.core.v1.ServiceSpec.ports", "port"),
      Map.entry("kava.apps.v1.DeploymentStatus.conditions", "type"),
      Map.entry("kava.apps.v1.ReplicaSetStatus.conditions", "type"),
      Map.entry("kava.batch.v1.JobStatus.conditions", "type"),
      Map.entry("kava.meta.v1.ObjectMeta.owner_references", "uid"),
      Map.entry("kava.meta.v1.ObjectMeta.finalizers", SET));

  private MergeKeys() {}

  /** The merge strategy of a list field, or empty if the list is replaced whole. */
  public static Optional<Strategy> of(FieldDescriptor list) {
    if (list == null || !list.isRepeated() || list.isMapField()) {
      return Optional.empty();
    }
    String key = KEYS.get(list.getContainingType().getFullName() + "." + list.getName());
    if (key == null) {
      return Optional.empty();
    }
    if (key.equals(SET)) {
      return Optional.of(new Strategy(null));
    }
    return Optional.of(new Strategy(list.getMessageType().findFieldByName(key)));
  }

  /**
   * How one list merges: on the element field {@code key}, or (key null) as a set of scalars.
   */
  public record Strategy(FieldDescriptor key) {
    public boolean scalars() {
      return key == null;
    }

    /** The merge key's name in JSON ("containerPort"). */
    public String jsonKey() {
      return key.getJsonName();
    }
  }
}
