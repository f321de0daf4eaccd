package io.kava.client.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kava.api.core.v1.ConfigMap;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodSpec;
import io.kava.api.core.v1.PodStatus;
import io.kava.api.meta.v1.ObjectMeta;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldSelectorsTest {
  private static final Pod POD = Pod.newBuilder()
      .setMetadata(ObjectMeta.newBuilder().setName("web-0").setNamespace("default"))
      .setSpec(PodSpec.newBuilder().setNodeName("node-1"))
      .setStatus(PodStatus.newBuilder().setPhase("Running"))
      .build();

  @Test
  void matchesPodFields() {
    assertThat(FieldSelectors.parse("spec.nodeName=node-1,status.phase=Running").matches(POD)).isTrue();
    assertThat(FieldSelectors.parse("spec.nodeName==node-1").matches(POD)).isTrue();
    assertThat(FieldSelectors.parse("spec.nodeName!=node-1").matches(POD)).isFalse();
    assertThat(FieldSelectors.parse("spec.nodeName=").matches(POD)).isFalse();
    assertThat(FieldSelectors.parse("metadata.name=web-0,metadata.namespace=default").matches(POD)).isTrue();
    assertThat(FieldSelectors.parse("").matches(POD)).isTrue();
  }

  @Test
  void unescapesAndPrintsBack() {
    FieldSelector s = FieldSelectors.parse("metadata.name=a\\,b,status.phase!=x\\=y");
    assertThat(s.requirements()).containsExactly(
        new FieldRequirement("metadata.name", true, "a,b"), new FieldRequirement("status.phase", false, "x=y"));
    assertThat(s.toString()).isEqualTo("metadata.name=a\\,b,status.phase!=x\\=y");
    assertThat(s.matches(Map.of("metadata.name", "a,b", "status.phase", "y"))).isTrue();
    assertThat(s.requiredValue("metadata.name")).isEqualTo("a,b");
  }

  @Test
  void refusesMalformedSelectorsAndUnknownFields() {
    assertThatThrownBy(() -> FieldSelectors.parse("foo")).hasMessageContaining("invalid selector");
    assertThatThrownBy(() -> FieldSelectors.parse("=x")).hasMessageContaining("field name is empty");
    assertThatThrownBy(() -> FieldSelectors.parse("spec.nodeName=x").checkSupported(ConfigMap.getDefaultInstance()))
        .hasMessage("field label not supported: spec.nodeName");
    assertThat(FieldSelectors.parse("spec.nodeName=x").checkSupported(Pod.getDefaultInstance())).isNotNull();
  }
}
