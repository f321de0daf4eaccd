package io.kava.kubelet.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodStatus;
import io.kava.client.KavaClient;
import io.kava.client.ResourceClient;
import io.kava.client.testing.FakeApi;
import io.kava.kubelet.testing.TestPods;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ApiPodStatusWriterTest {
  private final FakeApi api = new FakeApi();
  private final KavaClient client = api.client();
  private final ResourceClient<Pod> pods = client.resource(Pod.class);
  private final ApiPodStatusWriter writer = new ApiPodStatusWriter(pods);

  @AfterEach
  void close() {
    client.close();
    api.close();
  }

  private long statusWrites() {
    return api.writes().stream().filter(w -> w.startsWith("status ")).count();
  }

  @Test
  void writesOnlyWhatChangedEvenBeforeTheCacheCatchesUp() {
    Pod cached = api.seed(TestPods.pod("web", "n", TestPods.container("app")));
    PodStatus running = PodStatus.newBuilder().setPhase("Running").build();
    writer.updateStatus(cached, running);
    assertThat(statusWrites()).isEqualTo(1);
    writer.updateStatus(cached, running); // the informer still shows the old status
    assertThat(statusWrites()).isEqualTo(1);
    writer.updateStatus(pods.get("default", "web"), running);
    assertThat(statusWrites()).isEqualTo(1);
    writer.updateStatus(cached, running.toBuilder().setPodIp("172.17.0.2").build());
    assertThat(statusWrites()).isEqualTo(2);
  }

  @Test
  void retriesAConflictOnTheLatestCopyKeepingOtherWriters() {
    Pod cached = api.seed(TestPods.pod("web", "n", TestPods.container("app")));
    Pod latest = pods.get("default", "web");
    pods.update(latest.toBuilder().setMetadata(latest.getMetadata().toBuilder().putLabels("team", "blue")).build());

    writer.updateStatus(cached, PodStatus.newBuilder().setPhase("Running").build());
    Pod stored = pods.get("default", "web");
    assertThat(stored.getStatus().getPhase()).isEqualTo("Running");
    assertThat(stored.getMetadata().getLabelsMap()).containsEntry("team", "blue");
  }

  @Test
  void deletesWithZeroGraceAndToleratesAPodAlreadyGone() {
    Pod pod = api.seed(TestPods.pod("web", "n", TestPods.container("app")));
    assertThat(writer.delete(pod)).isTrue();
    assertThat(writer.delete(pod)).isFalse();
    assertThat(api.writes()).contains("delete pods default/web");
  }
}
