package io.kava.controllermanager.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.PodSpec;
import io.kava.api.core.v1.PodTemplateSpec;
import io.kava.api.meta.v1.ObjectMeta;
import org.junit.jupiter.api.Test;

class PodTemplateHashTest {
  private static PodTemplateSpec template(String image, String... labels) {
    ObjectMeta.Builder meta = ObjectMeta.newBuilder();
    for (int i = 0; i < labels.length; i += 2) {
      meta.putLabels(labels[i], labels[i + 1]);
    }
    return PodTemplateSpec.newBuilder().setMetadata(meta)
        .setSpec(PodSpec.newBuilder().addContainers(Container.newBuilder().setName("nginx").setImage(image))).build();
  }

  @Test
  void hashIsSafeEncodedDigitsOfFnv32a() {
    String hash = PodTemplateHash.compute(template("nginx:1.14.2", "app", "nginx"), null);
    assertThat(hash).matches("[bcdfghjklmnpqrstvwxz2456789]{1,10}");
    // Digits are characters 48-57, taken modulo the 27-letter alphabet.
    assertThat(PodTemplateHash.safeEncode("0123456789")).isEqualTo("456789bcdf");
    // Upstream's example name nginx-deployment-66b6c48dd5 is the hash 2262704881 encoded this way.
    assertThat(PodTemplateHash.safeEncode("2262704881")).isEqualTo("66b6c48dd5");
  }

  @Test
  void hashIsStableAcrossLabelOrderAndChangesWithTemplateAndCollisionCount() {
    PodTemplateSpec a = template("nginx:1.14.2", "app", "nginx", "tier", "web");
    PodTemplateSpec sameOtherOrder = template("nginx:1.14.2", "tier", "web", "app", "nginx");
    String hash = PodTemplateHash.compute(a, null);
    assertThat(PodTemplateHash.compute(sameOtherOrder, null)).isEqualTo(hash);
    assertThat(PodTemplateHash.compute(template("nginx:1.16.1", "app", "nginx", "tier", "web"), null)).isNotEqualTo(hash);
    assertThat(PodTemplateHash.compute(a, 0)).isNotEqualTo(hash);
    assertThat(PodTemplateHash.compute(a, 1)).isNotEqualTo(PodTemplateHash.compute(a, 0));
  }
}
