package io.kava.client.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RoundTripTest {

  static Stream<Arguments> richObjects() {
    return Kinds.all().stream().flatMap(kind -> Stream.of(1, 2, 3).map(seed -> Arguments.of(kind.kind(), seed)));
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("richObjects")
  void yamlRoundTripKeepsEveryField(String kindName, int seed) {
    Message object = rich(kindName, seed);

    String yaml = Manifests.toYaml(object);

    assertThat(Manifests.parseOne(yaml, "rt.yaml")).as(yaml).isEqualTo(object);
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("richObjects")
  void jsonRoundTripKeepsEveryField(String kindName, int seed) {
    Message object = rich(kindName, seed);

    assertThat(Manifests.parseOne(Manifests.toJson(object), "rt.json")).isEqualTo(object);
    assertThat(Manifests.parseOne(Manifests.toCompactJson(object), "rt.json")).isEqualTo(object);
  }

  @ParameterizedTest
  @ValueSource(strings = {"nginx-deployment.yaml", "service.yaml", "configmap.yaml", "secret.yaml", "pod-probes.yaml",
      "list.json"})
  void upstreamManifestsRoundTrip(String fixture) {
    List<Message> objects = Manifests.parse(Fixtures.manifest(fixture), fixture);

    for (Message object : objects) {
      assertThat(Manifests.parseOne(Manifests.toYaml(object), fixture)).isEqualTo(object);
      assertThat(Manifests.parseOne(Manifests.toJson(object), fixture)).isEqualTo(object);
    }
    assertThat(Manifests.parse(Manifests.listToYaml(objects), fixture)).isEqualTo(objects);
  }

  private static Message rich(String kindName, int seed) {
    Kind kind = Kinds.all().stream().filter(k -> k.kind().equals(kindName)).findFirst().orElseThrow();
    return new RichObjects(seed).build(kind);
  }
}
