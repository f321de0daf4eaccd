package io.kava.client.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.kava.api.apps.v1.ControllerRevision;
import io.kava.api.apps.v1.Deployment;
import io.kava.api.core.v1.ConfigMap;
import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.Namespace;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.Secret;
import io.kava.api.core.v1.Service;
import io.kava.api.meta.v1.IntOrString;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestsParseTest {

  @Test
  void readsTheUpstreamNginxDeployment() {
    List<Message> objects = Manifests.parse(Fixtures.manifest("nginx-deployment.yaml"), "nginx-deployment.yaml");

    assertThat(objects).hasSize(1);
    Deployment d = (Deployment) objects.get(0);
    assertThat(d.getApiVersion()).isEqualTo("apps/v1");
    assertThat(d.getKind()).isEqualTo("Deployment");
    assertThat(d.getMetadata().getName()).isEqualTo("nginx-deployment");
    assertThat(d.getMetadata().getLabelsMap()).containsExactly(java.util.Map.entry("app", "nginx"));
    assertThat(d.getSpec().hasReplicas()).isTrue();
    assertThat(d.getSpec().getReplicas()).isEqualTo(3);
    assertThat(d.getSpec().getSelector().getMatchLabelsMap()).containsEntry("app", "nginx");
    assertThat(d.getSpec().getTemplate().getMetadata().getLabelsMap()).containsEntry("app", "nginx");
    Container c = d.getSpec().getTemplate().getSpec().getContainers(0);
    assertThat(c.getName()).isEqualTo("nginx");
    assertThat(c.getImage()).isEqualTo("nginx:1.14.2");
    assertThat(c.getPortsList()).singleElement().satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(80));
    assertThat(d.getSpec().hasRevisionHistoryLimit()).as("unset optional stays unset").isFalse();
    assertThat(d.getSpec().hasStrategy()).isFalse();
  }

  @Test
  void readsAServiceWithANumericTargetPort() {
    Service s = (Service) Manifests.parseOne(Fixtures.manifest("service.yaml"), "service.yaml");

    assertThat(s.getSpec().getSelectorMap()).containsEntry("app.kubernetes.io/name", "MyApp");
    assertThat(s.getSpec().getPorts(0).getProtocol()).isEqualTo("TCP");
    assertThat(s.getSpec().getPorts(0).getPort()).isEqualTo(80);
    assertThat(s.getSpec().getPorts(0).getTargetPort()).isEqualTo(IntOrString.newBuilder().setIntVal(9376).build());
  }

  @Test
  void readsMultiLineConfigMapDataExactly() {
    ConfigMap cm = (ConfigMap) Manifests.parseOne(Fixtures.manifest("configmap.yaml"), "configmap.yaml");

    assertThat(cm.getDataMap()).containsOnlyKeys("player_initial_lives", "ui_properties_file_name",
        "game.properties", "user-interface.properties");
    assertThat(cm.getDataMap().get("player_initial_lives")).isEqualTo("3");
    assertThat(cm.getDataMap().get("game.properties"))
        .isEqualTo("enemy.types=aliens,monsters\nplayer.maximum-lives=5    \n");
    assertThat(cm.getDataMap().get("user-interface.properties"))
        .isEqualTo("color.good=purple\ncolor.bad=yellow\nallow.textmode=true    \n");
  }

  @Test
  void decodesSecretDataFromBase64AndKeepsStringData() {
    Secret s = (Secret) Manifests.parseOne(Fixtures.manifest("secret.yaml"), "secret.yaml");

    assertThat(s.getType()).isEqualTo("Opaque");
    assertThat(s.getDataMap().get("username")).isEqualTo(ByteString.copyFromUtf8("admin"));
    assertThat(s.getDataMap().get("password").toString(StandardCharsets.UTF_8)).isEqualTo("1f2d1e2e67df");
    assertThat(s.getStringDataMap().get("config.yaml")).isEqualTo("apiUrl: \"https://my.api.com/api/v1\"\n");
  }

  @Test
  void readsProbePortsAsNumberOrNameAndKeepsOptionalZero() {
    Pod pod = (Pod) Manifests.parseOne(Fixtures.manifest("pod-probes.yaml"), "pod-probes.yaml");

    Container c = pod.getSpec().getContainers(0);
    assertThat(c.getLivenessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(8080);
    assertThat(c.getLivenessProbe().getHttpGet().getHttpHeaders(0).getValue()).isEqualTo("Awesome");
    assertThat(c.getLivenessProbe().getPeriodSeconds()).isEqualTo(3);
    assertThat(c.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
    assertThat(c.getReadinessProbe().hasFailureThreshold()).as("explicit zero keeps presence").isTrue();
    assertThat(c.getReadinessProbe().hasPeriodSeconds()).isFalse();
    assertThat(c.getArgsList()).containsExactly("liveness");
  }

  @Test
  void readsMultiDocumentYamlSkippingEmptyDocuments() {
    String text = "---\n# only a comment\n---\n" + Fixtures.manifest("service.yaml") + "---\n---\n"
        + Fixtures.manifest("nginx-deployment.yaml") + "...\n";

    List<Message> objects = Manifests.parse(text, "all.yaml");

    assertThat(objects).extracting(o -> o.getClass().getSimpleName()).containsExactly("Service", "Deployment");
  }

  @Test
  void readsFlowStyleYaml() {
    String text = "{apiVersion: v1, kind: Namespace, metadata: {name: dev, labels: {team: a}}}";

    Namespace ns = (Namespace) Manifests.parseOne(text, "ns.yaml");

    assertThat(ns.getMetadata().getName()).isEqualTo("dev");
    assertThat(ns.getMetadata().getLabelsMap()).containsEntry("team", "a");
  }

  @Test
  void readsJsonObjectsOneAfterAnother() {
    String text = "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"a\"}}\n"
        + "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"d\"},"
        + "\"spec\":{\"replicas\":0,\"strategy\":{\"rollingUpdate\":{\"maxSurge\":\"25%\",\"maxUnavailable\":1}}}}";

    List<Message> objects = Manifests.parse(text, "x.json");

    assertThat(objects).hasSize(2);
    Deployment d = (Deployment) objects.get(1);
    assertThat(d.getSpec().hasReplicas()).isTrue();
    assertThat(d.getSpec().getReplicas()).isZero();
    assertThat(d.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getStrVal()).isEqualTo("25%");
    assertThat(d.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isEqualTo(1);
  }

  @Test
  void readsTheItemsOfAJsonList() {
    List<Message> objects = Manifests.parse(Fixtures.manifest("list.json"), "list.json");

    assertThat(objects).hasSize(2);
    assertThat(((Namespace) objects.get(0)).getMetadata().getName()).isEqualTo("team-a");
    assertThat(((ConfigMap) objects.get(1)).getDataMap()).containsEntry("mode", "fast");
  }

  @Test
  void readsTheItemsOfAYamlTypedList() {
    String text = "apiVersion: v1\nkind: PodList\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: a\n"
        + "- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: b\n";

    List<Message> objects = Manifests.parse(text, "pods.yaml");

    assertThat(objects).extracting(o -> ((Pod) o).getMetadata().getName()).containsExactly("a", "b");
  }

  @Test
  void nullMeansUnset() {
    String text = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n  creationTimestamp: null\n"
        + "spec:\n  replicas: null\n  strategy: {}\n  template:\n    metadata:\n      labels: ~\n";

    Deployment d = (Deployment) Manifests.parseOne(text, "d.yaml");

    assertThat(d.getSpec().hasReplicas()).isFalse();
    assertThat(d.getSpec().hasStrategy()).as("an empty object is present").isTrue();
    assertThat(d.getMetadata().getCreationTimestamp()).isEmpty();
    assertThat(d.getSpec().getTemplate().getMetadata().getLabelsMap()).isEmpty();
  }

  @Test
  void usesUpstreamJsonNamesForOddlyCapitalisedFields() {
    String text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostIPC: true\n"
        + "status:\n  podIP: 10.0.0.5\n  hostIP: 127.0.0.11\n  containerStatuses:\n  - name: c\n"
        + "    containerID: docker://abc\n    imageID: sha256:1\n";

    Pod pod = (Pod) Manifests.parseOne(text, "p.yaml");

    assertThat(pod.getSpec().getHostIpc()).isTrue();
    assertThat(pod.getStatus().getPodIp()).isEqualTo("10.0.0.5");
    assertThat(pod.getStatus().getHostIp()).isEqualTo("127.0.0.11");
    assertThat(pod.getStatus().getContainerStatuses(0).getContainerId()).isEqualTo("docker://abc");
    assertThat(pod.getStatus().getContainerStatuses(0).getImageId()).isEqualTo("sha256:1");
  }

  @Test
  void parseAsGivesTheTypedObject() {
    Deployment d = Manifests.parseAs(Fixtures.manifest("nginx-deployment.yaml"), Deployment.class);

    assertThat(d.getMetadata().getName()).isEqualTo("nginx-deployment");
  }

  @Test
  void aControllerRevisionsDataIsAnyJsonKeptAsItsTextAndWrittenBackInline() {
    String yaml = """
        apiVersion: apps/v1
        kind: ControllerRevision
        metadata:
          name: web-7c9d
        revision: 2
        data:
          spec:
            template:
              metadata:
                labels: {app: nginx}
              $patch: replace
        """;

    ControllerRevision r = (ControllerRevision) Manifests.parseOne(yaml, "cr.yaml");

    assertThat(r.getRevision()).isEqualTo(2);
    assertThat(r.getData().getRaw().toStringUtf8())
        .isEqualTo("{\"spec\":{\"template\":{\"metadata\":{\"labels\":{\"app\":\"nginx\"}},\"$patch\":\"replace\"}}}");
    assertThat(Manifests.toTree(r).get("data").get("spec").get("template").get("$patch").asText()).isEqualTo("replace");
    assertThat(Manifests.parseOne(Manifests.toYaml(r), "cr.yaml")).isEqualTo(r);
  }
}
