package io.kava.apiserver.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.kava.api.core.v1.Secret;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.apiserver.auth.RequestAttributes;
import io.kava.apiserver.auth.UserInfo;
import io.kava.apiserver.errors.ApiError;
import io.kava.apiserver.registry.Codec;
import org.junit.jupiter.api.Test;

class AuditPolicyTest {
  private static final AuditPolicy POLICY = AuditPolicyFile.parse("""
      apiVersion: audit.k8s.io/v1
      kind: Policy
      omitStages: [RequestReceived]
      rules:
        - level: None
          verbs: [get, list, watch]
          resources: [{group: "coordination.k8s.io", resources: [leases]}, {group: "", resources: [events]}]
        - level: RequestResponse
          users: [alice]
          resources: [{group: "", resources: ["pods/log"]}]
        - level: Metadata
      """);

  private static RequestAttributes attrs(String user, String verb, String group, String resource, String sub) {
    return new RequestAttributes(UserInfo.of(user), verb, group, resource, sub, "default", "x");
  }

  @Test
  void theFirstMatchingRuleWins() {
    assertThat(POLICY.decide(attrs("bob", "list", "coordination.k8s.io", "leases", ""), null).level()).isEqualTo(AuditLevel.None);
    assertThat(POLICY.decide(attrs("bob", "update", "coordination.k8s.io", "leases", ""), null).level()).isEqualTo(AuditLevel.Metadata);
    assertThat(POLICY.decide(attrs("alice", "get", "", "pods", "log"), null).level()).isEqualTo(AuditLevel.RequestResponse);
    assertThat(POLICY.decide(attrs("alice", "get", "", "pods", ""), null).level()).isEqualTo(AuditLevel.Metadata);
    AuditPolicy.Decision d = POLICY.decide(attrs("bob", "create", "", "secrets", ""), null);
    assertThat(d.logs(AuditStage.RequestReceived)).isFalse();
    assertThat(d.logs(AuditStage.ResponseComplete)).isTrue();
  }

  @Test
  void usersGroupsNamespacesAndResourceNamesNarrowARule() {
    AuditPolicy policy = AuditPolicyFile.parse("""
        apiVersion: audit.k8s.io/v1
        kind: Policy
        rules:
          - level: None
            userGroups: ["system:nodes"]
            verbs: [update, patch]
            resources: [{group: "", resources: ["nodes/status"]}]
          - level: RequestResponse
            namespaces: [prod]
            resources: [{group: "", resources: [configmaps], resourceNames: [settings]}]
          - level: Request
            namespaces: [""]
          - level: Metadata
            omitStages: [RequestReceived]
        """);
    UserInfo node = UserInfo.of("system:node:n1", "system:nodes");
    assertThat(policy.decide(new RequestAttributes(node, "update", "", "nodes", "status", "", "n1"), null).level())
        .isEqualTo(AuditLevel.None);
    assertThat(policy.decide(new RequestAttributes(UserInfo.of("bob"), "update", "", "nodes", "status", "", "n1"), null).level())
        .as("not in the group: the cluster-scoped rule").isEqualTo(AuditLevel.Request);
    assertThat(policy.decide(new RequestAttributes(UserInfo.of("bob"), "get", "", "configmaps", "", "prod", "settings"), null).level())
        .isEqualTo(AuditLevel.RequestResponse);
    AuditPolicy.Decision other = policy.decide(new RequestAttributes(UserInfo.of("bob"), "get", "", "configmaps", "", "prod", "x"), null);
    assertThat(other.level()).isEqualTo(AuditLevel.Metadata);
    assertThat(other.logs(AuditStage.RequestReceived)).isFalse();
    assertThat(policy.decide(new RequestAttributes(UserInfo.of("bob"), "get", "", "", "", "", ""), "/version").level())
        .as("a non-resource request skips the rules about resources and namespaces").isEqualTo(AuditLevel.Metadata);
  }

  @Test
  void noMatchingRuleAndAPolicyWithoutRulesLogNothing() {
    AuditPolicy empty = new AuditPolicy(java.util.List.of(), java.util.Set.of());
    assertThat(empty.decide(attrs("bob", "create", "", "pods", ""), null).logs(AuditStage.ResponseComplete)).isFalse();
    assertThat(io.kava.apiserver.AuditConfig.of(empty, "/tmp/audit.log").enabled()).isFalse();
    assertThatThrownBy(() -> AuditPolicyFile.parse("apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: []\n"))
        .hasMessageStartingWith("rules: Required value");
  }

  @Test
  void badPolicyFilesNameTheField() {
    assertThatThrownBy(() -> AuditPolicyFile.parse("apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: Everything\n"))
        .hasMessageStartingWith("rules[0].level: Unsupported value: \"Everything\"");
  }

  @Test
  void anObjectOverThreeMebibytesIsRefusedBeforeItIsStored() {
    Secret big = Secret.newBuilder().setMetadata(ObjectMeta.newBuilder().setNamespace("default").setName("big"))
        .putData("blob", ByteString.copyFrom(new byte[Codec.MAX_OBJECT_BYTES])).build();
    assertThatThrownBy(() -> Codec.encode(big)).isInstanceOf(ApiError.class)
        .hasMessage("Request entity too large: limit is 3145728")
        .satisfies(e -> assertThat(((ApiError) e).code()).isEqualTo(io.grpc.Status.Code.RESOURCE_EXHAUSTED));
  }
}
