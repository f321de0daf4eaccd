package io.kava.kubectl.describe;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.apps.v1.DaemonSet;
import io.kava.api.apps.v1.DaemonSetSpec;
import io.kava.api.apps.v1.DaemonSetStatus;
import io.kava.api.apps.v1.RollingUpdateStatefulSetStrategy;
import io.kava.api.apps.v1.StatefulSet;
import io.kava.api.apps.v1.StatefulSetSpec;
import io.kava.api.apps.v1.StatefulSetStatus;
import io.kava.api.apps.v1.StatefulSetUpdateStrategy;
import io.kava.api.core.v1.PersistentVolumeClaim;
import io.kava.api.core.v1.PersistentVolumeClaimSpec;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.ResourceRequirements;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.api.meta.v1.OwnerReference;
import io.kava.client.testing.FakeApi;
import io.kava.kubectl.CliRun;
import io.kava.kubectl.CliRun.Result;
import io.kava.kubectl.Objects;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** describe statefulset and daemonset: kubectl's fields in its order, aligned as its tabwriter does. */
class DescribeSetsTest {
  private final FakeApi api = new FakeApi();
  private final CliRun cli = new CliRun(server -> api.client());

  @AfterEach
  void stop() {
    api.close();
  }

  private Pod ownedPod(String name, String phase) {
    Pod p = Objects.pod("default", name, Duration.ofMinutes(1));
    return p.toBuilder().setMetadata(p.getMetadata().toBuilder().putLabels("app", "nginx")
            .addOwnerReferences(OwnerReference.newBuilder().setKind("StatefulSet").setName("web").setUid("sts-uid")
                .setController(true)))
        .setStatus(p.getStatus().toBuilder().setPhase(phase)).build();
  }

  @Test
  void aStatefulSetShowsReplicasStrategyPodsTemplateAndClaims() {
    var template = Objects.nginx(1, 1).getSpec().getTemplate();
    api.seed(StatefulSet.newBuilder().setApiVersion("apps/v1").setKind("StatefulSet")
        .setMetadata(Objects.meta("default", "web", Duration.ofMinutes(5)).setUid("sts-uid"))
        .setSpec(StatefulSetSpec.newBuilder().setReplicas(3).setSelector(Objects.nginx(1, 1).getSpec().getSelector())
            .setTemplate(template)
            .setUpdateStrategy(StatefulSetUpdateStrategy.newBuilder().setType("RollingUpdate")
                .setRollingUpdate(RollingUpdateStatefulSetStrategy.newBuilder().setPartition(1)))
            .addVolumeClaimTemplates(PersistentVolumeClaim.newBuilder().setMetadata(ObjectMeta.newBuilder().setName("www"))
                .setSpec(PersistentVolumeClaimSpec.newBuilder().addAccessModes("ReadWriteOnce")
                    .setStorageClassName("standard")
                    .setResources(ResourceRequirements.newBuilder().putRequests("storage", "1Gi")))))
        .setStatus(StatefulSetStatus.newBuilder().setReplicas(2))
        .build());
    api.seed(ownedPod("web-0", "Running"));
    api.seed(ownedPod("web-1", "Pending"));

    Result r = cli.run("describe", "sts/web");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("""
        Name:               web
        Namespace:          default
        CreationTimestamp:  Sat, 01 Jun 2024 11:55:00 +0000
        Selector:           app=nginx
        Labels:             <none>
        Annotations:        <none>
        Replicas:           3 desired | 2 total
        Update Strategy:    RollingUpdate
          Partition:        1
        Pods Status:        1 Running / 1 Waiting / 0 Succeeded / 0 Failed
        Pod Template:
        """);
    assertThat(r.out()).contains("""
        Volume Claims:
          Name:          www
          StorageClass:  standard
          Labels:        <none>
          Annotations:   <none>
          Capacity:      1Gi
          Access Modes:  [ReadWriteOnce]
        """);
  }

  @Test
  void aDaemonSetShowsItsNodeCountsUnalignedAsKubectlDoes() {
    var template = Objects.nginx(1, 1).getSpec().getTemplate();
    api.seed(DaemonSet.newBuilder().setApiVersion("apps/v1").setKind("DaemonSet")
        .setMetadata(Objects.meta("default", "agent", Duration.ofMinutes(5)).setUid("ds-uid"))
        .setSpec(DaemonSetSpec.newBuilder().setSelector(Objects.nginx(1, 1).getSpec().getSelector())
            .setTemplate(template.toBuilder().setSpec(template.getSpec().toBuilder().putNodeSelector("disk", "ssd"))))
        .setStatus(DaemonSetStatus.newBuilder().setDesiredNumberScheduled(2).setCurrentNumberScheduled(2)
            .setUpdatedNumberScheduled(1).setNumberAvailable(2))
        .build());

    Result r = cli.run("describe", "daemonset", "agent");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("""
        Name:           agent
        Namespace:      default
        Selector:       app=nginx
        Node-Selector:  disk=ssd
        Labels:         <none>
        Annotations:    <none>
        Desired Number of Nodes Scheduled: 2
        Current Number of Nodes Scheduled: 2
        Number of Nodes Scheduled with Up-to-date Pods: 1
        Number of Nodes Scheduled with Available Pods: 2
        Number of Nodes Misscheduled: 0
        Pods Status:  0 Running / 0 Waiting / 0 Succeeded / 0 Failed
        Pod Template:
        """);
  }
}
