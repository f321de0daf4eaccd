package io.kava.kubectl.apply;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import io.kava.api.apps.v1.Deployment;
import io.kava.client.codec.Manifests;
import org.junit.jupiter.api.Test;

class ThreeWayMergeTest {
  private static final String APPLIED = """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
        namespace: default
        labels:
          app: web
          tier: front
      spec:
        replicas: 2
        selector:
          matchLabels:
            app: web
        template:
          metadata:
            labels:
              app: web
          spec:
            containers:
            - name: web
              image: nginx:1.14.2
              env:
              - name: A
                value: "1"
            - name: sidecar
              image: busybox
      """;
  /** What the server stored: the applied manifest plus defaults and another writer's label. */
  private static final String STORED = """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
        namespace: default
        uid: u-1
        resourceVersion: "42"
        labels:
          app: web
          tier: front
          owner: someone-else
      spec:
        replicas: 2
        selector:
          matchLabels:
            app: web
        template:
          metadata:
            labels:
              app: web
          spec:
            containers:
            - name: web
              image: nginx:1.14.2
              imagePullPolicy: IfNotPresent
              terminationMessagePath: /dev/termination-log
              env:
              - name: A
                value: "1"
            - name: sidecar
              image: busybox
              imagePullPolicy: IfNotPresent
            restartPolicy: Always
        strategy:
          type: RollingUpdate
          rollingUpdate:
            maxUnavailable: 25%
            maxSurge: 25%
        revisionHistoryLimit: 10
      status:
        replicas: 2
      """;

  private static Deployment parse(String yaml) {
    return (Deployment) Manifests.parseOne(yaml, "test.yaml");
  }

  @Test
  void theSameManifestChangesNothing() {
    Deployment current = parse(STORED);

    Message merged = ThreeWayMerge.merge(current, parse(APPLIED), parse(APPLIED));

    assertThat(merged).isEqualTo(current);
  }

  @Test
  void changedFieldsWinAndDefaultsBelowThemSurvive() {
    Deployment desired = parse(APPLIED.replace("image: nginx:1.14.2", "image: nginx:1.16.1").replace("replicas: 2", "replicas: 0"));

    Deployment merged = (Deployment) ThreeWayMerge.merge(parse(STORED), desired, parse(APPLIED));

    assertThat(merged.getSpec().getReplicas()).isZero();
    var web = merged.getSpec().getTemplate().getSpec().getContainers(0);
    assertThat(web.getImage()).isEqualTo("nginx:1.16.1");
    assertThat(web.getImagePullPolicy()).isEqualTo("IfNotPresent");
    assertThat(web.getTerminationMessagePath()).isEqualTo("/dev/termination-log");
    assertThat(merged.getSpec().getRevisionHistoryLimit()).isEqualTo(10);
    assertThat(merged.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getStrVal()).isEqualTo("25%");
    assertThat(merged.getStatus().getReplicas()).isEqualTo(2);
    assertThat(merged.getMetadata().getResourceVersion()).isEqualTo("42");
  }

  @Test
  void whatTheUserRemovedIsRemovedAndWhatOthersAddedStays() {
    Deployment applied = parse(APPLIED);
    Deployment.Builder desired = applied.toBuilder();
    desired.getMetadataBuilder().removeLabels("tier");
    var podSpec = desired.getSpecBuilder().getTemplateBuilder().getSpecBuilder();
    podSpec.removeContainers(1);
    podSpec.getContainersBuilder(0).clearEnv();

    Deployment merged = (Deployment) ThreeWayMerge.merge(parse(STORED), desired.build(), applied);

    assertThat(merged.getMetadata().getLabelsMap()).containsOnlyKeys("app", "owner");
    assertThat(merged.getSpec().getTemplate().getSpec().getContainersList()).extracting(c -> c.getName())
        .containsExactly("web");
    assertThat(merged.getSpec().getTemplate().getSpec().getContainers(0).getEnvList()).isEmpty();
    assertThat(merged.getSpec().getTemplate().getSpec().getContainers(0).getImagePullPolicy()).isEqualTo("IfNotPresent");
  }

  @Test
  void withoutALastAppliedManifestNothingIsRemoved() {
    Deployment desired = parse(APPLIED.replace("    tier: front\n", ""));

    Deployment merged = (Deployment) ThreeWayMerge.merge(parse(STORED), desired, null);

    assertThat(merged.getMetadata().getLabelsMap()).containsKeys("app", "tier", "owner");
  }

  @Test
  void containersMergeByNameNotPosition() {
    Deployment applied = parse(APPLIED);
    Deployment.Builder desired = applied.toBuilder();
    var podSpec = desired.getSpecBuilder().getTemplateBuilder().getSpecBuilder();
    var web = podSpec.getContainers(0);
    podSpec.removeContainers(0).addContainers(web);

    Deployment merged = (Deployment) ThreeWayMerge.merge(parse(STORED), desired.build(), applied);

    var containers = merged.getSpec().getTemplate().getSpec().getContainersList();
    assertThat(containers).extracting(c -> c.getName()).containsExactly("sidecar", "web");
    assertThat(containers.get(1).getTerminationMessagePath()).isEqualTo("/dev/termination-log");
    assertThat(containers.get(0).getTerminationMessagePath()).isEmpty();
  }

  @Test
  void removingAFieldFromTheManifestClearsIt() {
    Deployment applied = parse(APPLIED);
    Deployment desired = applied.toBuilder().setSpec(applied.getSpec().toBuilder().clearReplicas()).build();

    Deployment merged = (Deployment) ThreeWayMerge.merge(parse(STORED), desired, applied);

    assertThat(merged.getSpec().hasReplicas()).isFalse();
  }
}
