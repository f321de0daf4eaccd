package io.kava.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClusterCidrLeaseTest {
  @Test
  void blocksAreTheEightSlash20sOfTheUpperHalfOfTheClusterCidr() {
    assertThat(ClusterCidrLease.cidr(0)).isEqualTo("10.244.128.0/20");
    assertThat(ClusterCidrLease.cidr(7)).isEqualTo("10.244.240.0/20");
  }

  @Test
  void aKbrRouteInsideABlockMarksItUsed() {
    String route = "10.244.145.0/24 dev kbr-10-244-145 proto kernel scope link src 10.244.145.1";
    assertThat(ClusterCidrLease.inBlock(route, 1)).isTrue();
    assertThat(ClusterCidrLease.inBlock(route, 0)).isFalse();
    assertThat(ClusterCidrLease.inBlock(route, 2)).isFalse();
    assertThat(ClusterCidrLease.inBlock("10.244.3.0/24 dev kbr-10-244-3 scope link", 0)).isFalse();
    assertThat(ClusterCidrLease.inBlock("default via 10.0.0.1 dev eth0", 0)).isFalse();
  }

  @Test
  void twoLeasesAtOnceNeverShareACidrAndAClosedOneIsFreeAgain() throws Exception {
    try (ClusterCidrLease a = ClusterCidrLease.acquire(); ClusterCidrLease b = ClusterCidrLease.acquire()) {
      assertThat(a.cidr()).isNotEqualTo(b.cidr());
    }
    java.util.Set<String> seen = new java.util.HashSet<>();
    java.util.List<ClusterCidrLease> all = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < ClusterCidrLease.BLOCKS; i++) {
        try {
          all.add(ClusterCidrLease.acquire());
        } catch (IllegalStateException e) {
          break; // another run on this machine holds some
        }
        seen.add(all.get(all.size() - 1).cidr());
      }
      assertThat(seen).hasSameSizeAs(all);
    } finally {
      all.forEach(ClusterCidrLease::close);
    }
    assertThat(seen).as("the two above were given back").hasSizeGreaterThanOrEqualTo(2);
  }
}
