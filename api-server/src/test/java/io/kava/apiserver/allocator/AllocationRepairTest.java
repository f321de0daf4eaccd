package io.kava.apiserver.allocator;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.Service;
import io.kava.api.core.v1.ServicePort;
import io.kava.apiserver.registry.Codec;
import io.kava.apiserver.registry.Keys;
import io.kava.apiserver.testing.Fixtures;
import io.kava.apiserver.testing.InMemoryStorage;
import io.kava.client.Kinds;
import io.kava.client.net.ServiceCidr;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The repair loop: leaked values freed after a few passes, values a Service uses marked again. */
class AllocationRepairTest {
  private final InMemoryStorage storage = new InMemoryStorage();
  private final Keys keys = new Keys("/registry");
  private final ServiceIpAllocator ips = new ServiceIpAllocator(storage, "/registry", ServiceCidr.parse("10.200.9.0/24"), new Random(1));
  private final NodePortAllocator ports = new NodePortAllocator(storage, "/registry", PortRange.parse("30000-30099"), new Random(1));
  private final AllocationRepair repair = new AllocationRepair(storage, keys, ips, ports);

  private void store(String name, String ip, int nodePort) {
    Service base = Fixtures.service("default", name);
    Service svc = base.toBuilder().setSpec(base.getSpec().toBuilder().setType("NodePort").setClusterIp(ip)
        .setPorts(0, ServicePort.newBuilder().setPort(80).setNodePort(nodePort))).build();
    storage.create(keys.key(Kinds.SERVICE, "default", name), Codec.encode(svc));
  }

  @Test
  void aLeakedValueIsFreedOnlyAfterItStayedLeakedForSeveralPasses() {
    ips.allocate("10.200.9.50");
    ports.allocate(30050);
    store("web", "10.200.9.60", 30060);
    ips.allocate("10.200.9.60");
    ports.allocate(30060);
    for (int pass = 1; pass < AllocationRepair.LEAK_PASSES; pass++) {
      repair.runOnce();
      assertThat(ips.isAllocated("10.200.9.50")).as("a create may still be on its way, pass %d", pass).isTrue();
      assertThat(ports.isAllocated(30050)).isTrue();
    }
    repair.runOnce();
    assertThat(ips.isAllocated("10.200.9.50")).isFalse();
    assertThat(ports.isAllocated(30050)).isFalse();
    assertThat(ips.isAllocated("10.200.9.60")).as("in use").isTrue();
    assertThat(ports.isAllocated(30060)).isTrue();
  }

  @Test
  void aValueThatStopsLeakingStartsItsCountAgain() {
    ips.allocate("10.200.9.50");
    repair.runOnce();
    repair.runOnce();
    store("late", "10.200.9.50", 30001);
    repair.runOnce();
    storage.delete(keys.key(Kinds.SERVICE, "default", "late"), storage.get(keys.key(Kinds.SERVICE, "default", "late")).orElseThrow().modRevision());
    repair.runOnce();
    assertThat(ips.isAllocated("10.200.9.50")).as("leaked for one pass only").isTrue();
  }

  @Test
  void aValueAServiceUsesButTheBitmapLostIsMarkedAgain() {
    store("web", "10.200.9.70", 30070);
    assertThat(ips.isAllocated("10.200.9.70")).isFalse();
    repair.runOnce();
    assertThat(ips.isAllocated("10.200.9.70")).isTrue();
    assertThat(ports.isAllocated(30070)).isTrue();
  }
}
