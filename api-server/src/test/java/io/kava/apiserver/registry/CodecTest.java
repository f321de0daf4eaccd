package io.kava.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodSpec;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.apiserver.errors.ApiError;
import io.kava.client.Kinds;
import com.google.protobuf.Message;
import org.junit.jupiter.api.Test;

class CodecTest {
  @Test
  void theStoredBytesWithTheRevisionAppendedParseAsTheDecodedObject() throws Exception {
    Pod pod = Pod.newBuilder().setApiVersion("v1").setKind("Pod")
        .setMetadata(ObjectMeta.newBuilder().setName("web").setNamespace("default").putLabels("app", "web").setUid("u-1"))
        .setSpec(PodSpec.newBuilder().addContainers(Container.newBuilder().setName("c").setImage("nginx"))).build();
    byte[] stored = Codec.encode(pod);

    Pod wire = Pod.parseFrom(Codec.encodedWithRevision(Kinds.POD, stored, 42));

    assertThat(wire).isEqualTo(Codec.decode(Kinds.POD, stored, 42));
    assertThat(wire.getMetadata().getResourceVersion()).isEqualTo("42");
  }

  @Test
  void apiVersionAndKindAreSetEvenWhenTheStoredBytesLackThem() throws Exception {
    byte[] stored = Pod.newBuilder().setMetadata(ObjectMeta.newBuilder().setName("bare")).build().toByteArray();

    Pod wire = Pod.parseFrom(Codec.encodedWithRevision(Kinds.POD, stored, 7));

    assertThat(wire).isEqualTo(Codec.decode(Kinds.POD, stored, 7));
    assertThat(wire.getKind()).isEqualTo("Pod");
  }

  @Test
  void decodeGivesTheStoredObjectWithApiVersionKindAndTheRevision() {
    Pod pod = Pod.newBuilder().setApiVersion("v1").setKind("Pod")
        .setMetadata(ObjectMeta.newBuilder().setName("web").setNamespace("default").putLabels("app", "web")
            .setResourceVersion("stale"))
        .setSpec(PodSpec.newBuilder().setNodeName("n1").addContainers(Container.newBuilder().setName("c").setImage("nginx")))
        .build();
    byte[] bare = pod.toBuilder().clearApiVersion().clearKind().build().toByteArray();

    Message decoded = Codec.decode(Kinds.POD, bare, 42);

    assertThat(decoded).isEqualTo(pod.toBuilder()
        .setMetadata(pod.getMetadata().toBuilder().setResourceVersion("42")).build());
  }

  @Test
  void aCorruptStoredObjectIsAnInternalErrorNamingItsKind() {
    assertThatThrownBy(() -> Codec.decode(Kinds.POD, new byte[] {(byte) 0xff, 0x01}, 1))
        .isInstanceOf(ApiError.class).hasMessageContaining("stored Pod could not be decoded");
  }
}
