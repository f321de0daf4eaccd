package io.kava.kubectl.describe;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.apps.v1.ReplicaSet;
import io.kava.api.apps.v1.ReplicaSetSpec;
import io.kava.api.apps.v1.ReplicaSetStatus;
import io.kava.api.core.v1.ContainerState;
import io.kava.api.core.v1.ContainerStateRunning;
import io.kava.api.core.v1.ContainerStatus;
import io.kava.api.core.v1.Event;
import io.kava.api.core.v1.EventSource;
import io.kava.api.core.v1.ObjectReference;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodCondition;
import io.kava.api.core.v1.PodIP;
import io.kava.api.meta.v1.OwnerReference;
import io.kava.client.testing.FakeApi;
import io.kava.kubectl.CliRun;
import io.kava.kubectl.CliRun.Result;
import io.kava.kubectl.Objects;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DescribeCommandTest {
  private final FakeApi api = new FakeApi();
  private final CliRun cli = new CliRun(server -> api.client());

  @AfterEach
  void stop() {
    api.close();
  }

  private static Event event(String name, String objectKind, String objectName, String reason, String message) {
    return Event.newBuilder().setMetadata(Objects.meta("default", name, Duration.ofSeconds(20)))
        .setInvolvedObject(ObjectReference.newBuilder().setKind(objectKind).setNamespace("default").setName(objectName))
        .setReason(reason).setMessage(message).setType("Normal")
        .setSource(EventSource.newBuilder().setComponent("default-scheduler"))
        .setFirstTimestamp(Objects.ago(Duration.ofSeconds(20))).setLastTimestamp(Objects.ago(Duration.ofSeconds(20)))
        .setCount(1).build();
  }

  @Test
  void describesAPodWithItsContainersConditionsAndOwnEvents() {
    Pod pod = Objects.pod("default", "web-0", Duration.ofMinutes(1));
    pod = pod.toBuilder()
        .setMetadata(pod.getMetadata().toBuilder().putLabels("app", "web").putLabels("pod-template-hash", "abc")
            .addOwnerReferences(OwnerReference.newBuilder().setKind("ReplicaSet").setName("web-abc").setController(true)))
        .setSpec(pod.getSpec().toBuilder().setNodeName("node-1"))
        .setStatus(pod.getStatus().toBuilder().setPhase("Running").setHostIp("127.0.0.11").setPodIp("172.17.0.5")
            .addPodIps(PodIP.newBuilder().setIp("172.17.0.5")).setStartTime(Objects.ago(Duration.ofMinutes(1)))
            .addConditions(PodCondition.newBuilder().setType("Ready").setStatus("True"))
            .addContainerStatuses(ContainerStatus.newBuilder().setName("app").setReady(true).setRestartCount(2)
                .setContainerId("docker://0123")
                .setState(ContainerState.newBuilder().setRunning(ContainerStateRunning.newBuilder()
                    .setStartedAt("2024-06-01T11:59:30Z")))))
        .build();
    api.seed(pod);
    api.seed(event("web-0.1", "Pod", "web-0", "Scheduled", "Successfully assigned default/web-0 to node-1"));
    api.seed(event("web-1.1", "Pod", "web-1", "Scheduled", "Successfully assigned default/web-1 to node-1"));

    Result r = cli.run("describe", "pod", "web-0");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    // aligned by column blocks exactly as kubectl's tabwriter does (a tab-less line like "IPs:" ends a block)
    assertThat(r.out()).isEqualTo("""
        Name:         web-0
        Namespace:    default
        Node:         node-1/127.0.0.11
        Start Time:   Sat, 01 Jun 2024 11:59:00 +0000
        Labels:       app=web
                      pod-template-hash=abc
        Annotations:  <none>
        Status:       Running
        IP:           172.17.0.5
        IPs:
          IP:           172.17.0.5
        Controlled By:  ReplicaSet/web-abc
        Containers:
          app:
            Container ID:   docker://0123
            Image:          busybox
            Image ID:      \s
            Port:           <none>
            Host Port:      <none>
            State:          Running
              Started:      Sat, 01 Jun 2024 11:59:30 +0000
            Ready:          True
            Restart Count:  2
            Environment:    <none>
            Mounts:         <none>
        Conditions:
          Type           Status
          Ready          True\s
        Volumes:         <none>
        Node-Selectors:  <none>
        Tolerations:     <none>
        Events:
          Type    Reason     Age   From               Message
          ----    ------     ----  ----               -------
          Normal  Scheduled  20s   default-scheduler  Successfully assigned default/web-0 to node-1
        """);
  }

  @Test
  void showsATerminationMessageUnderTheLastState() {
    Pod pod = Objects.pod("default", "job-0", Duration.ofMinutes(1));
    pod = pod.toBuilder().setStatus(pod.getStatus().toBuilder().setPhase("Running")
        .addContainerStatuses(ContainerStatus.newBuilder().setName("app").setRestartCount(1)
            .setState(ContainerState.newBuilder().setRunning(ContainerStateRunning.newBuilder()
                .setStartedAt("2024-06-01T11:59:30Z")))
            .setLastState(ContainerState.newBuilder().setTerminated(io.kava.api.core.v1.ContainerStateTerminated
                .newBuilder().setReason("Error").setExitCode(2).setMessage("disk full\n")
                .setStartedAt("2024-06-01T11:59:00Z").setFinishedAt("2024-06-01T11:59:20Z")))))
        .build();
    api.seed(pod);

    Result r = cli.run("describe", "pod", "job-0");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).containsPattern("Last State: +Terminated\\n +Reason: +Error\\n +Message: +disk full *\\n"
        + " +Exit Code: +2\\n");
  }

  @Test
  void describesAReplicaSetAndSaysWhenThereAreNoEvents() {
    ReplicaSet rs = ReplicaSet.newBuilder().setMetadata(Objects.meta("default", "web-abc", Duration.ofMinutes(1))
            .addOwnerReferences(OwnerReference.newBuilder().setKind("Deployment").setName("web").setController(true)))
        .setSpec(ReplicaSetSpec.newBuilder().setReplicas(2)
            .setSelector(io.kava.api.meta.v1.LabelSelector.newBuilder().putMatchLabels("app", "web"))
            .setTemplate(Objects.nginx(1, 1).getSpec().getTemplate()))
        .setStatus(ReplicaSetStatus.newBuilder().setReplicas(2)).build();
    api.seed(rs);

    Result r = cli.run("describe", "rs", "web-abc");

    assertThat(r.out()).as(r.toString()).startsWith("Name:           web-abc\nNamespace:      default\nSelector:       app=web\n")
        .contains("Controlled By:  Deployment/web\n")
        .contains("Replicas:       2 current / 2 desired\n")
        .contains("Pods Status:    0 Running / 0 Waiting / 0 Succeeded / 0 Failed\n")
        .contains("    nginx:\n      Image:        nginx:1.14.2\n")
        .endsWith("  Volumes:          <none>\nEvents:             <none>\n");
  }

  @Test
  void describesANodeWithThePodsBoundToIt() {
    api.seed(io.kava.api.core.v1.Node.newBuilder()
        .setMetadata(Objects.meta("", "node-1", Duration.ofHours(2)).putLabels("kubernetes.io/hostname", "node-1"))
        .setSpec(io.kava.api.core.v1.NodeSpec.newBuilder().addTaints(io.kava.api.core.v1.Taint.newBuilder()
            .setKey("dedicated").setValue("db").setEffect("NoSchedule")))
        .setStatus(io.kava.api.core.v1.NodeStatus.newBuilder()
            .addConditions(io.kava.api.core.v1.NodeCondition.newBuilder().setType("Ready").setStatus("True")
                .setReason("KubeletReady").setMessage("kubelet is posting ready status")
                .setLastHeartbeatTime("2024-06-01T11:59:50Z").setLastTransitionTime("2024-06-01T10:00:00Z"))
            .addAddresses(io.kava.api.core.v1.NodeAddress.newBuilder().setType("InternalIP").setAddress("127.0.0.11"))
            .putCapacity("cpu", "2").putCapacity("memory", "24Gi")
            .setNodeInfo(io.kava.api.core.v1.NodeSystemInfo.newBuilder().setKubeletVersion("v0.1.0")))
        .build());
    Pod bound = Objects.pod("default", "web-0", Duration.ofMinutes(1));
    api.seed(bound.toBuilder().setSpec(bound.getSpec().toBuilder().setNodeName("node-1")).build());
    api.seed(Objects.pod("default", "elsewhere", Duration.ofMinutes(1)));

    Result r = cli.run("describe", "node", "node-1");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("Taints:             dedicated=db:NoSchedule\n")
        .containsPattern("(?m)^  Ready +True +Sat, 01 Jun 2024 11:59:50 \\+0000 +Sat, 01 Jun 2024 10:00:00 \\+0000 +KubeletReady +kubelet is posting ready status$")
        .contains("Addresses:\n  InternalIP:  127.0.0.11\n")
        .contains("Capacity:\n  cpu:     2\n  memory:  24Gi\n")
        .contains("Non-terminated Pods:          (1 in total)\n")
        .containsPattern("(?m)^  default +web-0 +60s$")
        .doesNotContain("elsewhere");
  }

  @Test
  void notFoundIsOneLine() {
    Result r = cli.run("describe", "deploy", "ghost");

    assertThat(r.err()).isEqualTo("Error from server (NotFound): deployments.apps \"ghost\" not found\n");
    assertThat(r.exitCode()).isEqualTo(1);
  }

  @Test
  void otherKindsShowTheirFields() {
    api.seed(io.kava.api.coordination.v1.Lease.newBuilder()
        .setMetadata(Objects.meta("kube-system", "kava-scheduler", Duration.ofMinutes(1)))
        .setSpec(io.kava.api.coordination.v1.LeaseSpec.newBuilder().setHolderIdentity("host_1").setLeaseDurationSeconds(15))
        .build());

    Result r = cli.run("describe", "lease", "kava-scheduler", "-n", "kube-system");

    assertThat(r.out()).as(r.toString()).contains("Kind:         Lease\n")
        .contains("Spec:\n  Holder Identity:         host_1\n  Lease Duration Seconds:  15\n");
  }
}
