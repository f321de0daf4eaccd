package io.kava.kubelet.hollow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PodAddressesTest {
  @Test
  void eachNodeHasItsOwnLoopbackBlockAndAPodKeepsItsAddress() {
    PodAddresses first = new PodAddresses(0);
    PodAddresses later = new PodAddresses(257);
    assertThat(first.nodeIp()).isEqualTo("127.128.0.255");
    assertThat(later.assign("a")).isEqualTo("127.129.1.1");
    assertThat(first.assign("a")).isEqualTo("127.128.0.1");
    assertThat(first.assign("b")).isEqualTo("127.128.0.2");
    assertThat(first.assign("a")).isEqualTo("127.128.0.1");
    first.release("a");
    assertThat(first.assign("c")).isEqualTo("127.128.0.1");
  }

  @Test
  void runsOutAfter254PodsAndRefusesNodesBeyondTheRange() {
    PodAddresses node = new PodAddresses(3);
    for (int i = 0; i < PodAddresses.MAX_PODS; i++) {
      assertThat(node.assign("p" + i)).isNotNull();
    }
    assertThat(node.assign("one-too-many")).isNull();
    assertThatThrownBy(() -> new PodAddresses(128 * 256)).isInstanceOf(IllegalArgumentException.class);
  }
}
