package io.kava.controllermanager.certificates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kava.api.certificates.v1.CertificateSigningRequest;
import io.kava.api.certificates.v1.CertificateSigningRequestSpec;
import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.NodeAddress;
import io.kava.api.core.v1.NodeStatus;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.client.certificates.RequestedCertificate;
import io.kava.client.certificates.SigningRequests;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Kava's auto-approval of kubelet serving certificates: a node's own request for its own addresses only. */
class ServingApprovalRuleTest {
  private static final Node NODE_A = Node.newBuilder().setMetadata(ObjectMeta.newBuilder().setName("a"))
      .setStatus(NodeStatus.newBuilder()
          .addAddresses(NodeAddress.newBuilder().setType("InternalIP").setAddress("127.0.0.11"))
          .addAddresses(NodeAddress.newBuilder().setType("Hostname").setAddress("a"))).build();
  private static final Node NODE_B = Node.newBuilder().setMetadata(ObjectMeta.newBuilder().setName("b"))
      .setStatus(NodeStatus.newBuilder()
          .addAddresses(NodeAddress.newBuilder().setType("InternalIP").setAddress("127.0.0.12"))
          .addAddresses(NodeAddress.newBuilder().setType("Hostname").setAddress("b"))).build();
  private static final Function<String, Optional<Node>> NODES = name ->
      Optional.ofNullable(Map.of("a", NODE_A, "b", NODE_B).get(name));

  private static CertificateSigningRequest csr(String signer, String user, String... groups) {
    return CertificateSigningRequest.newBuilder().setMetadata(ObjectMeta.newBuilder().setName("csr-1"))
        .setSpec(CertificateSigningRequestSpec.newBuilder().setSignerName(signer)
            .addUsages("digital signature").addUsages("server auth").setUsername(user).setUid("u1")
            .addAllGroups(List.of(groups)).addGroups("system:authenticated")).build();
  }

  private static CertificateSigningRequest nodeA() {
    return csr(SigningRequests.KUBELET_SERVING, "system:node:a", "system:nodes");
  }

  private static RequestedCertificate serving(String cn, List<String> dns, List<String> ips) {
    return new RequestedCertificate(cn, List.of("system:nodes"), dns, ips, List.of(), List.of(), false);
  }

  @Test
  void aNodeAskingForItsOwnHostnameAndAddressIsApproved() {
    assertThat(ServingApprovalRule.approval(nodeA(), serving("system:node:a", List.of("a"), List.of("127.0.0.11")), NODES))
        .contains(ServingApprovalRule.MESSAGE);
    assertThat(ServingApprovalRule.approval(nodeA(), serving("system:node:a", List.of(), List.of("127.0.0.11")), NODES))
        .contains(ServingApprovalRule.MESSAGE);
  }

  @Test
  void aForeignAddressOrNameIsLeftForAPerson() {
    assertThat(ServingApprovalRule.approval(nodeA(), serving("system:node:a", List.of("a"), List.of("127.0.0.12")), NODES))
        .isEmpty();
    assertThat(ServingApprovalRule.approval(nodeA(),
        serving("system:node:a", List.of("a", "kubernetes.default.svc"), List.of("127.0.0.11")), NODES)).isEmpty();
  }

  @Test
  void onlyTheNodeItselfMayAskForItsCertificate() {
    RequestedCertificate forB = serving("system:node:b", List.of("b"), List.of("127.0.0.12"));
    // Another node, a user outside system:nodes, a subject that is not the requestor.
    assertThat(ServingApprovalRule.approval(nodeA(), forB, NODES)).isEmpty();
    assertThat(ServingApprovalRule.approval(csr(SigningRequests.KUBELET_SERVING, "system:node:b", "dev"), forB, NODES))
        .isEmpty();
    assertThat(ServingApprovalRule.approval(csr(SigningRequests.KUBELET_SERVING, "jane", "system:nodes"),
        serving("jane", List.of("a"), List.of()), NODES)).isEmpty();
  }

  @Test
  void aRequestTheSignerWouldRefuseOrOfAnotherSignerIsNotApproved() {
    RequestedCertificate own = serving("system:node:a", List.of("a"), List.of("127.0.0.11"));
    assertThat(ServingApprovalRule.approval(csr(SigningRequests.KUBE_APISERVER_CLIENT_KUBELET, "system:node:a",
        "system:nodes"), own, NODES)).isEmpty();
    assertThat(ServingApprovalRule.approval(nodeA(),
        new RequestedCertificate("system:node:a", List.of("system:masters"), List.of("a"), List.of(), List.of(), List.of(),
            false), NODES)).isEmpty();
    CertificateSigningRequest clientUsages = nodeA().toBuilder().setSpec(nodeA().getSpec().toBuilder().clearUsages()
        .addUsages("digital signature").addUsages("client auth")).build();
    assertThat(ServingApprovalRule.approval(clientUsages, own, NODES)).isEmpty();
  }

  @Test
  void aNodeNotYetRegisteredIsRetried() {
    assertThatThrownBy(() -> ServingApprovalRule.approval(csr(SigningRequests.KUBELET_SERVING, "system:node:c",
        "system:nodes"), serving("system:node:c", List.of("c"), List.of()), NODES))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("not registered yet");
  }
}
