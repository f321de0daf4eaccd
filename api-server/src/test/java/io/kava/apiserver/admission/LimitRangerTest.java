package io.kava.apiserver.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kava.api.core.v1.LimitRange;
import io.kava.api.core.v1.PersistentVolumeClaim;
import io.kava.api.core.v1.Pod;
import io.kava.apiserver.defaulting.Defaults;
import io.kava.apiserver.defaulting.LimitRangeDefaults;
import io.kava.apiserver.errors.ApiError;
import io.kava.client.codec.Manifests;
import java.util.List;
import org.junit.jupiter.api.Test;

class LimitRangerTest {
  /** "Configure Default Memory Requests and Limits for a Namespace", unchanged. */
  static final String MEM_LIMIT_RANGE = """
      apiVersion: v1
      kind: LimitRange
      metadata:
        name: mem-limit-range
      spec:
        limits:
        - default:
            memory: 512Mi
          defaultRequest:
            memory: 256Mi
          type: Container
      """;
  /** "Configure Minimum and Maximum CPU Constraints for a Namespace", unchanged. */
  static final String CPU_MIN_MAX = """
      apiVersion: v1
      kind: LimitRange
      metadata:
        name: cpu-min-max-demo-lr
      spec:
        limits:
        - max:
            cpu: "800m"
          min:
            cpu: "200m"
          type: Container
      """;

  private static LimitRanger over(String... manifests) {
    List<LimitRange> ranges = java.util.Arrays.stream(manifests)
        .map(m -> LimitRangeDefaults.limitRange(Manifests.parseAs(m, LimitRange.class))).toList();
    return new LimitRanger(ns -> ranges);
  }

  private static Pod pod(String containers) {
    return Defaults.pod(Manifests.parseAs("""
        apiVersion: v1
        kind: Pod
        metadata: {name: demo, namespace: ns}
        spec:
          containers:
        """ + containers.indent(2), Pod.class));
  }

  @Test
  void aContainerWithoutMemoryGetsTheDefaultsAndTheAnnotation() {
    Pod admitted = over(MEM_LIMIT_RANGE).admitPod(pod("- {name: default-mem-demo-ctr, image: nginx}"));

    var resources = admitted.getSpec().getContainers(0).getResources();
    assertThat(resources.getRequestsMap()).containsEntry("memory", "256Mi");
    assertThat(resources.getLimitsMap()).containsEntry("memory", "512Mi");
    assertThat(admitted.getMetadata().getAnnotationsMap()).containsEntry(LimitRanger.ANNOTATION,
        "LimitRanger plugin set: memory request for container default-mem-demo-ctr; memory limit for container default-mem-demo-ctr");
  }

  @Test
  void aStatedLimitIsKeptAndItsRequestDefaultsToIt() {
    Pod admitted = over(MEM_LIMIT_RANGE).admitPod(
        pod("- {name: c, image: nginx, resources: {limits: {memory: 1Gi}}}"));

    var resources = admitted.getSpec().getContainers(0).getResources();
    assertThat(resources.getLimitsMap()).containsEntry("memory", "1Gi");
    assertThat(resources.getRequestsMap()).containsEntry("memory", "1Gi");
  }

  @Test
  void theMaxIsTheDefaultLimitAndTheMinTheDefaultRequestOfTheDocsExample() {
    LimitRanger ranger = over(CPU_MIN_MAX);
    Pod admitted = ranger.admitPod(pod("- {name: c, image: nginx}"));

    assertThat(admitted.getSpec().getContainers(0).getResources().getLimitsMap()).containsEntry("cpu", "800m");
    assertThat(admitted.getSpec().getContainers(0).getResources().getRequestsMap()).containsEntry("cpu", "800m");
    assertThat(ranger.podViolations(admitted)).isEmpty();
  }

  @Test
  void aLimitAboveTheMaxIsRefusedWithUpstreamsMessage() {
    LimitRanger ranger = over(CPU_MIN_MAX);
    Pod tooBig = ranger.admitPod(pod("- {name: c, image: nginx, resources: {limits: {cpu: \"1.5\"}, requests: {cpu: 500m}}}"));

    assertThatThrownBy(() -> ranger.beginCreate(tooBig, false)).isInstanceOf(ApiError.class)
        .hasMessage("pods \"demo\" is forbidden: maximum cpu usage per Container is 800m, but limit is 1500m");
  }

  @Test
  void severalViolationsAreListedInBrackets() {
    LimitRanger ranger = over(CPU_MIN_MAX);
    Pod pod = pod("- {name: c, image: nginx, resources: {limits: {cpu: \"2\"}, requests: {cpu: 100m}}}");

    assertThat(ranger.podViolations(pod)).containsExactly(
        "minimum cpu usage per Container is 200m, but request is 100m",
        "maximum cpu usage per Container is 800m, but limit is 2");
  }

  @Test
  void theRatioAndThePodTypeAreChecked() {
    LimitRanger ranger = over("""
        apiVersion: v1
        kind: LimitRange
        metadata: {name: lr}
        spec:
          limits:
          - type: Container
            maxLimitRequestRatio: {memory: "2"}
          - type: Pod
            max: {cpu: "1"}
        """);
    Pod pod = pod("""
        - {name: a, image: nginx, resources: {limits: {cpu: 600m, memory: 1Gi}, requests: {memory: 256Mi}}}
        - {name: b, image: nginx, resources: {limits: {cpu: 600m, memory: 128Mi}}}
        """);

    assertThat(ranger.podViolations(pod)).containsExactly(
        "memory max limit to request ratio per Container is 2, but provided ratio is 4.000000",
        "maximum cpu usage per Pod is 1, but limit is 1200m");
  }

  @Test
  void claimsAreBoundByMinAndMaxStorage() {
    LimitRanger ranger = over("""
        apiVersion: v1
        kind: LimitRange
        metadata: {name: storagelimits}
        spec:
          limits:
          - type: PersistentVolumeClaim
            max: {storage: 2Gi}
            min: {storage: 1Gi}
        """);
    PersistentVolumeClaim big = Manifests.parseAs("""
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata: {name: big, namespace: ns}
        spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 5Gi}}}
        """, PersistentVolumeClaim.class);

    assertThatThrownBy(() -> ranger.beginCreate(big, false))
        .hasMessage("persistentvolumeclaims \"big\" is forbidden: maximum storage usage per PersistentVolumeClaim is 2Gi, but request is 5Gi");
  }

  @Test
  void withoutLimitRangesNothingChanges() {
    Pod pod = pod("- {name: c, image: nginx}");

    assertThat(new LimitRanger(ns -> List.of()).admitPod(pod)).isSameAs(pod);
  }
}
