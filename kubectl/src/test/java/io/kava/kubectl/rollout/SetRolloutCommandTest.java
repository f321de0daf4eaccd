package io.kava.kubectl.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import io.kava.api.apps.v1.ControllerRevision;
import io.kava.api.apps.v1.DaemonSet;
import io.kava.api.apps.v1.DaemonSetSpec;
import io.kava.api.apps.v1.StatefulSet;
import io.kava.api.apps.v1.StatefulSetSpec;
import io.kava.api.core.v1.PodTemplateSpec;
import io.kava.api.meta.v1.OwnerReference;
import io.kava.client.history.ControllerRevisions;
import io.kava.client.testing.FakeApi;
import io.kava.kubectl.CliRun;
import io.kava.kubectl.CliRun.Result;
import io.kava.kubectl.Objects;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** `rollout history|undo` and `get controllerrevisions` for StatefulSets and DaemonSets against a fake API server. */
class SetRolloutCommandTest {
  private final FakeApi api = new FakeApi();
  private final CliRun cli = new CliRun(server -> api.client());

  @AfterEach
  void stop() {
    api.close();
  }

  private static PodTemplateSpec template(String image) {
    PodTemplateSpec t = Objects.nginx(1, 1).getSpec().getTemplate();
    return t.toBuilder().setSpec(t.getSpec().toBuilder().setContainers(0, t.getSpec().getContainers(0).toBuilder()
        .setImage(image))).build();
  }

  private static StatefulSet web(String image) {
    return StatefulSet.newBuilder().setApiVersion("apps/v1").setKind("StatefulSet")
        .setMetadata(Objects.meta("default", "web", Duration.ofMinutes(5)).setUid("sts-uid"))
        .setSpec(StatefulSetSpec.newBuilder().setReplicas(1).setTemplate(template(image))
            .setSelector(Objects.nginx(1, 1).getSpec().getSelector()))
        .build();
  }

  private static DaemonSet agent(String image) {
    return DaemonSet.newBuilder().setApiVersion("apps/v1").setKind("DaemonSet")
        .setMetadata(Objects.meta("default", "agent", Duration.ofMinutes(5)).setUid("ds-uid"))
        .setSpec(DaemonSetSpec.newBuilder().setTemplate(template(image))
            .setSelector(Objects.nginx(1, 1).getSpec().getSelector()))
        .build();
  }

  private static ControllerRevision revision(Message owner, String name, long number, String image, String cause) {
    var meta = io.kava.client.ApiObjects.meta(owner);
    String kind = owner instanceof StatefulSet ? "StatefulSet" : "DaemonSet";
    var m = Objects.meta("default", name, Duration.ofMinutes(3)).putLabels("app", "nginx")
        .addOwnerReferences(OwnerReference.newBuilder().setApiVersion("apps/v1").setKind(kind)
            .setName(meta.getName()).setUid(meta.getUid()).setController(true));
    if (cause != null) {
      m.putAnnotations(Revisions.CHANGE_CAUSE, cause);
    }
    return ControllerRevision.newBuilder().setApiVersion("apps/v1").setKind("ControllerRevision").setMetadata(m)
        .setData(ControllerRevisions.data(template(image))).setRevision(number).build();
  }

  private void seedWebHistory() {
    api.seed(web("kava/demo:1.0"));
    api.seed(revision(web(""), "web-v1", 1, "nginx:1.14.2", null));
    api.seed(revision(web(""), "web-v2", 2, "kava/demo:1.0", "kubectl set image sts/web nginx=kava/demo:1.0"));
    // Another owner's revision with the same labels is not part of this history.
    api.seed(revision(web("").toBuilder().setMetadata(web("").getMetadata().toBuilder().setUid("other")).build(),
        "web-old", 7, "busybox", null));
  }

  @Test
  void historyListsTheSetsRevisionsAndOneRevisionShowsItsTemplate() {
    seedWebHistory();

    Result list = cli.run("rollout", "history", "statefulset/web");
    Result one = cli.run("rollout", "history", "sts/web", "--revision=1");
    Result missing = cli.run("rollout", "history", "sts/web", "--revision=5");

    assertThat(list.out()).isEqualTo("""
        statefulset.apps/web\s
        REVISION  CHANGE-CAUSE
        1         <none>
        2         kubectl set image sts/web nginx=kava/demo:1.0

        """);
    assertThat(one.out()).startsWith("statefulset.apps/web with revision #1\nPod Template:\n  Labels:  app=nginx\n"
        + "  Containers:\n    nginx:\n      Image:        nginx:1.14.2\n");
    assertThat(missing.err()).isEqualTo("error: unable to find the specified revision\n");
    assertThat(missing.exitCode()).isEqualTo(1);
  }

  @Test
  void getControllerRevisionsShowsTheControllerAndTheRevision() {
    seedWebHistory();

    Result r = cli.run("get", "controllerrevisions");

    assertThat(r.out()).isEqualTo("""
        NAME      CONTROLLER             REVISION   AGE
        web-old   statefulset.apps/web   7          3m
        web-v1    statefulset.apps/web   1          3m
        web-v2    statefulset.apps/web   2          3m
        """);
  }

  @Test
  void undoWritesThePreviousRevisionsTemplate() {
    seedWebHistory();

    Result r = cli.run("rollout", "undo", "sts/web");

    assertThat(r.out()).isEqualTo("statefulset.apps/web rolled back\n");
    StatefulSet after = api.client().resource(StatefulSet.class).get("default", "web");
    assertThat(after.getSpec().getTemplate()).isEqualTo(template("nginx:1.14.2"));
    assertThat(api.writes()).containsExactly("update statefulsets default/web");
  }

  @Test
  void undoToAMissingRevisionFailsAsKubectlAndTheCurrentOneIsSkipped() {
    seedWebHistory();

    Result missing = cli.run("rollout", "undo", "sts/web", "--to-revision=9");
    Result same = cli.run("rollout", "undo", "sts/web", "--to-revision=2");

    assertThat(missing.err()).isEqualTo("error: unable to find specified revision 9 in history\n");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(same.out()).isEqualTo("statefulset.apps/web skipped rollback (current template already matches "
        + "revision 2)\n");
    assertThat(same.exitCode()).isZero();
    assertThat(api.writes()).isEmpty();
  }

  @Test
  void aDaemonSetRollsBackToAChosenRevisionAndOneRevisionIsNoHistory() {
    api.seed(agent("kava/demo:1.0"));
    api.seed(revision(agent(""), "agent-v1", 1, "nginx:1.14.2", null));

    Result alone = cli.run("rollout", "undo", "ds/agent");
    api.seed(revision(agent(""), "agent-v2", 2, "kava/demo:1.0", null));
    Result history = cli.run("rollout", "history", "daemonset/agent");
    Result undo = cli.run("rollout", "undo", "daemonset/agent", "--to-revision=1");

    assertThat(alone.err()).isEqualTo("error: no last revision to roll back to\n");
    assertThat(history.out()).isEqualTo("daemonset.apps/agent \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n");
    assertThat(undo.out()).isEqualTo("daemonset.apps/agent rolled back\n");
    assertThat(api.client().resource(DaemonSet.class).get("default", "agent").getSpec().getTemplate())
        .isEqualTo(template("nginx:1.14.2"));
  }
}
