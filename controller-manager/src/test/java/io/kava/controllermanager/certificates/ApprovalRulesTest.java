package io.kava.controllermanager.certificates;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.certificates.v1.CertificateSigningRequest;
import io.kava.api.certificates.v1.CertificateSigningRequestSpec;
import io.kava.client.certificates.RequestedCertificate;
import io.kava.client.certificates.SigningRequests;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which requests csrapproving approves: a node's own client certificate, and bootstrap requests. */
class ApprovalRulesTest {
  private static final RequestedCertificate NODE_A = RequestedCertificate.subject("system:node:a", List.of("system:nodes"), false);

  private static CertificateSigningRequest csr(String signer, String user, String... groups) {
    return CertificateSigningRequest.newBuilder().setSpec(CertificateSigningRequestSpec.newBuilder()
        .setSignerName(signer).addUsages("digital signature").addUsages("client auth").setUsername(user)
        .addAllGroups(List.of(groups)).addGroups("system:authenticated")).build();
  }

  @Test
  void aNodeGetsItsOwnClientCertificate() {
    assertThat(ApprovalRules.approval(csr(SigningRequests.KUBE_APISERVER_CLIENT_KUBELET, "system:node:a", "system:nodes"),
        NODE_A)).contains(ApprovalRules.SELF_NODE_CLIENT_MESSAGE);
  }

  @Test
  void aNodeDoesNotGetAnotherNodesCertificate() {
    assertThat(ApprovalRules.approval(csr(SigningRequests.KUBE_APISERVER_CLIENT_KUBELET, "system:node:b", "system:nodes"),
        NODE_A)).isEmpty();
  }

  @Test
  void aBootstrapperGetsANodeClientCertificate() {
    assertThat(ApprovalRules.approval(csr(SigningRequests.KUBE_APISERVER_CLIENT_KUBELET, "system:bootstrap:abcdef",
        "system:bootstrappers"), NODE_A)).contains(ApprovalRules.NODE_CLIENT_MESSAGE);
  }

  @Test
  void otherRequestsWaitForAPerson() {
    assertThat(ApprovalRules.approval(csr(SigningRequests.KUBE_APISERVER_CLIENT, "system:node:a", "system:nodes"),
        NODE_A)).isEmpty();
    assertThat(ApprovalRules.approval(csr(SigningRequests.KUBE_APISERVER_CLIENT_KUBELET, "jane", "dev"), NODE_A)).isEmpty();
    assertThat(ApprovalRules.approval(csr(SigningRequests.KUBE_APISERVER_CLIENT_KUBELET, "system:node:a", "system:nodes"),
        RequestedCertificate.subject("system:node:a", List.of("system:masters"), false))).isEmpty();
  }
}
