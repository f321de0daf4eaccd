package io.kava.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Flag values to config: defaults, and a clear message naming the flag for each bad value. */
class DnsConfigTest {
  @Test
  void theDefaultsServeCluster_localOnLoopbackWithoutAnUpstream() {
    DnsConfig config = parse("127.0.0.1:10053", null, "cluster.local", "10.96.0.0/16", "10.96.0.10", null);
    assertThat(config.listen().getPort()).isEqualTo(10053);
    assertThat(config.advertiseAddress()).isEqualTo("127.0.0.1");
    assertThat(config.clusterDomain().toString()).isEqualTo("cluster.local.");
    assertThat(config.upstream()).isEmpty();
  }

  @Test
  void badValuesNameTheirFlag() {
    assertThatThrownBy(() -> parse("localhost:53", null, "cluster.local", "10.96.0.0/16", "10.96.0.10", null))
        .hasMessageContaining("--listen");
    assertThatThrownBy(() -> parse("0.0.0.0:10053", null, "cluster.local", "10.96.0.0/16", "10.96.0.10", null))
        .hasMessageContaining("--advertise-address");
    assertThatThrownBy(() -> parse("127.0.0.1:10053", null, "cluster.local", "10.96.0.0/33", "10.96.0.10", null))
        .hasMessageContaining("--service-cluster-ip-range");
    assertThatThrownBy(() -> parse("127.0.0.1:10053", null, "cluster.local", "10.96.0.0/16", "10.97.0.10", null))
        .hasMessageContaining("--cluster-ip");
    assertThatThrownBy(() -> parse("127.0.0.1:10053", null, "cluster.local", "10.96.0.0/16", "10.96.0.10", "dns.example:53"))
        .hasMessageContaining("--upstream");
  }

  @Test
  void aWildcardListenAddressWorksWithAnAdvertisedOne() {
    DnsConfig config = parse("0.0.0.0:10053", "172.17.0.1", "Cluster.Local.", "10.96.0.0/16", "10.96.0.10", "127.0.0.53:53");
    assertThat(config.advertiseAddress()).isEqualTo("172.17.0.1");
    assertThat(config.clusterDomain().toString()).isEqualTo("cluster.local.");
    assertThat(config.upstream()).get().extracting(a -> a.getPort()).isEqualTo(53);
  }

  private static DnsConfig parse(String listen, String advertise, String domain, String range, String clusterIp, String upstream) {
    return DnsConfig.parse("127.0.0.1:6443", listen, advertise, domain, range, clusterIp, upstream, 5, "insecure", 2, true);
  }
}
