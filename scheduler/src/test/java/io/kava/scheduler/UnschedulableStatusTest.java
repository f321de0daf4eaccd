package io.kava.scheduler;

import static io.kava.scheduler.TestObjects.boundTo;
import static io.kava.scheduler.TestObjects.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.Event;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodCondition;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
import io.kava.client.ResourceClient;
import io.kava.client.events.EventRecorder;
import io.kava.client.testing.FakeApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UnschedulableStatusTest {
  private final FakeApi api = new FakeApi();
  private final KavaClient client = api.client();
  private final ResourceClient<Pod> pods = client.resource(Pod.class);
  private final EventRecorder events = new EventRecorder(client.resource(Event.class), "default-scheduler", "test");
  private final UnschedulableStatus status = new UnschedulableStatus(pods, events);

  @AfterEach
  void tearDown() {
    events.close();
    client.close();
    api.close();
  }

  @Test
  void writesTheConditionAndAWarningEvent() {
    Pod pod = api.seed(pod("p"));

    status.record(pod, "0/1 nodes are available: 1 Insufficient cpu.");

    PodCondition condition = pods.get("default", "p").getStatus().getConditions(0);
    assertThat(condition.getType()).isEqualTo("PodScheduled");
    assertThat(condition.getStatus()).isEqualTo("False");
    assertThat(condition.getReason()).isEqualTo("Unschedulable");
    assertThat(condition.getMessage()).isEqualTo("0/1 nodes are available: 1 Insufficient cpu.");
    events.close();
    assertThat(client.resource(Event.class).list(ListOptions.all()).items()).singleElement().satisfies(e -> {
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getReason()).isEqualTo("FailedScheduling");
      assertThat(e.getMessage()).isEqualTo("0/1 nodes are available: 1 Insufficient cpu.");
      assertThat(e.getInvolvedObject().getName()).isEqualTo("p");
    });
  }

  @Test
  void retriesOnAConflictWithTheLatestPod() {
    Pod stale = api.seed(pod("p"));
    Pod changed = pods.update(stale.toBuilder()
        .setMetadata(stale.getMetadata().toBuilder().putLabels("touched", "yes")).build());

    status.record(stale, "0/1 nodes are available: 1 Too many pods.");

    Pod latest = pods.get("default", "p");
    assertThat(latest.getMetadata().getLabelsMap()).containsEntry("touched", "yes");
    assertThat(latest.getStatus().getConditions(0).getMessage()).isEqualTo("0/1 nodes are available: 1 Too many pods.");
    assertThat(latest.getMetadata().getResourceVersion()).isNotEqualTo(changed.getMetadata().getResourceVersion());
  }

  @Test
  void writesNothingWhenTheConditionAlreadySaysSo() {
    api.seed(pod("p"));
    status.record(pods.get("default", "p"), "same");

    status.record(pods.get("default", "p"), "same");

    assertThat(api.writes()).filteredOn(w -> w.startsWith("status")).containsExactly("status pods default/p");
  }

  @Test
  void aNewMessageKeepsTheTransitionTime() {
    Pod pod = pod("p").toBuilder().setStatus(pod("p").getStatus().toBuilder().addConditions(PodCondition.newBuilder()
        .setType("PodScheduled").setStatus("False").setReason("Unschedulable").setMessage("old")
        .setLastTransitionTime("2026-01-01T00:00:00Z"))).build();

    Pod updated = UnschedulableStatus.withCondition(pod, "new").orElseThrow();

    assertThat(updated.getStatus().getConditionsList()).singleElement().satisfies(c -> {
      assertThat(c.getMessage()).isEqualTo("new");
      assertThat(c.getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");
    });
  }

  @Test
  void aPodBoundMeanwhileIsLeftToTheKubelet() {
    Pod stale = api.seed(pod("p"));
    api.seed(boundTo(stale, "node-a"));

    status.record(stale, "0/1 nodes are available: 1 Insufficient cpu.");

    assertThat(api.writes()).noneMatch(w -> w.startsWith("status"));
    assertThat(pods.get("default", "p").getStatus().getConditionsList()).isEmpty();
  }
}
