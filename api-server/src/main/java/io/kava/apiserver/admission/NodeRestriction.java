package io.kava.apiserver.admission;

import io.grpc.Status;
import io.kava.api.authentication.v1.BoundObjectReference;
import io.kava.api.coordination.v1.Lease;
import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.PersistentVolumeClaim;
import io.kava.api.core.v1.PersistentVolumeClaimStatus;
import io.kava.api.core.v1.Pod;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.api.meta.v1.OwnerReference;
import io.kava.apiserver.auth.UserInfo;
import io.kava.apiserver.auth.node.NodeIdentity;
import io.kava.apiserver.auth.node.PodReferences;
import io.kava.apiserver.errors.ApiError;
import io.kava.apiserver.registry.ValidatingAdmission;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Upstream's NodeRestriction admission (plugin/pkg/admission/noderestriction): what the Node authorizer
 * lets a kubelet write, narrowed to its own node. A node may create, update and delete only its own
 * Node (registering without node-restriction.kubernetes.io/ and unknown kubernetes.io labels, and never
 * changing its taints), create only mirror pods bound to itself that name nothing else, delete and
 * evict only pods bound to it, update only the status of those (labels unchanged), update only the
 * status.capacity and conditions of claims, and touch only its own Lease in kube-node-lease. Refusals
 * are PERMISSION_DENIED (reason Forbidden) with upstream's text:
 * {@code nodes "b" is forbidden: node "a" is not allowed to modify node "b"}. Other users pass.
 */
public final class NodeRestriction implements ValidatingAdmission {
  public static final String PLUGIN_NAME = "NodeRestriction";
  static final String NODE_RESTRICTION_LABEL_NAMESPACE = "node-restriction.kubernetes.io";
  /** Upstream's kubeletapis.KubeletLabels: the kubernetes.io labels a kubelet may set on its Node. */
  static final Set<String> KUBELET_LABELS = Set.of("kubernetes.io/hostname", "kubernetes.io/os", "kubernetes.io/arch",
      "beta.kubernetes.io/os", "beta.kubernetes.io/arch", "beta.kubernetes.io/instance-type",
      "node.kubernetes.io/instance-type", "topology.kubernetes.io/zone", "topology.kubernetes.io/region",
      "failure-domain.beta.kubernetes.io/zone", "failure-domain.beta.kubernetes.io/region");
  /** Upstream's KubeletLabelNamespaces: label namespaces (and their subdomains) a kubelet may set. */
  static final List<String> KUBELET_LABEL_NAMESPACES = List.of("kubelet.kubernetes.io", "node.kubernetes.io");

  private final Function<String, Optional<Node>> nodes;

  /** @param nodes a Node by name (the watch cache), to check a mirror pod's owner reference */
  public NodeRestriction(Function<String, Optional<Node>> nodes) {
    this.nodes = nodes;
  }

  @Override
  public void validate(Attributes a) {
    Optional<String> identity = NodeIdentity.nodeName(a.user());
    if (identity.isEmpty()) {
      return;
    }
    String node = identity.get();
    if (node.isEmpty()) {
      throw forbidden(a, "could not determine node from user \"" + a.user().name() + "\"");
    }
    Kind kind = a.kind();
    if (kind.equals(Kinds.POD)) {
      switch (a.subresource()) {
        case "" -> admitPod(node, a);
        case "status" -> admitPodStatus(node, a);
        case "eviction" -> admitPodEviction(node, a);
        default -> throw forbidden(a, "unexpected pod subresource \"" + a.subresource()
            + "\", only 'status' and 'eviction' are allowed");
      }
    } else if (kind.equals(Kinds.NODE)) {
      admitNode(node, a);
    } else if (kind.equals(Kinds.PERSISTENT_VOLUME_CLAIM)) {
      if (!a.subresource().equals("status")) {
        throw forbidden(a, "may only update PVC status");
      }
      admitClaimStatus(node, a);
    } else if (kind.equals(Kinds.LEASE)) {
      admitLease(node, a);
    }
  }

  private void admitPod(String node, Attributes a) {
    Pod pod = (Pod) a.object();
    switch (a.operation()) {
      case CREATE -> admitMirrorPod(node, a, pod);
      case DELETE -> {
        if (!pod.getSpec().getNodeName().equals(node)) {
          throw forbidden(a, "node \"" + node + "\" can only delete pods with spec.nodeName set to itself");
        }
      }
      default -> throw forbidden(a, "unexpected operation \"" + a.operation() + "\", node \"" + node
          + "\" can only create and delete mirror pods");
    }
  }

