package io.kava.dns.records;

import org.xbill.DNS.Name;

/**
 * What shapes the cluster zone: its domain (cluster.local.), the TTL of every record, the service range
 * whose in-addr.arpa names are ours, the kube-dns ClusterIP (the A of ns.dns.<zone>, the name in the
 * SOA and NS records), and whether `<a-b-c-d>.<ns>.pod.<zone>` names answer (CoreDNS `pods insecure`).
 */
public record ZoneConfig(Name domain, long ttl, Ipv4Range serviceRange, String dnsServiceIp, boolean podRecords) {
  /** CoreDNS's default TTL. */
  public static final long DEFAULT_TTL = 5;

  public ZoneConfig {
    if (!domain.isAbsolute()) {
      throw new IllegalArgumentException("the cluster domain must be absolute: " + domain);
    }
    if (ttl < 0 || ttl > 3600) {
      throw new IllegalArgumentException("the TTL must be 0 to 3600 seconds, as CoreDNS's, got " + ttl);
    }
  }
}
