package io.kava.controllermanager.ttlafterfinished;

import static io.kava.controllermanager.testing.Workloads.NS;
import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.batch.v1.Job;
import io.kava.api.batch.v1.JobCondition;
import io.kava.api.batch.v1.JobStatus;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
import io.kava.client.Times;
import io.kava.client.informer.InformerFactory;
import io.kava.client.testing.FakeApi;
import io.kava.client.testing.MutableClock;
import io.kava.controllermanager.testing.Workloads;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A finished Job goes ttlSecondsAfterFinished after it finished, not before; a running one stays. */
class TtlAfterFinishedControllerTest {
  private final FakeApi api = new FakeApi();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
  private KavaClient client;
  private InformerFactory informers;
  private TtlAfterFinishedController controller;

  @AfterEach
  void tearDown() {
    if (controller != null) {
      controller.stop();
    }
    if (informers != null) {
      informers.close();
    }
    if (client != null) {
      client.close();
    }
    api.close();
  }

  private void start() throws InterruptedException {
    client = api.client();
    controller = new TtlAfterFinishedController(client, clock);
    informers = new InformerFactory(client, Duration.ZERO);
    controller.register(informers);
    informers.start();
    assertThat(informers.waitForSync(Duration.ofSeconds(20))).isTrue();
  }

  private Job seed(String name, String condition) {
    Job job = Workloads.job(name, Map.of("job", name));
    job = job.toBuilder().setSpec(job.getSpec().toBuilder().setTtlSecondsAfterFinished(100)).build();
    if (condition != null) {
      job = job.toBuilder().setStatus(JobStatus.newBuilder().addConditions(JobCondition.newBuilder().setType(condition)
          .setStatus("True").setLastTransitionTime(Times.format(clock.instant().minusSeconds(50))))).build();
    }
    return api.seed(job);
  }

  private boolean stored(String name) {
    return client.resource(Job.class).list(ListOptions.all()).items().stream()
        .anyMatch(j -> j.getMetadata().getName().equals(name));
  }

  @Test
  void aFinishedJobGoesWhenItsTtlHasPassed() throws InterruptedException {
    seed("done", "Complete");
    seed("failed", "Failed");
    seed("running", null);
    start();

    controller.sync(NS + "/done");
    assertThat(stored("done")).as("50 s of 100 passed").isTrue();

    clock.advance(Duration.ofSeconds(50));
    controller.sync(NS + "/done");
    controller.sync(NS + "/failed");
    controller.sync(NS + "/running");
    assertThat(stored("done")).isFalse();
    assertThat(stored("failed")).isFalse();
    assertThat(stored("running")).isTrue();
    assertThat(api.writes()).contains("delete jobs default/done");
  }
}