  private void admitMirrorPod(String node, Attributes a, Pod pod) {
    String quoted = "node \"" + node + "\"";
    if (!PodReferences.isMirror(pod)) {
      throw forbidden(a, "pod does not have \"" + PodReferences.MIRROR_ANNOTATION + "\" annotation, " + quoted
          + " can only create mirror pods");
    }
    if (!pod.getSpec().getNodeName().equals(node)) {
      throw forbidden(a, quoted + " can only create pods with spec.nodeName set to itself");
    }
    List<OwnerReference> owners = pod.getMetadata().getOwnerReferencesList();
    if (owners.size() > 1) {
      throw forbidden(a, quoted + " can only create pods with a single owner reference set to itself");
    }
    if (owners.isEmpty()) {
      throw forbidden(a, quoted + " can only create pods with an owner reference set to itself");
    }
    OwnerReference owner = owners.get(0);
    if (!owner.getApiVersion().equals("v1") || !owner.getKind().equals("Node") || !owner.getName().equals(node)) {
      throw forbidden(a, quoted + " can only create pods with an owner reference set to itself");
    }
    if (!owner.hasController() || !owner.getController()) {
      throw forbidden(a, quoted + " can only create pods with a controller owner reference set to itself");
    }
    if (owner.hasBlockOwnerDeletion() && owner.getBlockOwnerDeletion()) {
      throw forbidden(a, quoted + " must not set blockOwnerDeletion on an owner reference");
    }
    Node self = nodes.apply(node).orElseThrow(() -> ApiError.notFound(Kinds.NODE, node));
    if (!owner.getUid().equals(self.getMetadata().getUid())) {
      throw forbidden(a, "node " + node + " UID mismatch: expected " + owner.getUid() + " got "
          + self.getMetadata().getUid());
    }
    // A node must not gain access to other objects by creating a pod that names them.
    if (!pod.getSpec().getServiceAccountName().isEmpty()) {
      throw forbidden(a, quoted + " can not create pods that reference a service account");
    }
    if (!PodReferences.secrets(pod).isEmpty()) {
      throw forbidden(a, quoted + " can not create pods that reference secrets");
    }
    if (!PodReferences.configMaps(pod).isEmpty()) {
      throw forbidden(a, quoted + " can not create pods that reference configmaps");
    }
    if (!PodReferences.claims(pod).isEmpty()) {
      throw forbidden(a, quoted + " can not create pods that reference persistentvolumeclaims");
    }
  }

  private void admitPodStatus(String node, Attributes a) {
    if (a.operation() != Operation.UPDATE) {
      throw forbidden(a, "unexpected operation \"" + a.operation() + "\"");
    }
    Pod old = (Pod) a.old();
    if (!old.getSpec().getNodeName().equals(node)) {
      throw forbidden(a, "node \"" + node + "\" can only update pod status for pods with spec.nodeName set to itself");
    }
    if (!old.getMetadata().getLabelsMap().equals(((Pod) a.object()).getMetadata().getLabelsMap())) {
      throw forbidden(a, "node \"" + node + "\" cannot update labels through pod status");
    }
  }

  private void admitPodEviction(String node, Attributes a) {
    if (a.operation() != Operation.CREATE) {
      throw forbidden(a, "unexpected operation " + a.operation());
    }
    if (!((Pod) a.object()).getSpec().getNodeName().equals(node)) {
      throw forbidden(a, "node " + node + " can only evict pods with spec.nodeName set to itself");
    }
  }

  private void admitClaimStatus(String node, Attributes a) {
    if (a.operation() != Operation.UPDATE) {
      throw forbidden(a, "unexpected operation \"" + a.operation() + "\"");
    }
    if (!withoutNodeFields((PersistentVolumeClaim) a.object()).equals(withoutNodeFields((PersistentVolumeClaim) a.old()))) {
      throw forbidden(a, "node \"" + node + "\" is not allowed to update fields other than status.capacity and status.conditions");
    }
  }

  /** The claim without what a node may change (and without resourceVersion, which an update may leave empty). */
  private static PersistentVolumeClaim withoutNodeFields(PersistentVolumeClaim pvc) {
    PersistentVolumeClaimStatus status = pvc.getStatus().toBuilder().clearCapacity().clearConditions().build();
    ObjectMeta meta = pvc.getMetadata().toBuilder().clearResourceVersion().build();
    return pvc.toBuilder().setMetadata(meta).setStatus(status).build();
  }

  private void admitNode(String node, Attributes a) {
    Node object = (Node) a.object();
    String requested = object.getMetadata().getName();
    if (!requested.equals(node)) {
      throw forbidden(a, "node \"" + node + "\" is not allowed to modify node \"" + requested + "\"");
    }
    if (a.operation() == Operation.CREATE) {
      Set<String> forbidden = forbiddenLabels(modifiedLabels(object.getMetadata().getLabelsMap(), Map.of()));
      if (!forbidden.isEmpty()) {
        throw forbidden(a, "node \"" + node + "\" is not allowed to set the following labels: " + String.join(", ", forbidden));
      }
    }
    if (a.operation() == Operation.UPDATE) {
      Node old = (Node) a.old();
      if (!object.getSpec().getTaintsList().equals(old.getSpec().getTaintsList())) {
        throw forbidden(a, "node \"" + node + "\" is not allowed to modify taints");
      }
      Set<String> forbidden = forbiddenLabels(modifiedLabels(object.getMetadata().getLabelsMap(),
          old.getMetadata().getLabelsMap()));
      if (!forbidden.isEmpty()) {
        throw forbidden(a, "is not allowed to modify labels: " + String.join(", ", forbidden));
      }
    }
  }

