package io.kava.kubectl.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.apps.v1.Deployment;
import io.kava.api.apps.v1.DeploymentCondition;
import io.kava.api.apps.v1.ReplicaSet;
import io.kava.api.apps.v1.ReplicaSetSpec;
import io.kava.api.core.v1.PodTemplateSpec;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.api.meta.v1.OwnerReference;
import io.kava.client.testing.FakeApi;
import io.kava.kubectl.CliRun;
import io.kava.kubectl.CliRun.Result;
import io.kava.kubectl.Objects;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** `rollout status|history|undo|pause|resume|restart` against a fake API server. */
class RolloutCommandTest {
  private final FakeApi api = new FakeApi();
  private final CliRun cli = new CliRun(server -> api.client());

  @AfterEach
  void stop() {
    api.close();
  }

  private Deployment deployment(String image, String revision) {
    Deployment d = Objects.nginx(3, 3);
    PodTemplateSpec t = d.getSpec().getTemplate();
    return d.toBuilder()
        .setMetadata(d.getMetadata().toBuilder().setUid("d-uid").setGeneration(2).putAnnotations(Revisions.REVISION, revision))
        .setSpec(d.getSpec().toBuilder().setTemplate(t.toBuilder().setSpec(t.getSpec().toBuilder()
            .setContainers(0, t.getSpec().getContainers(0).toBuilder().setImage(image)))))
        .setStatus(d.getStatus().toBuilder().setObservedGeneration(2)).build();
  }

  private ReplicaSet replicaSet(Deployment d, String hash, String revision, int replicas, String changeCause) {
    PodTemplateSpec t = d.getSpec().getTemplate();
    ObjectMeta.Builder meta = ObjectMeta.newBuilder().setNamespace("default").setName("nginx-deployment-" + hash)
        .setUid("rs-" + hash).putAnnotations(Revisions.REVISION, revision)
        .addOwnerReferences(OwnerReference.newBuilder().setApiVersion("apps/v1").setKind("Deployment")
            .setName("nginx-deployment").setUid("d-uid").setController(true));
    if (changeCause != null) {
      meta.putAnnotations(Revisions.CHANGE_CAUSE, changeCause);
    }
    return ReplicaSet.newBuilder().setApiVersion("apps/v1").setKind("ReplicaSet").setMetadata(meta)
        .setSpec(ReplicaSetSpec.newBuilder().setReplicas(replicas).setSelector(d.getSpec().getSelector())
            .setTemplate(t.toBuilder().setMetadata(t.getMetadata().toBuilder().putLabels(Revisions.POD_TEMPLATE_HASH, hash))))
        .build();
  }

  @Test
  void statusOfACompleteRollout() {
    api.seed(deployment("nginx:1.16", "2"));

    Result r = cli.run("rollout", "status", "deploy/nginx-deployment");

    assertThat(r.out()).isEqualTo("deployment \"nginx-deployment\" successfully rolled out\n");
    assertThat(r.exitCode()).isZero();
  }

