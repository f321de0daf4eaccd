package io.kava.scheduler.plugins;

import static io.kava.scheduler.TestObjects.boundTo;
import static io.kava.scheduler.TestObjects.info;
import static io.kava.scheduler.TestObjects.node;
import static io.kava.scheduler.TestObjects.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.ResourceRequirements;
import io.kava.scheduler.framework.FilterResult;
import org.junit.jupiter.api.Test;

class NodeResourcesFitTest {
  private final NodeResourcesFit fit = new NodeResourcesFit();

  @Test
  void fitsWhatIsLeftAfterThePodsAlreadyOnTheNode() {
    var node = node("n1", "2", "4Gi", 110);
    var existing = boundTo(pod("a", "1500m", "3Gi"), "n1");

    assertThat(fit.filter(pod("fits", "500m", "1Gi"), info(node, existing)).isSuccess()).isTrue();
    assertThat(fit.filter(pod("cpu", "501m", "1Gi"), info(node, existing)).reasons())
        .containsExactly("Insufficient cpu");
    assertThat(fit.filter(pod("mem", "500m", "1025Mi"), info(node, existing)).reasons())
        .containsExactly("Insufficient memory");
    assertThat(fit.filter(pod("both", "2", "2Gi"), info(node, existing)).reasons())
        .containsExactly("Insufficient cpu", "Insufficient memory");
  }

  @Test
  void sumsEveryPodOnTheNode() {
    var node = node("n1", "1", "1Gi", 110);
    var a = boundTo(pod("a", "300m", "256Mi"), "n1");
    var b = boundTo(pod("b", "300m", "256Mi"), "n1");

    assertThat(fit.filter(pod("p", "400m", "512Mi"), info(node, a, b)).isSuccess()).isTrue();
    assertThat(fit.filter(pod("p", "401m", "512Mi"), info(node, a, b)).reasons()).containsExactly("Insufficient cpu");
  }

  @Test
  void countsPodsEvenWhenNothingIsRequested() {
    var node = node("n1", "4", "8Gi", 2);
    var a = boundTo(pod("a"), "n1");

    assertThat(fit.filter(pod("second"), info(node, a)).isSuccess()).isTrue();
    assertThat(fit.filter(pod("third"), info(node, a, boundTo(pod("b"), "n1"))).reasons())
        .containsExactly("Too many pods");
  }

  @Test
  void aPodRequestingNothingFitsAFullNode() {
    var node = node("n1", "1", "1Gi", 110);
    var hog = boundTo(pod("hog", "1", "1Gi"), "n1");

    assertThat(fit.filter(pod("free"), info(node, hog)).isSuccess()).isTrue();
  }

  @Test
  void aNodeWithoutAllocatableFitsNoRequest() {
    var bare = node("bare", "1", "1Gi", 110).toBuilder().clearStatus().build();

    FilterResult result = fit.filter(pod("p", "100m", "1Mi"), info(bare));

    assertThat(result.reasons()).containsExactly("Too many pods", "Insufficient cpu", "Insufficient memory");
  }

  @Test
  void initContainersNeedRoomForTheLargestOfThem() {
    var node = node("n1", "2", "4Gi", 110);
    Pod withInit = pod("p", "500m", "1Gi").toBuilder().setSpec(pod("p").getSpec().toBuilder()
        .clearContainers().addContainers(container("app", "500m", "1Gi"))
        .addInitContainers(container("migrate", "2", "512Mi"))).build();

    assertThat(fit.filter(withInit, info(node)).isSuccess()).isTrue();
    assertThat(fit.filter(withInit, info(node, boundTo(pod("a", "1m", null), "n1"))).reasons())
        .containsExactly("Insufficient cpu");
  }

  @Test
  void sidecarInitContainersAddToTheContainers() {
    var node = node("n1", "1", "4Gi", 110);
    Container sidecar = container("proxy", "500m", "128Mi").toBuilder().setRestartPolicy("Always").build();
    Pod withSidecar = pod("p").toBuilder().setSpec(pod("p").getSpec().toBuilder()
        .clearContainers().addContainers(container("app", "501m", "128Mi")).addInitContainers(sidecar)).build();

    assertThat(fit.filter(withSidecar, info(node)).reasons()).containsExactly("Insufficient cpu");
  }

  @Test
  void aLimitWithoutARequestCountsAsTheRequest() {
    var node = node("n1", "1", "1Gi", 110);
    Pod limited = pod("p").toBuilder().setSpec(pod("p").getSpec().toBuilder().clearContainers()
        .addContainers(Container.newBuilder().setName("app")
            .setResources(ResourceRequirements.newBuilder().putLimits("memory", "2Gi")))).build();

    assertThat(fit.filter(limited, info(node)).reasons()).containsExactly("Insufficient memory");
  }

  private static Container container(String name, String cpu, String memory) {
    return Container.newBuilder().setName(name).setResources(ResourceRequirements.newBuilder()
        .putRequests("cpu", cpu).putRequests("memory", memory)).build();
  }
}
