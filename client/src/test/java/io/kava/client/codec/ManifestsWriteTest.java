package io.kava.client.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.kava.api.apps.v1.Deployment;
import io.kava.api.apps.v1.DeploymentSpec;
import io.kava.api.core.v1.ConfigMap;
import io.kava.api.core.v1.Namespace;
import io.kava.api.core.v1.Secret;
import io.kava.api.meta.v1.ObjectMeta;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestsWriteTest {

  @Test
  void writesTheNginxDeploymentBackAsTheDocsWroteIt() {
    String manifest = Fixtures.manifest("nginx-deployment.yaml");

    String yaml = Manifests.toYaml(Manifests.parseOne(manifest, "nginx-deployment.yaml"));

    assertThat(yaml).isEqualTo(manifest);
  }

  @Test
  void writesPrettyJsonInKubectlsShape() {
    Namespace ns = Namespace.newBuilder().setApiVersion("v1").setKind("Namespace")
        .setMetadata(ObjectMeta.newBuilder().setName("dev").putLabels("b", "2").putLabels("a", "1")
            .addFinalizers("kubernetes"))
        .build();

    assertThat(Manifests.toJson(ns)).isEqualTo("""
        {
          "apiVersion": "v1",
          "kind": "Namespace",
          "metadata": {
            "name": "dev",
            "labels": {
              "a": "1",
              "b": "2"
            },
            "finalizers": [
              "kubernetes"
            ]
          }
        }
        """);
  }

  @Test
  void fillsApiVersionAndKindFromTheRegistryWhenMissing() {
    Namespace ns = Namespace.newBuilder().setMetadata(ObjectMeta.newBuilder().setName("dev")).build();

    assertThat(Manifests.toYaml(ns)).isEqualTo("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: dev\n");
  }

  @Test
  void writesOptionalZeroButLeavesOutPlainDefaults() {
    Deployment d = Deployment.newBuilder().setApiVersion("apps/v1").setKind("Deployment")
        .setMetadata(ObjectMeta.newBuilder().setName("d").setGeneration(0))
        .setSpec(DeploymentSpec.newBuilder().setReplicas(0).setMinReadySeconds(0).setPaused(false))
        .build();

    assertThat(Manifests.toYaml(d)).isEqualTo("""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: d
        spec:
          replicas: 0
        """);
  }

  @Test
  void writesIntOrStringAsABareValueAndQuotesNumericStrings() {
    String yaml = Manifests.toYaml(Manifests.parseOne(Fixtures.manifest("pod-probes.yaml"), "p.yaml"));

    assertThat(yaml).contains("        port: 8080\n").contains("        port: http\n");
    String text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  port: \"8080\"\n  on: \"true\"\n";
    String written = Manifests.toYaml(Manifests.parseOne(text, "c.yaml"));
    assertThat(written).contains("  port: \"8080\"\n").contains("  \"on\": \"true\"\n");
  }

  @Test
  void leavesPercentagesPlainAsKubectlPrintsThem() {
    String text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  surge: 25%\n  version: 1.14.2\n"
        + "  ip: 10.96.0.10\n  ratio: \"1.5\"\n  hex: \"0x1F\"\n  exp: \"1e3\"\n  time: \"2024-01-01T00:00:00Z\"\n"
        + "  sexagesimal: \"1:30\"\n  pair: 80:8080\n";
    String written = Manifests.toYaml(Manifests.parseOne(text, "c.yaml"));
    // as Go's YAML writer: quoted only where a reader would see a number or a timestamp
    assertThat(written).contains("  surge: 25%\n").contains("  version: 1.14.2\n").contains("  ip: 10.96.0.10\n")
        .contains("  ratio: \"1.5\"\n").contains("  hex: \"0x1F\"\n").contains("  exp: \"1e3\"\n")
        .contains("  time: \"2024-01-01T00:00:00Z\"\n").contains("  sexagesimal: \"1:30\"\n")
        .contains("  pair: 80:8080\n");
    assertThat(Manifests.parseOne(written, "again.yaml")).isEqualTo(Manifests.parseOne(text, "c.yaml"));
  }

  @Test
  void keysThatOnlyStartLikeNumbersStayPlain() {
    String text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  .dockerconfigjson: x\n"
        + "  -dash: y\n  \"8080\": z\n  1.14.2: w\n";
    String written = Manifests.toYaml(Manifests.parseOne(text, "c.yaml"));
    // as Go's YAML writer: a key is quoted only when it would read back as something other than a string
    assertThat(written).contains("  .dockerconfigjson: x\n").contains("  -dash: \"y\"\n").contains("  \"8080\": z\n")
        .contains("  1.14.2: w\n");
    assertThat(Manifests.parseOne(written, "again.yaml")).isEqualTo(Manifests.parseOne(text, "c.yaml"));
  }

  @Test
  void writesBytesAsBase64AndMapsSortedByKey() {
    Secret s = Secret.newBuilder().setApiVersion("v1").setKind("Secret")
        .setMetadata(ObjectMeta.newBuilder().setName("s"))
        .putData("username", ByteString.copyFromUtf8("admin"))
        .putData("password", ByteString.copyFromUtf8("1f2d1e2e67df"))
        .setType("Opaque")
        .build();

    assertThat(Manifests.toYaml(s)).isEqualTo("""
        apiVersion: v1
        kind: Secret
        metadata:
          name: s
        data:
          password: MWYyZDFlMmU2N2Rm
          username: YWRtaW4=
        type: Opaque
        """);
  }

  @Test
  void writesMultiLineStringsAsLiteralBlocks() {
    ConfigMap cm = ConfigMap.newBuilder().setApiVersion("v1").setKind("ConfigMap")
        .setMetadata(ObjectMeta.newBuilder().setName("c"))
        .putData("game.properties", "enemy.types=aliens,monsters\nplayer.maximum-lives=5\n")
        .build();

    assertThat(Manifests.toYaml(cm)).isEqualTo("""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: c
        data:
          game.properties: |
            enemy.types=aliens,monsters
            player.maximum-lives=5
        """);
  }

  @Test
  void writesSeveralObjectsAsAV1List() {
    Namespace a = Namespace.newBuilder().setMetadata(ObjectMeta.newBuilder().setName("a")).build();
    Namespace b = Namespace.newBuilder().setMetadata(ObjectMeta.newBuilder().setName("b")).build();

    String yaml = Manifests.listToYaml(List.of(a, b));

    assertThat(yaml).isEqualTo("""
        apiVersion: v1
        items:
        - apiVersion: v1
          kind: Namespace
          metadata:
            name: a
        - apiVersion: v1
          kind: Namespace
          metadata:
            name: b
        kind: List
        metadata:
          resourceVersion: ""
        """);
    assertThat(Manifests.parse(yaml, "list.yaml")).hasSize(2);
    assertThat(Manifests.parse(Manifests.listToJson(List.of(a, b)), "list.json")).hasSize(2);
  }

  @Test
  void longValuesAreNotFolded() {
    String longValue = "word ".repeat(40).strip();
    ConfigMap cm = ConfigMap.newBuilder().setMetadata(ObjectMeta.newBuilder().setName("c")).putData("k", longValue).build();

    assertThat(Manifests.toYaml(cm)).contains("  k: " + longValue + "\n");
  }

  @Test
  void compactJsonIsOneLine() {
    Namespace ns = Namespace.newBuilder().setMetadata(ObjectMeta.newBuilder().setName("a")).build();

    assertThat(Manifests.toCompactJson(ns))
        .isEqualTo("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"a\"}}");
  }
}
