package io.kava.controllermanager.nodeipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CidrSetTest {
  @Test
  void handsOutNodeSubnetsInOrderUntilTheRangeIsFull() {
    CidrSet set = new CidrSet(Ipv4Cidr.parse("10.244.0.0/23"), 24);
    assertThat(set.allocateNext()).hasValue(Ipv4Cidr.parse("10.244.0.0/24"));
    assertThat(set.allocateNext()).hasValue(Ipv4Cidr.parse("10.244.1.0/24"));
    assertThat(set.allocateNext()).isEmpty();
  }

  @Test
  void anOccupiedSubnetIsSkippedAndAReleasedOneIsHandedOutAgain() {
    CidrSet set = new CidrSet(Ipv4Cidr.parse("10.244.0.0/16"), 24);
    assertThat(set.occupy(Ipv4Cidr.parse("10.244.0.0/24"))).isTrue();
    assertThat(set.allocateNext()).hasValue(Ipv4Cidr.parse("10.244.1.0/24"));
    set.release(Ipv4Cidr.parse("10.244.0.0/24"));
    assertThat(set.isTaken(Ipv4Cidr.parse("10.244.0.0/24"))).isFalse();
    // The next allocation goes on after the last one, as upstream's, so a freed subnet is not reused at once.
    assertThat(set.allocateNext()).hasValue(Ipv4Cidr.parse("10.244.2.0/24"));
    assertThat(set.free()).isEqualTo(254);
  }

  @Test
  void aSubnetOutsideTheClusterCidrOrOfAnotherSizeIsNotOccupied() {
    CidrSet set = new CidrSet(Ipv4Cidr.parse("10.244.0.0/16"), 24);
    assertThat(set.occupy(Ipv4Cidr.parse("10.245.0.0/24"))).isFalse();
    assertThat(set.occupy(Ipv4Cidr.parse("10.244.0.0/25"))).isFalse();
    assertThat(set.free()).isEqualTo(256);
  }

  @Test
  void aMaskShorterThanTheClusterPrefixOrSixteenBitsLongerIsRefused() {
    assertThatThrownBy(() -> new CidrSet(Ipv4Cidr.parse("10.244.0.0/16"), 15))
        .hasMessageContaining("--node-cidr-mask-size (15)");
    assertThatThrownBy(() -> new CidrSet(Ipv4Cidr.parse("10.0.0.0/8"), 25)).hasMessageContaining("at most 16 bits");
  }

  @Test
  void parsesAndPrintsCidrs() {
    assertThat(Ipv4Cidr.parse("10.244.3.7/24")).hasToString("10.244.3.0/24");
    assertThatThrownBy(() -> Ipv4Cidr.parse("10.244.0/16")).hasMessage("invalid CIDR address: 10.244.0/16");
    assertThatThrownBy(() -> Ipv4Cidr.parse("10.244.0.0/33")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theConfigNeedsAClusterCidrWhenAllocating() {
    assertThatThrownBy(() -> new NodeIpamConfig(true, "", 24))
        .hasMessage("--cluster-cidr is required when --allocate-node-cidrs is true");
    assertThat(NodeIpamConfig.disabled().allocateNodeCidrs()).isFalse();
  }
}