  /** The keys whose value differs between the two maps (added, removed or changed), sorted. */
  static Set<String> modifiedLabels(Map<String, String> now, Map<String, String> before) {
    Set<String> modified = new TreeSet<>();
    now.forEach((k, v) -> {
      if (!v.equals(before.get(k))) {
        modified.add(k);
      }
    });
    before.forEach((k, v) -> {
      if (!v.equals(now.get(k))) {
        modified.add(k);
      }
    });
    return modified;
  }

  /** Upstream's getForbiddenLabels: node-restriction.kubernetes.io labels, and kubernetes.io / k8s.io ones a kubelet may not set. */
  static Set<String> forbiddenLabels(Set<String> modified) {
    Set<String> forbidden = new TreeSet<>();
    for (String label : modified) {
      String namespace = labelNamespace(label);
      if (inNamespace(namespace, NODE_RESTRICTION_LABEL_NAMESPACE)) {
        forbidden.add(label);
      }
      boolean kubernetes = inNamespace(namespace, "kubernetes.io") || inNamespace(namespace, "k8s.io");
      if (kubernetes && !isKubeletLabel(label)) {
        forbidden.add(label);
      }
    }
    return forbidden;
  }

  private static boolean isKubeletLabel(String label) {
    String namespace = labelNamespace(label);
    return KUBELET_LABELS.contains(label) || KUBELET_LABEL_NAMESPACES.stream().anyMatch(n -> inNamespace(namespace, n));
  }

  /** The namespace itself or a subdomain of it. */
  private static boolean inNamespace(String namespace, String of) {
    return namespace.equals(of) || namespace.endsWith("." + of);
  }

  private static String labelNamespace(String key) {
    int slash = key.indexOf('/');
    return slash < 0 ? "" : key.substring(0, slash);
  }

  private void admitLease(String node, Attributes a) {
    if (!a.namespace().equals(NodeIdentity.NODE_LEASE_NAMESPACE)) {
      throw forbidden(a, "can only access leases in the \"" + NodeIdentity.NODE_LEASE_NAMESPACE + "\" system namespace");
    }
    if (!((Lease) a.object()).getMetadata().getName().equals(node)) {
      throw forbidden(a, "can only access node lease with the same name as the requesting node");
    }
  }

  /**
   * Upstream's admitServiceAccount, for the CreateToken path (outside the registry): a node's token
   * request must be bound to a pod, by uid, that is scheduled on that node.
   *
   * @param pods a pod by namespace and name (the watch cache)
   */
  public void admitTokenRequest(UserInfo user, String namespace, String serviceAccount, BoundObjectReference ref,
      BiFunction<String, String, Optional<Pod>> pods) {
    Optional<String> identity = NodeIdentity.nodeName(user);
    if (identity.isEmpty()) {
      return;
    }
    if (ref == null || !ref.getApiVersion().equals("v1") || !ref.getKind().equals("Pod") || ref.getName().isEmpty()) {
      throw tokenForbidden(serviceAccount, "node requested token not bound to a pod");
    }
    if (ref.getUid().isEmpty()) {
      throw tokenForbidden(serviceAccount, "node requested token with a pod binding without a uid");
    }
    Pod pod = pods.apply(namespace, ref.getName()).orElseThrow(() -> ApiError.notFound(Kinds.POD, ref.getName()));
    if (!ref.getUid().equals(pod.getMetadata().getUid())) {
      throw tokenForbidden(serviceAccount, "the UID in the bound object reference (" + ref.getUid()
          + ") does not match the UID in record. The object might have been deleted and then recreated");
    }
    if (!pod.getSpec().getNodeName().equals(identity.get())) {
      throw tokenForbidden(serviceAccount, "node requested token bound to a pod scheduled on a different node");
    }
  }

  private static ApiError tokenForbidden(String serviceAccount, String why) {
    return forbidden(Kinds.SERVICE_ACCOUNT, serviceAccount, why);
  }

  /** Upstream's admission.NewForbidden: {@code <resource> "<name>" is forbidden: <why>}. */
  private static ApiError forbidden(Attributes a, String why) {
    ObjectMeta meta = io.kava.client.ApiObjects.meta(a.object());
    String name = !meta.getName().isEmpty() ? meta.getName() : !meta.getGenerateName().isEmpty() ? meta.getGenerateName() : "Unknown";
    return forbidden(a.kind(), name, why);
  }

  private static ApiError forbidden(Kind kind, String name, String why) {
    return new ApiError(Status.Code.PERMISSION_DENIED, "Forbidden",
        kind.qualifiedResource() + " \"" + name + "\" is forbidden: " + why, List.of(), kind.kind(), name);
  }
}
