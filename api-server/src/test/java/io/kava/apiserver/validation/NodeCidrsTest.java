package io.kava.apiserver.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.NodeSpec;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.apiserver.errors.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeCidrsTest {
  private static Node node(String podCidr, String... podCidrs) {
    return Node.newBuilder().setMetadata(ObjectMeta.newBuilder().setName("node-1"))
        .setSpec(NodeSpec.newBuilder().setPodCidr(podCidr).addAllPodCidrs(List.of(podCidrs))).build();
  }

  private static List<String> fields(List<FieldError> errors) {
    return errors.stream().map(FieldError::field).toList();
  }

  @Test
  void podCidrAloneFillsPodCidrsAndPodCidrsWinsWhenBothDiffer() {
    assertThat(NodeCidrs.defaults(node("10.244.1.0/24")).getSpec().getPodCidrsList()).containsExactly("10.244.1.0/24");
    assertThat(NodeCidrs.defaults(node("10.244.9.0/24", "10.244.1.0/24")).getSpec().getPodCidr())
        .isEqualTo("10.244.1.0/24");
  }

  @Test
  void anInvalidCidrOrTwoOfOneFamilyIsRefused() {
    assertThat(fields(CoreValidation.validateNode(node("", "10.244.1.0/24", "fd00::/64")))).isEmpty();
    assertThat(fields(CoreValidation.validateNode(node("", "10.244.1.0")))).containsExactly("spec.podCIDRs[0]");
    assertThat(fields(CoreValidation.validateNode(node("", "10.244.1.0/24", "10.244.2.0/24"))))
        .containsExactly("spec.podCIDRs");
  }

  @Test
  void podCidrsMaySetOnceButNeverChange() {
    assertThat(CoreValidation.validateNodeUpdate(node("", "10.244.1.0/24"), node(""))).isEmpty();
    assertThat(fields(CoreValidation.validateNodeUpdate(node("", "10.244.2.0/24"), node("", "10.244.1.0/24"))))
        .containsExactly("spec.podCIDRs");
    assertThat(fields(CoreValidation.validateNodeUpdate(node(""), node("", "10.244.1.0/24"))))
        .containsExactly("spec.podCIDRs");
  }
}
