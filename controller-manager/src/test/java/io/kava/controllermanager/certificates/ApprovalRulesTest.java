package io.kava.controllermanager.certificates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kava.api.authorization.v1.SubjectAccessReview;
import io.kava.api.authorization.v1.SubjectAccessReviewStatus;
import io.kava.api.certificates.v1.CertificateSigningRequest;
import io.kava.api.certificates.v1.CertificateSigningRequestSpec;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.client.certificates.RequestedCertificate;
import io.kava.client.certificates.SigningRequests;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Which requests csrapproving approves: upstream's recognizers (a node's own client certificate, any
 * kubelet client certificate), each confirmed by a SubjectAccessReview, answered here by a fake that
 * plays the default bindings (selfnodeclient to system:nodes, nodeclient to system:bootstrappers).
 */
class ApprovalRulesTest {
  private static final RequestedCertificate NODE_A = RequestedCertificate.subject("system:node:a", List.of("system:nodes"), false);
  private final List<SubjectAccessReview> asked = new ArrayList<>();
  private final Function<SubjectAccessReview, SubjectAccessReview> bindings = review -> {
    asked.add(review);
    var spec = review.getSpec();
    String sub = spec.getResourceAttributes().getSubresource();
    boolean allowed = sub.equals("selfnodeclient") && spec.getGroupsList().contains("system:nodes")
        || sub.equals("nodeclient") && spec.getGroupsList().contains("system:bootstrappers");
    return review.toBuilder().setStatus(SubjectAccessReviewStatus.newBuilder().setAllowed(allowed)).build();
  };

  private static CertificateSigningRequest csr(String signer, String user, String... groups) {
    return CertificateSigningRequest.newBuilder().setMetadata(ObjectMeta.newBuilder().setName("csr-1"))
        .setSpec(CertificateSigningRequestSpec.newBuilder()
        .setSignerName(signer).addUsages("digital signature").addUsages("client auth").setUsername(user).setUid("u1")
        .addAllGroups(List.of(groups)).addGroups("system:authenticated")).build();
  }

  @Test
  void aNodeGetsItsOwnClientCertificateAfterAReviewOfSelfnodeclient() {
    assertThat(ApprovalRules.approval(csr(SigningRequests.KUBE_APISERVER_CLIENT_KUBELET, "system:node:a", "system:nodes"),
        NODE_A, bindings)).contains(ApprovalRules.SELF_NODE_CLIENT_MESSAGE);
    var spec = asked.get(0).getSpec();
    assertThat(spec.getUser()).isEqualTo("system:node:a");
    assertThat(spec.getUid()).isEqualTo("u1");
    assertThat(spec.getGroupsList()).containsExactly("system:nodes", "system:authenticated");
    assertThat(spec.getResourceAttributes().getGroup()).isEqualTo("certificates.k8s.io");
    assertThat(spec.getResourceAttributes().getResource()).isEqualTo("certificatesigningrequests");
    assertThat(spec.getResourceAttributes().getVerb()).isEqualTo("create");
  }

  @Test
  void aNodeAskingForAnotherNodesCertificateIsRecognizedOnlyAsNodeclientAndRefused() {
    assertThatThrownBy(() -> ApprovalRules.approval(csr(SigningRequests.KUBE_APISERVER_CLIENT_KUBELET, "system:node:b",
        "system:nodes"), NODE_A, bindings))
        .hasMessage("recognized csr \"csr-1\" as [nodeclient] but subject access review was not approved");
  }

  @Test
  void aBootstrapperGetsANodeClientCertificate() {
    assertThat(ApprovalRules.approval(csr(SigningRequests.KUBE_APISERVER_CLIENT_KUBELET, "system:bootstrap:abcdef",
        "system:bootstrappers"), NODE_A, bindings)).contains(ApprovalRules.NODE_CLIENT_MESSAGE);
    assertThat(asked).extracting(r -> r.getSpec().getResourceAttributes().getSubresource()).containsExactly("nodeclient");
  }

  @Test
  void otherRequestsWaitForAPersonWithoutAnyReview() {
    assertThat(ApprovalRules.approval(csr(SigningRequests.KUBE_APISERVER_CLIENT, "system:node:a", "system:nodes"),
        NODE_A, bindings)).isEmpty();
    assertThat(ApprovalRules.approval(csr(SigningRequests.KUBE_APISERVER_CLIENT_KUBELET, "system:node:a", "system:nodes"),
        RequestedCertificate.subject("system:node:a", List.of("system:masters"), false), bindings)).isEmpty();
    assertThat(asked).isEmpty();
  }

  @Test
  void aUserWithoutTheBindingsIsRefused() {
    assertThatThrownBy(() -> ApprovalRules.approval(csr(SigningRequests.KUBE_APISERVER_CLIENT_KUBELET, "jane", "dev"),
        NODE_A, bindings)).isInstanceOf(IllegalStateException.class);
  }
}
