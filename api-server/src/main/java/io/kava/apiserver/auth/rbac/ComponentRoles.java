package io.kava.apiserver.auth.rbac;

import static io.kava.apiserver.auth.rbac.BootstrapPolicy.READ;
import static io.kava.apiserver.auth.rbac.BootstrapPolicy.rule;

import io.kava.api.rbac.v1.ClusterRole;
import io.kava.api.rbac.v1.ClusterRoleBinding;
import io.kava.api.rbac.v1.PolicyRule;
import java.util.List;

/**
 * The roles of Kava's own components, each holding what the component calls (from its informers and
 * writes), under upstream's names where upstream has the component. The controller manager's own role
 * is upstream's; its controllers' roles are {@link ControllerRoles}.
 */
final class ComponentRoles {
  static final String SCHEDULER = "system:kube-scheduler";
  static final String CONTROLLER_MANAGER = "system:kube-controller-manager";
  /** The controller manager's leader election Lease in kube-system (Kava's name; upstream's is kube-controller-manager). */
  static final String CONTROLLER_MANAGER_LEASE = "kava-controller-manager";
  static final String NODE = "system:node";
  static final String NODE_PROXIER = "system:node-proxier";
  static final String KUBE_PROXY = "system:kube-proxy";
  static final String DNS = "system:kava-dns";
  /** kube-proxy's network policy controller (Kava's role, as a policy agent's own, e.g. calico-node's). */
  static final String NETWORK_POLICY_AGENT = "kava:network-policy-agent";
  /** Upstream's full access to the kubelet API, held by the API server's kubelet client certificate. */
  static final String KUBELET_API_ADMIN = "system:kubelet-api-admin";
  static final String APISERVER_KUBELET_CLIENT = "kube-apiserver-kubelet-client";
  /** A bootstrap token's user creates its node's CSR (upstream's role, bound to system:bootstrappers as kubeadm does). */
  static final String NODE_BOOTSTRAPPER = "system:node-bootstrapper";
  /** csrapproving approves a kubelet client CSR whose requestor may create this subresource (upstream's roles). */
  static final String NODE_CLIENT = "system:certificates.k8s.io:certificatesigningrequests:nodeclient";
  static final String SELF_NODE_CLIENT = "system:certificates.k8s.io:certificatesigningrequests:selfnodeclient";
  static final String BOOTSTRAPPERS = "system:bootstrappers";
  static final String NODES = "system:nodes";
  private static final List<String> UPDATE = List.of("update", "patch");

  private ComponentRoles() {}

  static List<ClusterRole> all() {
    return List.of(
        BootstrapPolicy.role(SCHEDULER, List.of(
            rule(List.of("create", "patch", "update"), List.of("", "events.k8s.io"), "events"),
            rule(List.of("create"), "coordination.k8s.io", "leases"),
            rule(List.of("get", "update"), "coordination.k8s.io", "leases"),
            rule(READ, "", "nodes", "namespaces", "pods", "services", "persistentvolumeclaims", "persistentvolumes",
                "replicationcontrollers"),
            rule(List.of("delete"), "", "pods"),
            rule(List.of("create"), "", "pods/binding", "bindings"),
            rule(List.of("patch", "update"), "", "pods/status"),
            rule(List.of("update"), "", "persistentvolumeclaims"),
            rule(READ, "apps", "replicasets", "statefulsets"),
            rule(READ, "policy", "poddisruptionbudgets"),
            rule(READ, "storage.k8s.io", "storageclasses", "csinodes"),
            rule(READ, "scheduling.k8s.io", "priorityclasses"))),
        // Upstream's system:kube-controller-manager: the manager's own calls (informers, leader election, the
        // clientbuilder's ServiceAccounts and tokens); the controllers' rules are in ControllerRoles, each bound
        // to its controller's ServiceAccount (--use-service-account-credentials).
        BootstrapPolicy.role(CONTROLLER_MANAGER, List.of(
            rule(List.of("create", "update", "patch"), List.of("", "events.k8s.io"), "events"),
            rule(List.of("create"), "coordination.k8s.io", "leases"),
            PolicyRule.newBuilder().addAllVerbs(List.of("get", "update")).addApiGroups("coordination.k8s.io")
                .addResources("leases").addResourceNames(CONTROLLER_MANAGER_LEASE).build(),
            rule(List.of("create"), "", "secrets", "serviceaccounts"),
            rule(List.of("delete"), "", "secrets"),
            rule(List.of("get"), "", "namespaces", "secrets", "serviceaccounts", "configmaps"),
            rule(List.of("update"), "", "secrets", "serviceaccounts"),
            rule(List.of("create"), "authentication.k8s.io", "tokenreviews"),
            rule(List.of("create"), "authorization.k8s.io", "subjectaccessreviews"),
            // Every shared informer.
            PolicyRule.newBuilder().addAllVerbs(List.of("list", "watch")).addApiGroups("*").addResources("*").build(),
            rule(List.of("create"), "", "serviceaccounts/token"))),
        BootstrapPolicy.role(NODE_BOOTSTRAPPER, List.of(
            rule(List.of("create", "get", "list", "watch"), "certificates.k8s.io", "certificatesigningrequests"))),
        BootstrapPolicy.role(NODE_CLIENT, List.of(
            rule(List.of("create"), "certificates.k8s.io", "certificatesigningrequests/nodeclient"))),
        BootstrapPolicy.role(SELF_NODE_CLIENT, List.of(
            rule(List.of("create"), "certificates.k8s.io", "certificatesigningrequests/selfnodeclient"))),
        BootstrapPolicy.role(NODE, nodeRules()),
        BootstrapPolicy.role(NODE_PROXIER, List.of(
            rule(List.of("list", "watch"), "", "services", "endpoints"),
            rule(List.of("get", "list", "watch"), "", "nodes"),
            rule(List.of("create", "patch", "update"), List.of("", "events.k8s.io"), "events"),
            rule(List.of("list", "watch"), "discovery.k8s.io", "endpointslices"))),
        BootstrapPolicy.role(NETWORK_POLICY_AGENT, List.of(
            rule(List.of("get", "list", "watch"), "", "pods", "namespaces"),
            rule(List.of("get", "list", "watch"), "networking.k8s.io", "networkpolicies"))),
        BootstrapPolicy.role(DNS, List.of(
            rule(READ, "", "services", "endpoints", "namespaces", "pods"),
            rule(READ, "discovery.k8s.io", "endpointslices"),
            // Its registration keeps the kube-dns Service and its endpoints in kube-system.
            rule(List.of("create", "update", "delete"), "", "services", "endpoints"),
            rule(List.of("create", "update", "delete"), "discovery.k8s.io", "endpointslices"))),
        BootstrapPolicy.role(KUBELET_API_ADMIN, List.of(
            rule(List.of("get", "list", "watch"), "", "nodes"),
            rule(List.of("proxy"), "", "nodes"),
            rule(List.of("*"), "", "nodes/proxy", "nodes/metrics", "nodes/stats", "nodes/log"))));
  }

