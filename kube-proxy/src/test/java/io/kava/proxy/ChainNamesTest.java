package io.kava.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChainNamesTest {
  @Test
  void hashesAreUpstreamsSoChainSuffixesMatchUpstreamKubeProxy() {
    // Upstream's proxier_test: ns1/svc1:p80 over TCP is KUBE-SVC-XPGD46QRK7WJZT7O, endpoint 10.180.0.1:80 KUBE-SEP-SXIVWICOYRO3J4NJ.
    ChainNames names = new ChainNames("KUBE");
    assertThat(names.serviceChain("ns1/svc1:p80", "tcp")).isEqualTo("KUBE-SVC-XPGD46QRK7WJZT7O");
    assertThat(names.endpointChain("ns1/svc1:p80", "tcp", "10.180.0.1:80")).isEqualTo("KUBE-SEP-SXIVWICOYRO3J4NJ");
    assertThat(names.externalChain("ns1/svc1:p80", "tcp")).isEqualTo("KUBE-EXT-XPGD46QRK7WJZT7O");
  }

  @Test
  void theLongestTagStillFitsIptablesLimitOf28Characters() {
    ChainNames names = new ChainNames("KV65535");
    assertThat(names.serviceChain("a/b", "tcp")).hasSize(28);
    assertThat(names.externalServices().length()).isLessThanOrEqualTo(28);
  }

  @Test
  void badTagsAreRefused() {
    assertThatThrownBy(() -> new ChainNames("KV655350")).hasMessageContaining("1 to 7");
    assertThatThrownBy(() -> new ChainNames("kava")).hasMessageContaining("upper-case");
    assertThatThrownBy(() -> new ChainNames("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void ownershipStopsAtTheTagsDash() {
    ChainNames names = new ChainNames("KV6443");
    assertThat(names.isOwn("KV6443-SERVICES")).isTrue();
    assertThat(names.isOwn("KV64430-SERVICES")).isFalse();
    assertThat(names.isOwn("KUBE-SERVICES")).isFalse();
    assertThat(names.isServiceChain("KV6443-SEP-ABC")).isTrue();
    assertThat(names.isServiceChain("KV6443-SERVICES")).isFalse();
  }

  @Test
  void networkPolicyChainsFitIptablesLimitAndAreToldApartFromServiceChains() {
    ChainNames names = new ChainNames("KV65535");
    for (String chain : new String[] {names.podIngressChain("a-very-long-namespace/a-very-long-pod-name-0123456789"),
        names.podEgressChain("default/web"), names.ipBlockChain("default/web/ingress/default/p/0/0")}) {
      assertThat(chain).hasSizeLessThanOrEqualTo(28);
      assertThat(names.isPolicyChain(chain)).isTrue();
      assertThat(names.isServiceChain(chain)).isFalse();
      assertThat(names.isOwn(chain)).isTrue();
    }
    assertThat(names.networkPolicy()).isEqualTo("KV65535-NETPOL");
    assertThat(names.isPolicyChain("KV65535-NETPOL")).isFalse();
    assertThat(names.podIngressChain("default/web")).isNotEqualTo(names.podEgressChain("default/web"));
  }

  /** Regression: `kube-proxy --cleanup` with the default tag KAVA failed deleting the guard chain still jumped to. */
  @Test
  void theTagKavaDoesNotOwnThePodNetworkGuardNorTheSimulatedHostsChain() {
    ChainNames names = new ChainNames("KAVA");
    assertThat(names.isOwn("KAVA-SERVICES")).isTrue();
    assertThat(names.isOwn("KAVA-POD-GUARD")).isFalse();
    assertThat(names.isOwn("KAVA-HOSTS")).isFalse();
  }
}
