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
  void rpcsMapToUpstreamVerbsAndResources() {
    RequestAttributes a = RpcAttributes.of("kava.api.v1.Api/UpdateStatus", null, UserInfo.anonymous());
    assertThat(a.verb()).isEqualTo("update");
    assertThat(RpcAttributes.of("kava.api.v1.Api/Get",
        io.kava.api.v1.GetRequest.newBuilder().setResource("deployments").setNamespace("ns").setName("d").build(),
        UserInfo.anonymous())).isEqualTo(new RequestAttributes(UserInfo.anonymous(), "get", "apps", "deployments", "", "ns", "d"));
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
