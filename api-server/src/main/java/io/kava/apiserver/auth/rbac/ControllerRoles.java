package io.kava.apiserver.auth.rbac;

import static io.kava.apiserver.auth.rbac.BootstrapPolicy.READ;
import static io.kava.apiserver.auth.rbac.BootstrapPolicy.rule;

import io.kava.api.meta.v1.LabelSelector;
import io.kava.api.rbac.v1.AggregationRule;
import io.kava.api.rbac.v1.ClusterRole;
import io.kava.api.rbac.v1.ClusterRoleBinding;
import io.kava.api.rbac.v1.PolicyRule;
import io.kava.api.rbac.v1.Subject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Upstream's controller roles (bootstrappolicy/controller_policy.go): one ClusterRole
 * {@code system:controller:<name>} per controller, bound to the ServiceAccount kube-system/{@code <name>}
 * the controller manager runs that controller as with {@code --use-service-account-credentials}. Each
 * holds upstream's rules plus what Kava's controller calls beyond them (read from its code; Kava adopts
 * and releases with update, lists through its own client in places where upstream reads a lister).
 *
 * <p>Without the flag every controller runs as the controller manager's own identity, so the roles also
 * carry {@link #AGGREGATE_LABEL} and {@link #AGGREGATED} gathers them all, unbound: as upstream, the
 * manager's own identity holds only system:kube-controller-manager, and an operator who runs the
 * controller manager without the flag binds this role to it (docs/security.md).
 */
final class ControllerRoles {
  static final String PREFIX = "system:controller:";
  static final String NAMESPACE = "kube-system";
  /** The label {@link #AGGREGATED} selects. */
  static final String AGGREGATE_LABEL = "kava.io/aggregate-to-controller-manager";
  /** Every controller role together, for an operator to bind to system:kube-controller-manager (the flag's false setting). */
  static final String AGGREGATED = "kava:controller-manager:controllers";

  private static final List<String> ALL_GROUPS = List.of("*");
  private static final List<String> UPDATE = List.of("update", "patch");
  private static final List<String> CRUD = List.of("get", "list", "watch", "create", "update", "patch", "delete");

  private ControllerRoles() {}

  /** Upstream's eventsRule: every controller records events (Kava's recorder creates, then updates the count). */
  private static PolicyRule events() {
    return rule(List.of("create", "update", "patch"), List.of("", "events.k8s.io"), "events");
  }

  /** The rules of each controller's role, by ServiceAccount name, in upstream's order where upstream has it. */
  static Map<String, List<PolicyRule>> rules() {
    Map<String, List<PolicyRule>> r = new LinkedHashMap<>();
    r.put("certificate-controller", List.of(
        rule(List.of("get", "list", "watch", "delete"), "certificates.k8s.io", "certificatesigningrequests"),
        rule(List.of("update"), "certificates.k8s.io", "certificatesigningrequests/status",
            "certificatesigningrequests/approval"),
        PolicyRule.newBuilder().addVerbs("approve").addApiGroups("certificates.k8s.io").addResources("signers")
            .addResourceNames("kubernetes.io/kube-apiserver-client-kubelet").build(),
        PolicyRule.newBuilder().addVerbs("sign").addApiGroups("certificates.k8s.io").addResources("signers")
            .addAllResourceNames(List.of("kubernetes.io/legacy-unknown", "kubernetes.io/kube-apiserver-client",
                "kubernetes.io/kube-apiserver-client-kubelet", "kubernetes.io/kubelet-serving")).build(),
        rule(List.of("create"), "authorization.k8s.io", "subjectaccessreviews"),
        events()));
    r.put("cronjob-controller", List.of(
        rule(List.of("get", "list", "watch", "update"), "batch", "cronjobs"),
        rule(CRUD, "batch", "jobs"),
        rule(List.of("update"), "batch", "cronjobs/status", "cronjobs/finalizers"),
        rule(List.of("list", "watch", "delete"), "", "pods"),
        events()));
    r.put("daemon-set-controller", List.of(
        rule(READ, "apps", "daemonsets"),
        rule(List.of("update"), "apps", "daemonsets/status", "daemonsets/finalizers"),
        rule(READ, "", "nodes"),
        // update: Kava adopts and releases pods with an update of their ownerReferences.
        rule(List.of("get", "list", "watch", "create", "delete", "update", "patch"), "", "pods"),
        rule(List.of("create"), "", "pods/binding"),
        rule(CRUD, "apps", "controllerrevisions"),
        events()));
    r.put("deployment-controller", List.of(
        rule(List.of("get", "list", "watch", "update"), "apps", "deployments"),
        rule(List.of("update"), "apps", "deployments/status", "deployments/finalizers"),
        rule(CRUD, "apps", "replicasets"),
        rule(List.of("get", "list", "watch", "update"), "", "pods"),
        events()));
    r.put("disruption-controller", List.of(
        rule(READ, "apps", "deployments", "replicasets", "statefulsets"),
        rule(READ, "", "replicationcontrollers", "pods"),
        rule(READ, "policy", "poddisruptionbudgets"),
        rule(List.of("update"), "policy", "poddisruptionbudgets/status"),
        rule(UPDATE, "", "pods/status"),
        rule(List.of("get"), "*", "*/scale"),
        events()));
    r.put("endpoint-controller", List.of(
        rule(READ, "", "services", "pods"),
        rule(List.of("get", "list", "watch", "create", "update", "delete"), "", "endpoints"),
        rule(List.of("create"), "", "endpoints/restricted"),
        events()));
    r.put("endpointslice-controller", List.of(
        rule(READ, "", "services", "pods", "nodes"),
        rule(List.of("update"), "", "services/finalizers"),
        rule(List.of("get", "list", "watch", "create", "update", "delete"), "discovery.k8s.io", "endpointslices"),
        events()));
    r.put("generic-garbage-collector", List.of(
        PolicyRule.newBuilder().addAllVerbs(List.of("get", "list", "watch", "patch", "update", "delete"))
            .addAllApiGroups(ALL_GROUPS).addResources("*").build(),
        events()));
    r.put("horizontal-pod-autoscaler", List.of(
        rule(READ, "autoscaling", "horizontalpodautoscalers"),
        rule(List.of("update"), "autoscaling", "horizontalpodautoscalers/status"),
        rule(List.of("get", "update"), "*", "*/scale"),
        rule(READ, "", "pods"),
        // Kava's metrics client gets a pod's metrics by name as well as listing them.
        rule(READ, "metrics.k8s.io", "pods"),
        rule(READ, "custom.metrics.k8s.io", "*"),
        rule(READ, "external.metrics.k8s.io", "*"),
        events()));
    r.put("job-controller", List.of(
        rule(List.of("get", "list", "watch", "update", "patch"), "batch", "jobs"),
        rule(List.of("update"), "batch", "jobs/status", "jobs/finalizers"),
        // update: adoption; patch: the tracking finalizer's removal.
        rule(List.of("get", "list", "watch", "create", "delete", "update", "patch"), "", "pods"),
        events()));
    r.put("namespace-controller", List.of(
        rule(List.of("get", "list", "watch", "delete"), "", "namespaces"),
        rule(List.of("update"), "", "namespaces/finalize", "namespaces/status", "namespaces"),
        PolicyRule.newBuilder().addAllVerbs(List.of("get", "list", "watch", "delete", "deletecollection"))
            .addAllApiGroups(ALL_GROUPS).addResources("*").build(),
        events()));
    // Kava's node lifecycle, node IPAM (upstream runs it as node-controller too) controllers.
    r.put("node-controller", List.of(
        rule(List.of("get", "list", "watch", "update", "delete", "patch"), "", "nodes"),
        rule(UPDATE, "", "nodes/status"),
        rule(UPDATE, "", "pods/status"),
        rule(List.of("list", "watch", "get", "delete"), "", "pods"),
        rule(READ, "coordination.k8s.io", "leases"),
        events()));
    r.put("persistent-volume-binder", List.of(
        rule(List.of("get", "list", "watch", "update", "create", "delete"), "", "persistentvolumes"),
        rule(List.of("update"), "", "persistentvolumes/status"),
        rule(List.of("get", "list", "watch", "update"), "", "persistentvolumeclaims"),
        rule(List.of("update"), "", "persistentvolumeclaims/status"),
        rule(List.of("list", "watch", "get", "create", "delete"), "", "pods"),
        rule(READ, "storage.k8s.io", "storageclasses"),
        rule(List.of("list", "watch"), "", "nodes"),
        events(),
        rule(List.of("watch"), "", "events"),
        rule(List.of("get"), "", "services")));
    r.put("pod-garbage-collector", List.of(
        rule(List.of("get", "list", "watch", "delete"), "", "pods"),
        rule(READ, "", "nodes"),
        rule(UPDATE, "", "pods/status")));
    r.put("replicaset-controller", List.of(
        rule(List.of("get", "list", "watch", "update"), "apps", "replicasets"),
        rule(List.of("update"), "apps", "replicasets/status", "replicasets/finalizers"),
        // get and update: Kava adopts and releases pods with an update of their ownerReferences.
        rule(List.of("get", "list", "watch", "patch", "update", "create", "delete"), "", "pods"),
        events()));
    r.put("resourcequota-controller", List.of(
        // Kava's controller lists what it counts through its client (upstream reads its informers).
        PolicyRule.newBuilder().addAllVerbs(List.of("list", "watch")).addAllApiGroups(ALL_GROUPS).addResources("*").build(),
        rule(READ, "", "resourcequotas"),
        rule(List.of("update"), "", "resourcequotas/status"),
        events()));
    r.put("service-account-controller", List.of(
        rule(List.of("create"), "", "serviceaccounts"),
        events()));
    r.put("statefulset-controller", List.of(
        rule(List.of("list", "watch"), "", "pods"),
        rule(READ, "apps", "statefulsets"),
        rule(List.of("update"), "apps", "statefulsets/status", "statefulsets/finalizers"),
        rule(List.of("get", "create", "delete", "update", "patch"), "", "pods"),
        rule(CRUD, "apps", "controllerrevisions"),
        rule(List.of("get", "create", "list", "watch", "update", "delete"), "", "persistentvolumeclaims"),
        rule(List.of("update"), "", "pods/finalizers"),
        events()));
    r.put("pvc-protection-controller", List.of(
        rule(List.of("get", "list", "watch", "update"), "", "persistentvolumeclaims"),
        rule(READ, "", "pods"),
        events()));
    r.put("pv-protection-controller", List.of(
        rule(List.of("get", "list", "watch", "update"), "", "persistentvolumes"),
        events()));
    r.put("ttl-after-finished-controller", List.of(
        rule(List.of("get", "list", "watch", "delete"), "batch", "jobs"),
        events()));
    r.put("root-ca-cert-publisher", List.of(
        rule(List.of("create", "update"), "", "configmaps"),
        events()));
    // Upstream (1.29+): the NoExecute taint manager, split from the node lifecycle controller.
    r.put("taint-eviction-controller", List.of(
        rule(List.of("get", "list", "watch", "delete"), "", "pods"),
        rule(UPDATE, "", "pods/status"),
        rule(READ, "", "nodes"),
        events()));
    // Upstream binds a Role in kube-system; Kava bootstraps cluster roles only, and the cleaner deletes
    // nothing but kube-system's expired bootstrap token Secrets.
    r.put("token-cleaner", List.of(
        rule(List.of("delete", "get", "list", "watch"), "", "secrets"),
        events()));
    // Kava's own (rancher's local-path provisioner has its own ServiceAccount too): a PersistentVolume per claim.
    r.put("local-path-provisioner", List.of(
        rule(List.of("get", "list", "watch", "create", "delete"), "", "persistentvolumes"),
        rule(READ, "", "persistentvolumeclaims", "nodes"),
        rule(READ, "storage.k8s.io", "storageclasses"),
        events()));
    return r;
  }

  static List<ClusterRole> roles() {
    List<ClusterRole> roles = new ArrayList<>();
    rules().forEach((name, rules) -> {
      ClusterRole role = BootstrapPolicy.role(PREFIX + name, rules);
      roles.add(role.toBuilder().setMetadata(role.getMetadata().toBuilder().putLabels(AGGREGATE_LABEL, "true")).build());
    });
    ClusterRole aggregated = BootstrapPolicy.role(AGGREGATED, List.of());
    roles.add(aggregated.toBuilder().setAggregationRule(AggregationRule.newBuilder()
        .addClusterRoleSelectors(LabelSelector.newBuilder().putMatchLabels(AGGREGATE_LABEL, "true"))).build());
    return roles;
  }

  static List<ClusterRoleBinding> bindings() {
    List<ClusterRoleBinding> bindings = new ArrayList<>();
    for (String name : rules().keySet()) {
      bindings.add(BootstrapPolicy.binding(PREFIX + name, serviceAccount(name)));
    }
    return bindings;
  }

  static Subject serviceAccount(String name) {
    return Subject.newBuilder().setKind("ServiceAccount").setName(name).setNamespace(NAMESPACE).build();
  }
}
