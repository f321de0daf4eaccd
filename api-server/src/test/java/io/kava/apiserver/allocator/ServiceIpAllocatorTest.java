package io.kava.apiserver.allocator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kava.apiserver.testing.InMemoryStorage;
import io.kava.client.net.ServiceCidr;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Addresses and ports mapped onto the bitmap, with upstream's error texts. */
class ServiceIpAllocatorTest {
  private final InMemoryStorage storage = new InMemoryStorage();

  @Test
  void handsOutEveryAddressButNetworkAndBroadcast() {
    ServiceIpAllocator ips = new ServiceIpAllocator(storage, "/registry", ServiceCidr.parse("10.200.7.0/28"), new Random(1));
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 14; i++) {
      seen.add(ips.allocateNext());
    }
    assertThat(seen).hasSize(14).doesNotContain("10.200.7.0", "10.200.7.15").contains("10.200.7.1", "10.200.7.14");
    assertThatThrownBy(ips::allocateNext).hasMessage("range is full");
    assertThat(storage.get("/registry/ranges/serviceips")).isPresent();
  }

  @Test
  void refusesAddressesOutsideTheRangeOrTaken() {
    ServiceIpAllocator ips = new ServiceIpAllocator(storage, "/registry", ServiceCidr.parse("10.96.0.0/16"), new Random(1));
    assertThatThrownBy(() -> ips.allocate("10.0.0.1"))
        .hasMessage("the provided IP (10.0.0.1) is not in the valid range. The range of valid IPs is 10.96.0.0/16");
    assertThatThrownBy(() -> ips.allocate("10.96.0.0")).hasMessageContaining("not in the valid range");
    assertThatThrownBy(() -> ips.allocate("10.96.255.255")).hasMessageContaining("not in the valid range");
    ips.allocate("10.96.0.10");
    assertThat(ips.isAllocated("10.96.0.10")).isTrue();
    assertThatThrownBy(() -> ips.allocate("10.96.0.10")).hasMessage("provided IP is already allocated");
    ips.release("10.96.0.10");
    assertThat(ips.isAllocated("10.96.0.10")).isFalse();
  }

  @Test
  void automaticAddressesAvoidTheLowBandOfWellKnownOnes() {
    ServiceIpAllocator ips = new ServiceIpAllocator(storage, "/registry", ServiceCidr.parse("10.96.0.0/16"), new Random(1));
    for (int i = 0; i < 50; i++) {
      long offset = ServiceCidr.parse("10.96.0.0/16").offsetOf(ips.allocateNext());
      assertThat(offset).as("outside the first 256 addresses").isGreaterThan(256);
    }
  }

  @Test
  void nodePortsComeFromTheConfiguredRange() {
    NodePortAllocator ports = new NodePortAllocator(storage, "/registry", PortRange.parse("30000-30009"), new Random(1));
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 10; i++) {
      seen.add(ports.allocateNext());
    }
    assertThat(seen).hasSize(10).allMatch(p -> p >= 30000 && p <= 30009);
    assertThatThrownBy(ports::allocateNext).hasMessage("range is full");
    assertThatThrownBy(() -> ports.allocate(30005)).hasMessage("provided port is already allocated");
    assertThatThrownBy(() -> ports.allocate(8080))
        .hasMessage("provided port is not in the valid range. The range of valid ports is 30000-30009");
    ports.release(30005);
    ports.allocate(30005);
    assertThat(storage.get("/registry/ranges/servicenodeports")).isPresent();
  }

  @Test
  void portRangesParseAsUpstreamFlags() {
    assertThat(PortRange.parse("30000-32767")).isEqualTo(new PortRange(30000, 32767));
    assertThat(PortRange.parse("30000-32767").size()).isEqualTo(2768);
    assertThat(PortRange.parse("8080")).isEqualTo(new PortRange(8080, 8080));
    assertThatThrownBy(() -> PortRange.parse("2-1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PortRange.parse("a-b")).isInstanceOf(IllegalArgumentException.class);
  }
}
