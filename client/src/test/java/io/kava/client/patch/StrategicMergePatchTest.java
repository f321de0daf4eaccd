package io.kava.client.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.kava.api.apps.v1.Deployment;
import io.kava.api.core.v1.PodSpec;
import io.kava.api.core.v1.Service;
import io.kava.api.meta.v1.ObjectMeta;
import org.junit.jupiter.api.Test;

/**
 * Upstream's cases (k8s.io/apimachinery/pkg/util/strategicpatch/patch_test.go: each case's three-way
 * patch applied to "current" gives "result"), with their test schema's mergingList and nonMergingList
 * played by real lists: containers, env, volumeMounts, ports, volumes, imagePullSecrets, hostAliases merge
 * on their keys; args and tolerations are replaced; finalizers merge as a set.
 */
class StrategicMergePatchTest {
  private static final YAMLMapper YAML = new YAMLMapper();

  private static JsonNode yaml(String text) {
    try {
      return YAML.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static JsonNode podSpec(String current, String patch) {
    return StrategicMergePatch.apply(yaml(current), yaml(patch), PodSpec.getDescriptor());
  }

  @Test
  void addFieldToMapInMergingListKeepsOtherElementsAndFields() {
    assertThat(podSpec("""
        containers:
        - {name: "1", image: "1", workingDir: a}
        - {name: "2", image: "2", workingDir: b}
        """, """
        containers:
        - {name: "1", image: "a"}
        """)).isEqualTo(yaml("""
        containers:
        - {name: "1", image: "a", workingDir: a}
        - {name: "2", image: "2", workingDir: b}
        """));
  }

  @Test
  void addMapToMergingListAppendsIt() {
    assertThat(podSpec("""
        containers:
        - {name: "1", workingDir: a}
        - {name: "2", workingDir: b}
        """, """
        containers:
        - {name: "3", image: "2"}
        """)).isEqualTo(yaml("""
        containers:
        - {name: "1", workingDir: a}
        - {name: "2", workingDir: b}
        - {name: "3", image: "2"}
        """));
  }

  @Test
  void deleteMapFromMergingList() {
    assertThat(podSpec("""
        containers:
        - {name: "1"}
        - {name: "2", workingDir: b}
        """, """
        containers:
        - {name: "1", $patch: delete}
        """)).isEqualTo(yaml("""
        containers:
        - {name: "2", workingDir: b}
        """));
  }

  @Test
  void deleteMissingMapFromMergingListChangesNothing() {
    assertThat(podSpec("""
        containers:
        - {name: "2", workingDir: b}
        """, """
        containers:
        - {name: "1", $patch: delete}
        """)).isEqualTo(yaml("""
        containers:
        - {name: "2", workingDir: b}
        """));
  }

  @Test
  void addMapAndDeleteMapFromMergingList() {
    assertThat(podSpec("""
        containers:
        - {name: "1"}
        - {name: "2", workingDir: b}
        - {name: "4", workingDir: c}
        """, """
        containers:
        - {name: "1", $patch: delete}
        - {name: "3"}
        """)).isEqualTo(yaml("""
        containers:
        - {name: "2", workingDir: b}
        - {name: "4", workingDir: c}
        - {name: "3"}
        """));
  }

  @Test
  void deleteAllMapsFromMergingListLeavesAnEmptyList() {
    assertThat(podSpec("""
        containers:
        - {name: "1", workingDir: a}
        - {name: "2", workingDir: b}
        """, """
        containers:
        - {name: "1", $patch: delete}
        - {name: "2", $patch: delete}
        """)).isEqualTo(yaml("containers: []"));
  }

  @Test
  void deleteFieldFromMapInMergingListWithNull() {
    assertThat(podSpec("""
        containers:
        - {name: "1", image: "1", workingDir: a}
        - {name: "2", image: "2", workingDir: b}
        """, """
        containers:
        - {name: "1", image: null}
        """)).isEqualTo(yaml("""
        containers:
        - {name: "1", workingDir: a}
        - {name: "2", image: "2", workingDir: b}
        """));
  }

  @Test
  void replaceNonMergingListNestedInMergingList() {
    assertThat(podSpec("""
        containers:
        - name: "1"
          workingDir: a
          args: ["1", "2"]
        - {name: "2", workingDir: b}
        """, """
        containers:
        - name: "1"
          args: ["3"]
        """)).isEqualTo(yaml("""
        containers:
        - name: "1"
          workingDir: a
          args: ["3"]
        - {name: "2", workingDir: b}
        """));
  }

  @Test
  void envMergesByNameInsideAContainer() {
    assertThat(podSpec("""
        containers:
        - name: app
          env:
          - {name: A, value: "1"}
          - {name: B, value: "2"}
        """, """
        containers:
        - name: app
          env:
          - {name: B, value: "20"}
          - {name: C, value: "3"}
        """)).isEqualTo(yaml("""
        containers:
        - name: app
          env:
          - {name: A, value: "1"}
          - {name: B, value: "20"}
          - {name: C, value: "3"}
        """));
  }

  @Test
  void volumeMountsMergeByMountPath() {
    assertThat(podSpec("""
        containers:
        - name: app
          volumeMounts:
          - {name: data, mountPath: /data}
          - {name: logs, mountPath: /logs}
        """, """
        containers:
        - name: app
          volumeMounts:
          - {name: other, mountPath: /data, readOnly: true}
          - {mountPath: /logs, $patch: delete}
        """)).isEqualTo(yaml("""
        containers:
        - name: app
          volumeMounts:
          - {name: other, mountPath: /data, readOnly: true}
        """));
  }

  @Test
  void containerPortsMergeByContainerPort() {
    assertThat(podSpec("""
        containers:
        - name: app
          ports:
          - {containerPort: 80, name: http}
        """, """
        containers:
        - name: app
          ports:
          - {containerPort: 80, protocol: TCP}
          - {containerPort: 443, name: https}
        """)).isEqualTo(yaml("""
        containers:
        - name: app
          ports:
          - {containerPort: 80, name: http, protocol: TCP}
          - {containerPort: 443, name: https}
        """));
  }

  @Test
  void servicePortsMergeByPort() {
    JsonNode result = StrategicMergePatch.apply(yaml("""
        spec:
          ports:
          - {port: 80, targetPort: 8080}
        """), yaml("""
        spec:
          ports:
          - {port: 80, name: web}
          - {port: 81}
        """), Service.getDescriptor());
    assertThat(result).isEqualTo(yaml("""
        spec:
          ports:
          - {port: 80, targetPort: 8080, name: web}
          - {port: 81}
        """));
  }

  @Test
  void volumesImagePullSecretsAndHostAliasesMergeOnTheirKeys() {
    assertThat(podSpec("""
        volumes:
        - {name: a, emptyDir: {}}
        imagePullSecrets:
        - {name: s1}
        hostAliases:
        - {ip: 10.0.0.1, hostnames: [a]}
        """, """
        volumes:
        - {name: b, emptyDir: {}}
        imagePullSecrets:
        - {name: s2}
        hostAliases:
        - {ip: 10.0.0.1, hostnames: [b]}
        """)).isEqualTo(yaml("""
        volumes:
        - {name: a, emptyDir: {}}
        - {name: b, emptyDir: {}}
        imagePullSecrets:
        - {name: s1}
        - {name: s2}
        hostAliases:
        - {ip: 10.0.0.1, hostnames: [b]}
        """));
  }

  @Test
  void tolerationsHaveNoMergeKeySoTheyAreReplaced() {
    assertThat(podSpec("""
        tolerations:
        - {key: a, operator: Exists}
        """, """
        tolerations:
        - {key: b, operator: Exists}
        """)).isEqualTo(yaml("""
        tolerations:
        - {key: b, operator: Exists}
        """));
  }

  @Test
  void mergingListOfScalarsIsASet() {
    JsonNode result = StrategicMergePatch.apply(yaml("finalizers: [a, b]"), yaml("finalizers: [b, c]"),
        ObjectMeta.getDescriptor());
    assertThat(result).isEqualTo(yaml("finalizers: [a, b, c]"));
  }

  @Test
  void deleteFromPrimitiveListRemovesTheValues() {
    JsonNode result = StrategicMergePatch.apply(yaml("finalizers: [a, b, c]"),
        yaml("$deleteFromPrimitiveList/finalizers: [b]"), ObjectMeta.getDescriptor());
    assertThat(result).isEqualTo(yaml("finalizers: [a, c]"));
  }

  @Test
  void replaceDirectiveInAMapReplacesIt() {
    assertThat(podSpec("""
        nodeSelector: {a: "1", b: "2"}
        securityContext: {runAsUser: 1, runAsGroup: 2}
        """, """
        securityContext: {runAsUser: 5, $patch: replace}
        """)).isEqualTo(yaml("""
        nodeSelector: {a: "1", b: "2"}
        securityContext: {runAsUser: 5}
        """));
  }

  @Test
  void deleteDirectiveInAMapRemovesIt() {
    assertThat(podSpec("""
        securityContext: {runAsUser: 1}
        hostname: h
        """, """
        securityContext: {$patch: delete}
        """)).isEqualTo(yaml("hostname: h"));
  }

  @Test
  void replaceDirectiveInAListReplacesTheList() {
    assertThat(podSpec("""
        containers:
        - {name: "1", workingDir: a}
        - {name: "2", workingDir: b}
        """, """
        containers:
        - {name: "3"}
        - {$patch: replace}
        """)).isEqualTo(yaml("""
        containers:
        - {name: "3"}
        """));
  }

  @Test
  void setElementOrderOrdersThePatchedElementsAndKeepsServerOnlyOnesInPlace() {
    // upstream "sort list of maps with $setElementOrder": server-only elements keep their relative place
    assertThat(podSpec("""
        containers:
        - {name: "1"}
        - {name: "5", workingDir: server}
        - {name: "2"}
        - {name: "3"}
        """, """
        $setElementOrder/containers:
        - {name: "3"}
        - {name: "2"}
        - {name: "1"}
        containers:
        - {name: "1", image: x}
        """)).isEqualTo(yaml("""
        containers:
        - {name: "5", workingDir: server}
        - {name: "3"}
        - {name: "2"}
        - {name: "1", image: x}
        """));
  }

  @Test
  void retainKeysDropsTheOriginalsOtherKeys() {
    JsonNode result = StrategicMergePatch.apply(yaml("""
        spec:
          strategy:
            type: RollingUpdate
            rollingUpdate: {maxSurge: 1}
        """), yaml("""
        spec:
          strategy:
            $retainKeys: [type]
            type: Recreate
        """), Deployment.getDescriptor());
    assertThat(result).isEqualTo(yaml("""
        spec:
          strategy:
            type: Recreate
        """));
  }

  @Test
  void nestedContainersInADeploymentMergeThroughTheTemplate() {
    JsonNode result = StrategicMergePatch.apply(yaml("""
        apiVersion: apps/v1
        kind: Deployment
        spec:
          template:
            spec:
              containers:
              - {name: web, image: nginx:1.14.2}
              - {name: side, image: busybox}
        """), yaml("""
        spec:
          template:
            spec:
              containers:
              - {name: web, image: nginx:1.16}
        """), Deployment.getDescriptor());
    assertThat(result.at("/spec/template/spec/containers")).isEqualTo(yaml("""
        - {name: web, image: nginx:1.16}
        - {name: side, image: busybox}
        """));
    assertThat(result.get("kind").asText()).isEqualTo("Deployment");
  }

  @Test
  void anElementWithoutItsMergeKeyIsRefused() {
    assertThatThrownBy(() -> podSpec("containers: [{name: a}]", "containers: [{image: b}]"))
        .isInstanceOf(PatchException.class)
        .hasMessageContaining("does not contain declared merge key: name");
  }

  @Test
  void anUnknownDirectiveIsRefused() {
    assertThatThrownBy(() -> podSpec("hostname: a", "securityContext: {$patch: bogus}"))
        .isInstanceOf(PatchException.class)
        .hasMessageContaining("unknown patch type: bogus");
  }

  @Test
  void directivesInNewValuesDoNotReachTheResult() {
    assertThat(podSpec("hostname: a", """
        securityContext: {runAsUser: 1, $patch: merge}
        """)).isEqualTo(yaml("""
        hostname: a
        securityContext: {runAsUser: 1}
        """));
  }
}
