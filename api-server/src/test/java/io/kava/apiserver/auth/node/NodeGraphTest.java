package io.kava.apiserver.auth.node;

import static io.kava.apiserver.auth.node.NodeGraph.Type.CONFIG_MAP;
import static io.kava.apiserver.auth.node.NodeGraph.Type.POD;
import static io.kava.apiserver.auth.node.NodeGraph.Type.PV;
import static io.kava.apiserver.auth.node.NodeGraph.Type.PVC;
import static io.kava.apiserver.auth.node.NodeGraph.Type.SECRET;
import static io.kava.apiserver.auth.node.NodeGraph.Type.SERVICE_ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import io.kava.api.core.v1.Pod;
import io.kava.apiserver.watch.CacheListener;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeGraphTest {
  private final NodeGraph graph = new NodeGraph();
  private final CacheListener pods = graph.pods();
  private final CacheListener volumes = graph.volumes();

  @Test
  void aBoundPodRelatesItsNodeToEverythingItNames() {
    pods.changed(null, NodePods.referencing("team", "web", "node-a"));

    for (String secret : List.of("pull", "env", "envfrom", "vol", "proj")) {
      assertThat(graph.related("node-a", SECRET, "team", secret)).as(secret).isTrue();
      assertThat(graph.related("node-b", SECRET, "team", secret)).as(secret).isFalse();
      assertThat(graph.related("node-a", SECRET, "other", secret)).as("same name, other namespace").isFalse();
    }
    for (String cm : List.of("cm-env", "cm-envfrom", "cm-vol", "cm-proj")) {
      assertThat(graph.related("node-a", CONFIG_MAP, "team", cm)).as(cm).isTrue();
    }
    assertThat(graph.related("node-a", PVC, "team", "data")).isTrue();
    assertThat(graph.related("node-a", SERVICE_ACCOUNT, "team", "runner")).isTrue();
    assertThat(graph.related("node-a", POD, "team", "web")).isTrue();
    assertThat(graph.related("node-a", SECRET, "team", "unnamed")).isFalse();
    assertThat(graph.related("node-a", CONFIG_MAP, "team", "vol")).as("a secret's name is not a configmap").isFalse();
  }

  @Test
  void anUnboundPodRelatesNothingUntilItIsBound() {
    Pod pending = NodePods.referencing("team", "web", "");
    pods.changed(null, pending);
    assertThat(graph.related("node-a", SECRET, "team", "vol")).isFalse();
    assertThat(graph.vertexCount()).isZero();

    Pod bound = NodePods.referencing("team", "web", "node-a");
    pods.changed(pending, bound);
    assertThat(graph.related("node-a", SECRET, "team", "vol")).isTrue();
  }

  @Test
  void deletingThePodTakesTheNodesAccessWithItUnlessAnotherPodOnTheNodeNamesTheObject() {
    Pod web = NodePods.referencing("team", "web", "node-a");
    Pod api = NodePods.referencing("team", "api", "node-a");
    Pod elsewhere = NodePods.referencing("team", "batch", "node-b");
    pods.changed(null, web);
    pods.changed(null, api);
    pods.changed(null, elsewhere);

    pods.changed(web, null);
    assertThat(graph.related("node-a", SECRET, "team", "vol")).as("api still names it").isTrue();
    assertThat(graph.related("node-a", POD, "team", "web")).isFalse();

    pods.changed(api, null);
    assertThat(graph.related("node-a", SECRET, "team", "vol")).isFalse();
    assertThat(graph.related("node-b", SECRET, "team", "vol")).isTrue();

    pods.changed(elsewhere, null);
    assertThat(graph.vertexCount()).as("nothing left behind").isZero();
  }

  @Test
  void aPodRecreatedOnAnotherNodeMovesItsAccess() {
    Pod onA = NodePods.referencing("team", "web", "node-a");
    pods.changed(null, onA);
    Pod onB = NodePods.referencing("team", "web", "node-b");
    pods.changed(onA, onB);
    assertThat(graph.related("node-a", SECRET, "team", "vol")).isFalse();
    assertThat(graph.related("node-b", SECRET, "team", "vol")).isTrue();
  }

  @Test
  void aStatusWriteChangesNothing() {
    Pod web = NodePods.referencing("team", "web", "node-a");
    pods.changed(null, web);
    int before = graph.vertexCount();
    Pod running = web.toBuilder().setStatus(web.getStatus().toBuilder().setPhase("Running")).build();
    pods.changed(web, running);
    pods.changed(running, running);
    assertThat(graph.vertexCount()).isEqualTo(before);
    pods.changed(running, null);
    assertThat(graph.vertexCount()).as("counted once, however many updates").isZero();
  }

  @Test
  void aMirrorPodRelatesItsNodeOnlyToItself() {
    pods.changed(null, NodePods.mirror(NodePods.referencing("team", "static", "node-a")));
    assertThat(graph.related("node-a", POD, "team", "static")).isTrue();
    assertThat(graph.related("node-a", SECRET, "team", "vol")).isFalse();
    assertThat(graph.related("node-a", SERVICE_ACCOUNT, "team", "runner")).isFalse();
  }

  @Test
  void aVolumeRelatesThroughTheClaimItIsBoundTo() {
    volumes.changed(null, NodePods.volume("pv-1", "team", "data"));
    volumes.changed(null, NodePods.volume("pv-free", "", ""));
    assertThat(graph.related("node-a", PV, "", "pv-1")).as("no pod uses the claim yet").isFalse();

    Pod web = NodePods.referencing("team", "web", "node-a");
    pods.changed(null, web);
    assertThat(graph.related("node-a", PV, "", "pv-1")).isTrue();
    assertThat(graph.related("node-b", PV, "", "pv-1")).isFalse();
    assertThat(graph.related("node-a", PV, "", "pv-free")).isFalse();

    volumes.changed(NodePods.volume("pv-1", "team", "data"), NodePods.volume("pv-1", "team", "other"));
    assertThat(graph.related("node-a", PV, "", "pv-1")).as("rebound to a claim the pod does not use").isFalse();
    volumes.changed(NodePods.volume("pv-1", "team", "other"), null);
    pods.changed(web, null);
    assertThat(graph.related("node-a", PV, "", "pv-1")).isFalse();
  }

  @Test
  void aReloadedCacheReplacesEverything() {
    pods.changed(null, NodePods.referencing("team", "web", "node-a"));
    pods.replaced(List.<Message>of(NodePods.referencing("team", "api", "node-b")));
    assertThat(graph.related("node-a", SECRET, "team", "vol")).isFalse();
    assertThat(graph.related("node-b", SECRET, "team", "vol")).isTrue();
    volumes.changed(null, NodePods.volume("pv-1", "team", "data"));
    volumes.replaced(List.of());
    assertThat(graph.related("node-b", PV, "", "pv-1")).isFalse();
  }
}
