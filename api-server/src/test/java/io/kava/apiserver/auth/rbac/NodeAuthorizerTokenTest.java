package io.kava.apiserver.auth.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodSpec;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.apiserver.auth.Authorizer.Decision;
import io.kava.apiserver.auth.RequestAttributes;
import io.kava.apiserver.auth.UserInfo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A kubelet creates tokens only for the ServiceAccounts of pods bound to its node, as upstream's Node authorizer. */
class NodeAuthorizerTokenTest {
  private static final UserInfo NODE_A = UserInfo.of("system:node:a", NodeAuthorizer.NODES_GROUP);

  private static Pod pod(String name, String node, String account) {
    return Pod.newBuilder().setMetadata(ObjectMeta.newBuilder().setNamespace("team").setName(name))
        .setSpec(PodSpec.newBuilder().setNodeName(node).setServiceAccountName(account)).build();
  }

  private final NodeAuthorizer authorizer = new NodeAuthorizer(ns -> Map.of(
      "team", List.of(pod("web", "a", "default"), pod("db", "b", "database"))).getOrDefault(ns, List.of()));

  private Decision.Kind createToken(UserInfo user, String namespace, String account) {
    return authorizer.authorize(new RequestAttributes(user, "create", "", "serviceaccounts", "token", namespace, account))
        .kind();
  }

  @Test
  void aKubeletGetsTokensOnlyForServiceAccountsOfItsOwnPods() {
    assertThat(createToken(NODE_A, "team", "default")).isEqualTo(Decision.Kind.ALLOW);
    assertThat(createToken(NODE_A, "team", "database")).as("used on node b only").isEqualTo(Decision.Kind.NO_OPINION);
    assertThat(createToken(NODE_A, "other", "default")).as("no pod of node a there").isEqualTo(Decision.Kind.NO_OPINION);
    assertThat(createToken(UserInfo.of("system:node:b", NodeAuthorizer.NODES_GROUP), "team", "database"))
        .isEqualTo(Decision.Kind.ALLOW);
  }

  @Test
  void otherRequestsOfTheKubeletAreUnchanged() {
    assertThat(authorizer.authorize(new RequestAttributes(NODE_A, "get", "", "pods", "", "team", "db")).kind())
        .isEqualTo(Decision.Kind.ALLOW);
    assertThat(new NodeAuthorizer().authorize(
        new RequestAttributes(NODE_A, "create", "", "serviceaccounts", "token", "team", "database")).kind())
        .as("without pods to look at: not narrowed").isEqualTo(Decision.Kind.ALLOW);
  }
}