  /** Upstream's NodeRules: what a kubelet may do (the Node authorizer narrows it to its own node's objects). */
  static List<PolicyRule> nodeRules() {
    return List.of(
        rule(List.of("create"), "authentication.k8s.io", "tokenreviews"),
        rule(List.of("create"), "authorization.k8s.io", "subjectaccessreviews", "localsubjectaccessreviews"),
        rule(READ, "", "services"),
        rule(List.of("create", "get", "list", "watch"), "", "nodes"),
        rule(List.of("update", "patch"), "", "nodes/status"),
        rule(List.of("update", "patch"), "", "nodes"),
        rule(List.of("create", "update", "patch"), "", "events"),
        rule(READ, "", "pods"),
        rule(List.of("create", "delete"), "", "pods"),
        rule(List.of("update", "patch"), "", "pods/status"),
        rule(List.of("create"), "", "pods/eviction"),
        rule(READ, "", "configmaps", "secrets"),
        rule(List.of("get"), "", "persistentvolumeclaims", "persistentvolumes"),
        rule(List.of("get", "list", "watch"), "", "namespaces"),
        rule(List.of("get", "update", "patch"), "", "persistentvolumeclaims/status"),
        rule(List.of("create"), "", "serviceaccounts/token"),
        rule(List.of("get", "create", "update", "patch", "delete"), "coordination.k8s.io", "leases"),
        rule(List.of("get", "list", "watch"), "storage.k8s.io", "storageclasses"),
        rule(List.of("create", "get", "list", "watch"), "certificates.k8s.io", "certificatesigningrequests"));
  }

  static List<ClusterRoleBinding> bindings() {
    return List.of(
        BootstrapPolicy.binding(SCHEDULER, RuleMatcher.user(SCHEDULER)),
        BootstrapPolicy.binding(CONTROLLER_MANAGER, RuleMatcher.user(CONTROLLER_MANAGER)),
        BootstrapPolicy.binding(NODE_PROXIER, RuleMatcher.user(KUBE_PROXY)),
        BootstrapPolicy.binding(DNS, RuleMatcher.user(DNS)),
        BootstrapPolicy.binding(APISERVER_KUBELET_CLIENT, KUBELET_API_ADMIN, RuleMatcher.user(APISERVER_KUBELET_CLIENT)),
        // Joining nodes (issue 13), kubeadm's bindings for its bootstrap tokens, here for every bootstrap token.
        BootstrapPolicy.binding("kubeadm:kubelet-bootstrap", NODE_BOOTSTRAPPER, RuleMatcher.group(BOOTSTRAPPERS)),
        BootstrapPolicy.binding("kubeadm:node-autoapprove-bootstrap", NODE_CLIENT, RuleMatcher.group(BOOTSTRAPPERS)),
        BootstrapPolicy.binding("kubeadm:node-autoapprove-certificate-rotation", SELF_NODE_CLIENT, RuleMatcher.group(NODES)),
        // Kava's choice: kube-proxy on an agent host runs with the kubelet's credentials (system:nodes).
        BootstrapPolicy.binding("kava:node-proxier", NODE_PROXIER, RuleMatcher.group(NODES)),
        BootstrapPolicy.binding(NETWORK_POLICY_AGENT, RuleMatcher.user(KUBE_PROXY), RuleMatcher.group(NODES)));
  }
}
