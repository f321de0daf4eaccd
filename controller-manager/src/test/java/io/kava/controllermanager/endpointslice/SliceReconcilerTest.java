package io.kava.controllermanager.endpointslice;

import static io.kava.controllermanager.testing.ServiceFixtures.node;
import static io.kava.controllermanager.testing.ServiceFixtures.service;
import static io.kava.controllermanager.testing.ServiceFixtures.servingPod;
import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.Service;
import io.kava.api.discovery.v1.EndpointPort;
import io.kava.api.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The planning alone, as a pure function: which slices are created, updated and deleted. */
class SliceReconcilerTest {
  private static final EndpointPort PORT =
      EndpointPort.newBuilder().setName("").setPort(8080).setProtocol("TCP").build();
  private final Service service = service("web");
  private final Optional<Node> node = Optional.of(node("node-1", null));
  private final SliceReconciler reconciler = new SliceReconciler(100);

  private static List<Pod> pods(int from, int to) {
    List<Pod> pods = new ArrayList<>();
    for (int i = from; i < to; i++) {
      pods.add(servingPod(String.format("web-%03d", i), "10.2." + (i / 200) + "." + (i % 200 + 1), true));
    }
    return pods;
  }

  /** A stored slice holding exactly these pods' endpoints. */
  private EndpointSlice stored(String name, List<Pod> pods) {
    EndpointSlice.Builder slice = SliceReconciler.newSlice(service, SliceReconciler.labels(service), List.of(PORT))
        .toBuilder();
    slice.setMetadata(slice.getMetadata().toBuilder().setName(name).setResourceVersion("7"));
    pods.forEach(p -> slice.addEndpoints(SliceEndpoints.endpoint(p, node, service)));
    return slice.build();
  }

  private SlicePlan plan(List<Pod> pods, List<EndpointSlice> existing) {
    return reconciler.plan(service, pods, n -> node, existing);
  }

  @Test
  void newEndpointsGoToTheUnchangedSliceTheyFitBestRatherThanANewOne() {
    List<Pod> full = pods(0, 100);
    List<Pod> partial = pods(100, 160);
    List<EndpointSlice> existing = List.of(stored("web-full", full), stored("web-part", partial));
    List<Pod> all = new ArrayList<>(full);
    all.addAll(partial);
    all.addAll(pods(160, 190));

    SlicePlan plan = plan(all, existing);

    assertThat(plan.creates()).isEmpty();
    assertThat(plan.deletes()).isEmpty();
    assertThat(plan.updates()).extracting(s -> s.getMetadata().getName()).containsExactly("web-part");
    assertThat(plan.updates().get(0).getEndpointsCount()).isEqualTo(90);
    assertThat(plan.updates().get(0).getMetadata().getResourceVersion()).isEqualTo("7");
  }

  @Test
  void nothingChangedPlansNoWrites() {
    List<Pod> pods = pods(0, 150);
    SlicePlan plan = plan(pods, List.of(stored("web-a", pods.subList(0, 100)), stored("web-b", pods.subList(100, 150))));

    assertThat(plan.hasWrites()).isFalse();
  }

  @Test
  void aSliceWhosePodsAllWentBecomesThePlaceholderInsteadOfBeingDeleted() {
    SlicePlan plan = plan(List.of(), List.of(stored("web-a", pods(0, 3))));

    assertThat(plan.creates()).isEmpty();
    assertThat(plan.deletes()).isEmpty();
    assertThat(plan.updates()).singleElement().satisfies(s -> {
      assertThat(s.getMetadata().getName()).isEqualTo("web-a");
      assertThat(s.getEndpointsCount()).isZero();
      assertThat(s.getPortsCount()).isZero();
    });
  }

  @Test
  void aSliceOfAnOlderServiceOfTheSameNameIsDeleted() {
    Service older = service("web");
    EndpointSlice theirs = SliceReconciler.newSlice(older, SliceReconciler.labels(older), List.of(PORT));
    theirs = theirs.toBuilder().setMetadata(theirs.getMetadata().toBuilder().setName("web-old")).build();
    List<Pod> pods = pods(0, 2);

    SlicePlan plan = plan(pods, List.of(theirs));

    assertThat(plan.deletes()).extracting(s -> s.getMetadata().getName()).containsExactly("web-old");
    assertThat(plan.creates()).singleElement().satisfies(s -> assertThat(s.getEndpointsCount()).isEqualTo(2));
  }
}
