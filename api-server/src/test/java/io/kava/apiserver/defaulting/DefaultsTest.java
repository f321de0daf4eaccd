package io.kava.apiserver.defaulting;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.apps.v1.Deployment;
import io.kava.api.apps.v1.ReplicaSet;
import io.kava.api.batch.v1.Job;
import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.Endpoints;
import io.kava.api.core.v1.HTTPGetAction;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.Probe;
import io.kava.api.core.v1.ResourceRequirements;
import io.kava.api.core.v1.Secret;
import io.kava.api.core.v1.Service;
import io.kava.api.meta.v1.IntOrString;
import io.kava.apiserver.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Upstream's defaults, kind by kind. */
class DefaultsTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"nginx, Always", "nginx:latest, Always", "nginx:1.14.2, IfNotPresent", "localhost:5000/nginx, Always",
      "localhost:5000/nginx:1.2, IfNotPresent", "nginx@sha256:abc, IfNotPresent", "repo/app:latest, Always"})
  void imagePullPolicyFollowsTheTag(String image, String policy) {
    assertThat(Defaults.pullPolicy(image)).isEqualTo(policy);
  }

  @Test
  void podSpecAndContainers() {
    Container c = Fixtures.podSpec().getContainers(0).toBuilder()
        .setLivenessProbe(Probe.newBuilder().setHttpGet(HTTPGetAction.newBuilder().setPort(IntOrString.newBuilder().setIntVal(80))))
        .setResources(ResourceRequirements.newBuilder().putLimits("cpu", "500m").putLimits("memory", "128Mi").putRequests("cpu", "100m"))
        .build();
    Pod pod = Defaults.pod(Fixtures.pod("default", "p").toBuilder().setSpec(Fixtures.podSpec().toBuilder().setContainers(0, c)).build());
    assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Always");
    assertThat(pod.getSpec().getDnsPolicy()).isEqualTo("ClusterFirst");
    assertThat(pod.getSpec().getSchedulerName()).isEqualTo("default-scheduler");
    assertThat(pod.getSpec().getTerminationGracePeriodSeconds()).isEqualTo(30);
    Container out = pod.getSpec().getContainers(0);
    assertThat(out.getTerminationMessagePath()).isEqualTo("/dev/termination-log");
    assertThat(out.getTerminationMessagePolicy()).isEqualTo("File");
    assertThat(out.getPorts(0).getProtocol()).isEqualTo("TCP");
    Probe probe = out.getLivenessProbe();
    assertThat(probe.getTimeoutSeconds()).isEqualTo(1);
    assertThat(probe.getPeriodSeconds()).isEqualTo(10);
    assertThat(probe.getSuccessThreshold()).isEqualTo(1);
    assertThat(probe.getFailureThreshold()).isEqualTo(3);
    assertThat(probe.getHttpGet().getPath()).isEqualTo("/");
    assertThat(probe.getHttpGet().getScheme()).isEqualTo("HTTP");
    assertThat(out.getResources().getRequestsMap()).containsEntry("cpu", "100m").containsEntry("memory", "128Mi");
  }

  @Test
  void explicitValuesAreKept() {
    Pod pod = Defaults.pod(Fixtures.pod("default", "p").toBuilder().setSpec(Fixtures.podSpec().toBuilder()
        .setRestartPolicy("Never").setTerminationGracePeriodSeconds(0)).build());
    assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getSpec().getTerminationGracePeriodSeconds()).isZero();
  }

  @Test
  void workloads() {
    Deployment d = Defaults.deployment(Deployment.newBuilder().setSpec(Fixtures.deployment("default", "d").getSpec().toBuilder().clearReplicas()).build());
    assertThat(d.getSpec().getReplicas()).isEqualTo(1);
    assertThat(d.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
    assertThat(d.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getStrVal()).isEqualTo("25%");
    assertThat(d.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getStrVal()).isEqualTo("25%");
    assertThat(d.getSpec().getRevisionHistoryLimit()).isEqualTo(10);
    assertThat(d.getSpec().getProgressDeadlineSeconds()).isEqualTo(600);
    assertThat(d.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Always");

    ReplicaSet rs = Defaults.replicaSet(ReplicaSet.newBuilder().setSpec(Fixtures.replicaSet("default", "r").getSpec().toBuilder().clearReplicas()).build());
    assertThat(rs.getSpec().getReplicas()).isEqualTo(1);

    Job job = Defaults.job(Fixtures.job("default", "j"));
    assertThat(job.getSpec().getParallelism()).isEqualTo(1);
    assertThat(job.getSpec().getCompletions()).isEqualTo(1);
    assertThat(job.getSpec().getBackoffLimit()).isEqualTo(6);
    assertThat(job.getSpec().getCompletionMode()).isEqualTo("NonIndexed");
    Job workQueue = Defaults.job(Fixtures.job("default", "w").toBuilder().setSpec(Fixtures.job("default", "w").getSpec().toBuilder().setParallelism(3)).build());
    assertThat(workQueue.getSpec().hasCompletions()).as("parallel work queue keeps completions unset").isFalse();
  }

  @Test
  void servicesSecretsEndpoints() {
    Service svc = Defaults.service(Fixtures.service("default", "s"));
    assertThat(svc.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(svc.getSpec().getSessionAffinity()).isEqualTo("None");
    assertThat(svc.getSpec().getPorts(0).getProtocol()).isEqualTo("TCP");
    assertThat(svc.getSpec().getPorts(0).getTargetPort().getIntVal()).isEqualTo(80);
    assertThat(svc.getSpec().getClusterIp()).as("allocation comes later").isEmpty();

    Secret secret = Defaults.secret(Fixtures.secret("default", "s"));
    assertThat(secret.getType()).isEqualTo("Opaque");
    assertThat(secret.getStringDataMap()).isEmpty();
    assertThat(Fixtures.text(secret.getDataMap().get("password"))).isEqualTo("s3cret");

    Endpoints ep = Defaults.endpoints(Fixtures.endpoints("default", "e"));
    assertThat(ep.getSubsets(0).getPorts(0).getProtocol()).isEqualTo("TCP");
  }
}