  @Test
  void statusWaitsPrintingEachNewLineUntilDone() throws Exception {
    Deployment d = deployment("nginx:1.16", "2");
    Deployment rolling = api.seed(d.toBuilder().setStatus(d.getStatus().toBuilder().setUpdatedReplicas(1)
        .setReplicas(4).setAvailableReplicas(3)).build());

    CompletableFuture<Result> run = CompletableFuture.supplyAsync(() -> cli.run("rollout", "status", "deployment",
        "nginx-deployment"));
    // The first line comes from a get after the watch opened; the later ones from the watch.
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
      List<String> reads = api.reads();
      int watch = reads.indexOf("watch deployments");
      return watch >= 0 && reads.subList(watch, reads.size()).contains("get deployments default/nginx-deployment");
    });
    api.seed(rolling.toBuilder().setStatus(rolling.getStatus().toBuilder().setUpdatedReplicas(3).setReplicas(4)).build());
    api.seed(rolling.toBuilder().setStatus(rolling.getStatus().toBuilder().setUpdatedReplicas(3).setReplicas(3)
        .setAvailableReplicas(2)).build());
    api.seed(rolling.toBuilder().setStatus(d.getStatus()).build());
    Result r = run.get(10, TimeUnit.SECONDS);

    assertThat(r.out()).isEqualTo("""
        Waiting for deployment "nginx-deployment" rollout to finish: 1 out of 3 new replicas have been updated...
        Waiting for deployment "nginx-deployment" rollout to finish: 1 old replicas are pending termination...
        Waiting for deployment "nginx-deployment" rollout to finish: 2 of 3 updated replicas are available...
        deployment "nginx-deployment" successfully rolled out
        """);
  }

  @Test
  void statusFailsPastTheProgressDeadline() {
    Deployment d = deployment("nginx:nope", "2");
    api.seed(d.toBuilder().setStatus(d.getStatus().toBuilder().setUpdatedReplicas(1).setReplicas(4)
        .addConditions(DeploymentCondition.newBuilder().setType("Progressing").setStatus("False")
            .setReason("ProgressDeadlineExceeded"))).build());

    Result r = cli.run("rollout", "status", "deploy/nginx-deployment");

    assertThat(r.err()).isEqualTo("error: deployment \"nginx-deployment\" exceeded its progress deadline\n");
    assertThat(r.exitCode()).isEqualTo(1);
  }

  @Test
  void statusWithoutWatchPrintsOnceAndATimeoutEndsTheWait() {
    Deployment d = deployment("nginx:1.16", "2");
    api.seed(d.toBuilder().setMetadata(d.getMetadata().toBuilder().setGeneration(3)).build());

    Result once = cli.run("rollout", "status", "deploy/nginx-deployment", "--watch=false");
    Result timeout = cli.run("rollout", "status", "deploy/nginx-deployment", "--timeout=300ms");
    Result revision = cli.run("rollout", "status", "deploy/nginx-deployment", "--revision=5");

    assertThat(once.out()).isEqualTo("Waiting for deployment spec update to be observed...\n");
    assertThat(once.exitCode()).isZero();
    assertThat(timeout.err()).isEqualTo("error: timed out waiting for the condition\n");
    assertThat(timeout.exitCode()).isEqualTo(1);
    assertThat(revision.err()).isEqualTo("error: desired revision (5) is different from the running revision (2)\n");
  }

  @Test
  void historyListsRevisionsWithTheirChangeCause() {
    Deployment d = api.seed(deployment("nginx:1.16", "2"));
    api.seed(replicaSet(deployment("nginx:1.14.2", "1"), "aaa", "1", 0, null));
    api.seed(replicaSet(d, "bbb", "2", 3, "kubectl set image deployment/nginx-deployment nginx=nginx:1.16"));

    Result r = cli.run("rollout", "history", "deploy/nginx-deployment");

    assertThat(r.out()).isEqualTo("""
        deployment.apps/nginx-deployment\s
        REVISION  CHANGE-CAUSE
        1         <none>
        2         kubectl set image deployment/nginx-deployment nginx=nginx:1.16

        """);
  }

  @Test
  void historyOfOneRevisionShowsItsTemplate() {
    api.seed(deployment("nginx:1.16", "2"));
    api.seed(replicaSet(deployment("nginx:1.14.2", "1"), "aaa", "1", 0, null));

    Result r = cli.run("rollout", "history", "deploy/nginx-deployment", "--revision=1");
    Result missing = cli.run("rollout", "history", "deploy/nginx-deployment", "--revision=9");

    assertThat(r.out()).startsWith("deployment.apps/nginx-deployment with revision #1\nPod Template:\n"
        + "  Labels:  app=nginx\n           pod-template-hash=aaa\n  Containers:\n    nginx:\n      Image:        nginx:1.14.2\n");
    assertThat(r.out()).contains("nginx:1.14.2");
    assertThat(missing.err()).isEqualTo("error: unable to find the specified revision\n");
  }

  @Test
  void undoWritesThePreviousTemplateWithoutItsHash() {
    Deployment d = api.seed(deployment("nginx:1.16", "2"));
    api.seed(replicaSet(deployment("nginx:1.14.2", "1"), "aaa", "1", 0, "first"));
    api.seed(replicaSet(d, "bbb", "2", 3, null));

    Result r = cli.run("rollout", "undo", "deploy/nginx-deployment");

    assertThat(r.out()).isEqualTo("deployment.apps/nginx-deployment rolled back\n");
    Deployment after = api.client().resource(Deployment.class).get("default", "nginx-deployment");
    assertThat(after.getSpec().getTemplate().getSpec().getContainers(0).getImage()).isEqualTo("nginx:1.14.2");
    assertThat(after.getSpec().getTemplate().getMetadata().getLabelsMap()).doesNotContainKey(Revisions.POD_TEMPLATE_HASH);
    assertThat(after.getMetadata().getAnnotationsMap()).containsEntry(Revisions.CHANGE_CAUSE, "first")
        .containsEntry(Revisions.REVISION, "2");
  }

  @Test
  void undoToTheCurrentRevisionIsSkippedAndAnUnknownOneFails() {
    Deployment d = api.seed(deployment("nginx:1.16", "2"));
    api.seed(replicaSet(d, "bbb", "2", 3, null));

    Result same = cli.run("rollout", "undo", "deploy/nginx-deployment", "--to-revision=2");
    Result unknown = cli.run("rollout", "undo", "deploy/nginx-deployment", "--to-revision=7");
    Result noHistory = cli.run("rollout", "undo", "deploy/nginx-deployment");

    assertThat(same.out()).isEqualTo("deployment.apps/nginx-deployment skipped rollback (current template already "
        + "matches revision 2)\n");
    assertThat(unknown.err()).isEqualTo("error: unable to find specified revision 7 in history\n");
    assertThat(noHistory.err()).isEqualTo("error: no rollout history found for deployment \"nginx-deployment\"\n");
    assertThat(api.writes()).isEmpty();
  }

  @Test
  void pauseResumeAndRestart() {
    api.seed(deployment("nginx:1.16", "2"));

    assertThat(cli.run("rollout", "pause", "deploy/nginx-deployment").out()).isEqualTo("deployment.apps/nginx-deployment paused\n");
    assertThat(cli.run("rollout", "pause", "deploy/nginx-deployment").out())
        .isEqualTo("deployment.apps/nginx-deployment already paused\n");
    Result undoPaused = cli.run("rollout", "undo", "deploy/nginx-deployment");
    Result restartPaused = cli.run("rollout", "restart", "deploy/nginx-deployment");
    assertThat(cli.run("rollout", "resume", "deploy/nginx-deployment").out()).isEqualTo("deployment.apps/nginx-deployment resumed\n");
    Result restart = cli.run("rollout", "restart", "deploy/nginx-deployment");

    assertThat(undoPaused.err()).isEqualTo("error: you cannot rollback a paused deployment; resume it first with "
        + "'kubectl rollout resume' and try again\n");
    assertThat(restartPaused.err()).contains("can't restart paused deployment (run rollout resume first)");
    assertThat(restart.out()).isEqualTo("deployment.apps/nginx-deployment restarted\n");
    Deployment after = api.client().resource(Deployment.class).get("default", "nginx-deployment");
    assertThat(after.getSpec().getPaused()).isFalse();
    assertThat(after.getSpec().getTemplate().getMetadata().getAnnotationsMap())
        .containsKey(Revisions.RESTARTED_AT);
    assertThat(api.writes()).containsExactly("update deployments default/nginx-deployment",
        "update deployments default/nginx-deployment", "update deployments default/nginx-deployment");
  }

  @Test
  void otherKindsHaveNoRollout() {
    Result r = cli.run("rollout", "undo", "pod/x");

    assertThat(r.err()).isEqualTo("error: no rollbacker has been implemented for \"pod\"\n");
    assertThat(r.exitCode()).isEqualTo(1);
  }
}
