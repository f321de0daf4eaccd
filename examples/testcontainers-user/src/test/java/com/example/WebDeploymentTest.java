package com.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.Service;
import io.kava.client.ListOptions;
import io.kava.testcontainers.KavaContainer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A user's test: a Deployment of two web servers behind a Service, on a real Kava cluster. */
class WebDeploymentTest {
  static final KavaContainer kava = new KavaContainer();

  @BeforeAll
  static void startCluster() {
    kava.start();
  }

  @AfterAll
  static void stopCluster() {
    kava.stop();
  }

  @Test
  void twoReplicasRunAndTheServiceAnswersFromInsideTheCluster() {
    kava.apply(Path.of("src/test/resources/web.yaml"));

    await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
        assertThat(webPods()).hasSize(2).allSatisfy(p -> assertThat(p.getStatus().getPhase()).isEqualTo("Running")));
    List<String> names = webPods().stream().map(p -> p.getMetadata().getName()).toList();

    // From inside one pod, through the Service's name (cluster DNS) and its ClusterIP (kube-proxy).
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      String page = kava.kavactlOrThrow("exec", names.get(0), "--", "sh", "-c", "timeout 5 wget -qO- http://web/hostname").strip();
      assertThat(names).contains(page);
    });

    kava.kavactlOrThrow("delete", "deployment", "web");
    kava.kavactlOrThrow("delete", "service", "web");
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      assertThat(webPods()).isEmpty();
      assertThat(kava.client().resource(Service.class).list(ListOptions.inNamespace("default")).items())
          .extracting(s -> s.getMetadata().getName()).containsOnly("kubernetes");
      // And no container of the pods left in the cluster's Docker engine.
      assertThat(kava.execInContainer("docker", "ps", "-aq", "--filter", "label=io.kava.pod.namespace=default").getStdout()).isBlank();
    });
  }

  private static List<Pod> webPods() {
    return kava.client().resource(Pod.class).list(ListOptions.inNamespace("default").withLabelSelector("app=web")).items();
  }
}
