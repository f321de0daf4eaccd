package io.kava.apiserver.auth.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.apiserver.auth.Authorizer.Decision;
import io.kava.apiserver.auth.RequestAttributes;
import io.kava.apiserver.auth.UserInfo;
import io.kava.apiserver.auth.node.NodeGraph;
import io.kava.apiserver.auth.node.NodePods;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NodeAuthorizerTest {
  private static final UserInfo NODE_A = UserInfo.of("system:node:node-a", "system:nodes");
  private final NodeGraph graph = new NodeGraph();
  private final NodeAuthorizer authorizer = new NodeAuthorizer(graph);

  @BeforeEach
  void pods() {
    graph.setPod(NodePods.referencing("team", "web", "node-a"));
    graph.setPod(NodePods.referencing("other", "db", "node-b"));
    graph.setVolume(NodePods.volume("pv-a", "team", "data"));
    graph.setVolume(NodePods.volume("pv-b", "other", "data"));
  }

  private Decision ask(String verb, String group, String resource, String sub, String ns, String name) {
    return authorizer.authorize(new RequestAttributes(NODE_A, verb, group, resource, sub, ns, name));
  }

  private Decision.Kind kind(String verb, String group, String resource, String sub, String ns, String name) {
    return ask(verb, group, resource, sub, ns, name).kind();
  }

  @Test
  void aKubeletReadsOnlyTheSecretsAndConfigMapsOfItsPods() {
    assertThat(kind("get", "", "secrets", "", "team", "vol")).isEqualTo(Decision.Kind.ALLOW);
    assertThat(kind("watch", "", "secrets", "", "team", "env")).as("a watch of one named secret").isEqualTo(Decision.Kind.ALLOW);
    assertThat(kind("get", "", "configmaps", "", "team", "cm-vol")).isEqualTo(Decision.Kind.ALLOW);
    assertThat(ask("get", "", "secrets", "", "other", "vol"))
        .isEqualTo(Decision.noOpinion("no relationship found between node 'node-a' and this object"));
    assertThat(ask("list", "", "secrets", "", "team", "")).isEqualTo(Decision.noOpinion("No Object name found"));
    assertThat(ask("list", "", "secrets", "", "", "")).isEqualTo(Decision.noOpinion("can only read namespaced object of this type"));
    assertThat(ask("delete", "", "secrets", "", "team", "vol")).isEqualTo(Decision.noOpinion("can only read resources of this type"));
    assertThat(ask("create", "", "configmaps", "", "team", "")).isEqualTo(Decision.noOpinion("can only read resources of this type"));
  }

  @Test
  void claimsVolumesAndTokensFollowTheGraphToo() {
    assertThat(kind("get", "", "persistentvolumeclaims", "", "team", "data")).isEqualTo(Decision.Kind.ALLOW);
    assertThat(kind("get", "", "persistentvolumeclaims", "", "other", "data")).isEqualTo(Decision.Kind.NO_OPINION);
    assertThat(ask("list", "", "persistentvolumeclaims", "", "team", ""))
        .isEqualTo(Decision.noOpinion("can only get individual resources of this type"));
    assertThat(kind("update", "", "persistentvolumeclaims", "status", "team", "data")).isEqualTo(Decision.Kind.ALLOW);
    assertThat(kind("update", "", "persistentvolumeclaims", "status", "other", "data")).isEqualTo(Decision.Kind.NO_OPINION);
    assertThat(kind("get", "", "persistentvolumes", "", "", "pv-a")).isEqualTo(Decision.Kind.ALLOW);
    assertThat(kind("get", "", "persistentvolumes", "", "", "pv-b")).isEqualTo(Decision.Kind.NO_OPINION);
    assertThat(kind("create", "", "serviceaccounts", "token", "team", "runner")).isEqualTo(Decision.Kind.ALLOW);
    assertThat(kind("create", "", "serviceaccounts", "token", "other", "runner")).isEqualTo(Decision.Kind.NO_OPINION);
    assertThat(ask("get", "", "serviceaccounts", "", "team", "runner"))
        .isEqualTo(Decision.noOpinion("can only create tokens for individual service accounts"));
  }

  @Test
  void aKubeletReadsItsOwnPodsAndNodeOnly() {
    RequestAttributes watchOwn = new RequestAttributes(NODE_A, "watch", "", "pods", "", "", "", "spec.nodeName=node-a");
    RequestAttributes watchOther = new RequestAttributes(NODE_A, "list", "", "pods", "", "", "", "spec.nodeName=node-b");
    assertThat(authorizer.authorize(watchOwn).kind()).isEqualTo(Decision.Kind.ALLOW);
    assertThat(authorizer.authorize(watchOther))
        .isEqualTo(Decision.noOpinion("can only list/watch pods with spec.nodeName field selector"));
    assertThat(kind("get", "", "pods", "", "team", "web")).isEqualTo(Decision.Kind.ALLOW);
    assertThat(kind("get", "", "pods", "", "other", "db")).isEqualTo(Decision.Kind.NO_OPINION);
    assertThat(kind("get", "", "nodes", "", "", "node-a")).isEqualTo(Decision.Kind.ALLOW);
    assertThat(ask("get", "", "nodes", "", "", "node-b"))
        .isEqualTo(Decision.noOpinion("node 'node-a' cannot read 'node-b', only its own Node object"));
    assertThat(ask("list", "", "nodes", "", "", ""))
        .isEqualTo(Decision.noOpinion("node 'node-a' cannot read all nodes, only its own Node object"));
  }

  @Test
  void writesToOtherNodesObjectsGoOnToNodeRestriction() {
    // Upstream's authorizer lets these through; the NodeRestriction admission narrows them to the node's own.
    assertThat(kind("update", "", "nodes", "", "", "node-b")).isEqualTo(Decision.Kind.ALLOW);
    assertThat(kind("update", "", "nodes", "status", "", "node-b")).isEqualTo(Decision.Kind.ALLOW);
    assertThat(kind("update", "", "pods", "status", "other", "db")).isEqualTo(Decision.Kind.ALLOW);
    assertThat(kind("create", "", "pods", "eviction", "other", "db")).isEqualTo(Decision.Kind.ALLOW);
    assertThat(kind("update", "", "pods", "", "team", "web")).isEqualTo(Decision.Kind.NO_OPINION);
    assertThat(kind("delete", "", "nodes", "", "", "node-a")).isEqualTo(Decision.Kind.NO_OPINION);
  }

  @Test
  void leasesOnlyItsOwnInTheNodeLeaseNamespace() {
    assertThat(kind("update", "coordination.k8s.io", "leases", "", "kube-node-lease", "node-a")).isEqualTo(Decision.Kind.ALLOW);
    assertThat(kind("create", "coordination.k8s.io", "leases", "", "kube-node-lease", "")).isEqualTo(Decision.Kind.ALLOW);
    assertThat(ask("get", "coordination.k8s.io", "leases", "", "kube-node-lease", "node-b"))
        .isEqualTo(Decision.noOpinion("can only access node lease with the same name as the requesting node"));
    assertThat(ask("get", "coordination.k8s.io", "leases", "", "kube-system", "node-a"))
        .isEqualTo(Decision.noOpinion("can only access leases in the \"kube-node-lease\" system namespace"));
    assertThat(ask("list", "coordination.k8s.io", "leases", "", "kube-node-lease", ""))
        .isEqualTo(Decision.noOpinion("can only get, create, update, patch, or delete a node lease"));
  }

  @Test
  void theRestByUpstreamsNodeRules() {
    assertThat(kind("list", "", "services", "", "", "")).isEqualTo(Decision.Kind.ALLOW);
    assertThat(kind("create", "", "events", "", "team", "")).isEqualTo(Decision.Kind.ALLOW);
    assertThat(kind("create", "certificates.k8s.io", "certificatesigningrequests", "", "", "")).isEqualTo(Decision.Kind.ALLOW);
    assertThat(kind("delete", "apps", "deployments", "", "team", "d")).isEqualTo(Decision.Kind.NO_OPINION);
    assertThat(kind("create", "", "pods", "exec", "team", "web")).isEqualTo(Decision.Kind.NO_OPINION);
  }

  @Test
  void otherUsersAndUnidentifiedNodesGetNoOpinion() {
    assertThat(authorizer.authorize(new RequestAttributes(UserInfo.of("alice"), "get", "", "secrets", "", "team", "vol")))
        .isEqualTo(Decision.noOpinion());
    assertThat(authorizer.authorize(new RequestAttributes(UserInfo.of("system:node:node-a"), "get", "", "secrets", "",
        "team", "vol"))).as("not in system:nodes").isEqualTo(Decision.noOpinion());
    assertThat(authorizer.authorize(new RequestAttributes(UserInfo.of("system:node:", "system:nodes"), "get", "",
        "services", "", "", ""))).isEqualTo(Decision.noOpinion("unknown node for user \"system:node:\""));
  }
}
