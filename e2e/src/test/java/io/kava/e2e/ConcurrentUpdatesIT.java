package io.kava.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.apps.v1.Deployment;
import io.kava.client.KavaClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Optimistic concurrency across two API servers: 20 clients (half preferring each server) update the
 * same Deployment at once, read-modify-write with a retry on Conflict, each adding an annotation of its
 * own. Every annotation is there at the end: no update was lost, however the writes interleaved.
 */
class ConcurrentUpdatesIT {
  private static final int CLIENTS = 20;

  @Test
  void twentyConcurrentReadModifyWritesLoseNoUpdate() throws Exception {
    try (TestCluster cluster = new TestCluster().highlyAvailable().controlPlaneOnly().start()) {
      new Workloads(cluster.client()).create(Deployments.sleepers("contended", 0));
      String forward = cluster.apiServer(0) + "," + cluster.apiServer(1);
      String backward = cluster.apiServer(1) + "," + cluster.apiServer(0);
      List<KavaClient> clients = new ArrayList<>();
      ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
      try {
        for (int i = 0; i < CLIENTS; i++) {
          clients.add(KavaClient.connect(cluster.adminConfig().withServer(i % 2 == 0 ? forward : backward)));
        }
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
          KavaClient c = clients.get(i);
          String key = "writer-" + i;
          done.add(pool.submit(() -> {
            go.await();
            return Deployments.update(c, "default", "contended", d -> d.toBuilder()
                .setMetadata(d.getMetadata().toBuilder().putAnnotations(key, "done")).build());
          }));
        }
        go.countDown();
        for (Future<?> f : done) {
          f.get(120, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
        clients.forEach(KavaClient::close);
      }
      Deployment after = cluster.client().resource(Deployment.class).get("default", "contended");
      for (int i = 0; i < CLIENTS; i++) {
        assertThat(after.getMetadata().getAnnotationsMap()).containsEntry("writer-" + i, "done");
      }
      // Only the annotations changed: spec untouched, so generation did not move.
      assertThat(after.getMetadata().getGeneration()).isEqualTo(1);
    }
  }
}
