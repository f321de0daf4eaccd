package io.kava.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kava.api.apps.v1.Deployment;
import io.kava.api.core.v1.Pod;
import io.kava.client.ApiException;
import io.kava.client.KavaClient;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * "Deploy v2 without dropping user requests": a rolling update of a 3-replica Deployment (readiness
 * probe, maxUnavailable 0) under a steady request loop through its ClusterIP finishes with no failed
 * request. As upstream, the pods say how they want to be stopped: a preStop sleep keeps a terminating
 * pod serving while the endpoint controllers and kube-proxy take it out of the rules, and only then does
 * it get SIGTERM (upstream's documented answer; see docs/services.md).
 */
class ZeroDowntimeRolloutIT {
  private static final String NS = "default";

  /**
   * A request that gets no answer within this long counts as dropped. Generous, because a loaded 2-core
   * machine can stall a busybox httpd fork for a few seconds: that is a slow request, not a lost one.
   */
  private static final int REQUEST_TIMEOUT_MILLIS = 10_000;
  /** Between two requests of one loop: a steady load of a couple of hundred requests a second, not a flood. */
  private static final int PAUSE_MILLIS = 5;

  private static TestCluster cluster;
  private static KavaClient client;
  private static Workloads workloads;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = new TestCluster().withServices().start();
    client = cluster.client();
    workloads = new Workloads(client);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static void pause(int millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean rolledOut(String name, String image) {
    Deployment d = client.resource(Deployment.class).get(NS, name);
    var s = d.getStatus();
    boolean allNew = workloads.pods(NS, "app=" + name).stream()
        .allMatch(p -> p.getSpec().getContainers(0).getImage().equals(image));
    return s.getObservedGeneration() >= d.getMetadata().getGeneration() && s.getUpdatedReplicas() == 3
        && s.getReplicas() == 3 && s.getAvailableReplicas() == 3 && allNew;
  }

  @Test
  void aRollingUpdateUnderSteadyLoadDropsNoRequest() throws Exception {
    workloads.create("""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: zd
        spec:
          replicas: 3
          selector:
            matchLabels:
              app: zd
          strategy:
            type: RollingUpdate
            rollingUpdate:
              maxUnavailable: 0
              maxSurge: 1
          template:
            metadata:
              labels:
                app: zd
            spec:
              terminationGracePeriodSeconds: 30
              containers:
              - name: web
                image: nginx:1.14.2
                ports:
                - containerPort: 80
                readinessProbe:
                  httpGet:
                    path: /hostname
                    port: 80
                  periodSeconds: 1
                lifecycle:
                  preStop:
                    sleep:
                      seconds: 5
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: zd
        spec:
          selector:
            app: zd
          ports:
          - port: 80
        """);
    workloads.awaitEndpoints(NS, "zd", workloads.awaitReadyPods(NS, "app=zd", 3));
    String ip = workloads.service(NS, "zd").getSpec().getClusterIp();
    Set<String> oldPods = Workloads.namesOf(workloads.pods(NS, "app=zd"));

    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    Map<String, Integer> responders = new ConcurrentHashMap<>();
    java.util.Queue<String> failures = new java.util.concurrent.ConcurrentLinkedQueue<>();
    long t0 = System.nanoTime();
    Thread[] loops = new Thread[2];
    for (int i = 0; i < loops.length; i++) {
      loops[i] = new Thread(() -> {
        while (running.get()) {
          String body;
          try {
            body = HttpProbe.get(ip, 80, "/hostname", REQUEST_TIMEOUT_MILLIS).trim();
          } catch (java.io.IOException e) {
            failed.incrementAndGet();
            failures.add(String.format("%.1fs %s", (System.nanoTime() - t0) / 1e9, e));
            continue;
          }
          ok.incrementAndGet();
          responders.merge(body, 1, Integer::sum);
          pause(PAUSE_MILLIS);
        }
      }, "load-" + i);
      loops[i].start();
    }
    try {
      await("requests flowing").atMost(Duration.ofSeconds(10)).until(() -> ok.get() > 20);
      failures.add(String.format("(%.1fs: image changed)", (System.nanoTime() - t0) / 1e9));
      await().atMost(Duration.ofSeconds(10)).ignoreExceptionsInstanceOf(ApiException.class).until(() -> {
        Deployment d = client.resource(Deployment.class).get(NS, "zd");
        var template = d.getSpec().getTemplate().toBuilder();
        template.getSpecBuilder().getContainersBuilder(0).setImage("nginx:1.16.1");
        client.resource(Deployment.class).update(d.toBuilder().setSpec(d.getSpec().toBuilder().setTemplate(template)).build());
        return true;
      });
      await("rollout to nginx:1.16.1 complete and the old pods gone").atMost(Duration.ofSeconds(180))
          .pollInterval(Duration.ofMillis(500)).ignoreExceptionsInstanceOf(ApiException.class)
          .until(() -> rolledOut("zd", "nginx:1.16.1")
              && workloads.pods(NS, "app=zd").stream().noneMatch(p -> oldPods.contains(p.getMetadata().getName())));
      // Keep the load on a little longer: the last old pod's endpoint has just left the rules.
      int before = ok.get();
      await().atMost(Duration.ofSeconds(10)).until(() -> ok.get() > before + 20);
    } finally {
      running.set(false);
      for (Thread t : loops) {
        t.join(10_000);
      }
    }
    Set<String> newPods = Workloads.namesOf(workloads.pods(NS, "app=zd"));
    assertThat(failed.get()).as("failed requests of %d (with when each failed): %s", ok.get() + failed.get(), failures)
        .isZero();
    assertThat(responders.keySet()).as("old and new pods both answered").containsAll(newPods)
        .containsAnyElementsOf(oldPods);
    for (Pod p : workloads.pods(NS, "app=zd")) {
      assertThat(p.getSpec().getContainers(0).getImage()).isEqualTo("nginx:1.16.1");
    }
  }
}
