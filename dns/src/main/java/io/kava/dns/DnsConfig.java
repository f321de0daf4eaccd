package io.kava.dns;

import io.kava.client.net.ServiceCidr;
import io.kava.dns.records.Ipv4Range;
import io.kava.dns.records.ZoneConfig;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * Everything the DNS server is started with, independent of how it was parsed. Addresses are IPv4
 * literals only: the server never resolves a host name itself, so starting it sends nothing anywhere.
 *
 * @param listen where UDP and TCP are served (port 0: a free one, for tests)
 * @param advertiseAddress the address written into the kube-dns endpoints (the listen address unless
 *     that is 0.0.0.0)
 * @param upstream where names outside the cluster zone go; empty: they are REFUSED
 * @param register whether to write the kube-dns Service and this instance's endpoints
 */
public record DnsConfig(
    String server,
    InetSocketAddress listen,
    String advertiseAddress,
    Name clusterDomain,
    Ipv4Range serviceRange,
    String clusterIp,
    Optional<InetSocketAddress> upstream,
    long ttl,
    boolean podRecords,
    int workers,
    boolean register) {
  public static final String DEFAULT_LISTEN = "127.0.0.1:10053";
  public static final String DEFAULT_CLUSTER_DOMAIN = "cluster.local";
  public static final String DEFAULT_SERVICE_RANGE = ServiceCidr.DEFAULT;
  public static final String DEFAULT_CLUSTER_IP = "10.96.0.10";

  public DnsConfig {
    if (workers < 1) {
      throw new IllegalArgumentException("--workers must be at least 1, got " + workers);
    }
    if (!serviceRange.contains(clusterIp)) {
      throw new IllegalArgumentException("--cluster-ip " + clusterIp + " is not in --service-cluster-ip-range " + serviceRange);
    }
    new ZoneConfig(clusterDomain, ttl, serviceRange, clusterIp, podRecords); // validates the TTL and domain
  }

  /** Parses the flag values; every problem is an IllegalArgumentException naming the flag. */
  public static DnsConfig parse(String server, String listen, String advertiseAddress, String clusterDomain,
      String serviceRange, String clusterIp, String upstream, long ttl, String pods, int workers, boolean register) {
    InetSocketAddress listenAddress = hostPort("--listen", listen);
    String advertise = advertiseAddress == null || advertiseAddress.isBlank()
        ? listenAddress.getAddress().getHostAddress() : advertiseAddress.trim();
    ipv4("--advertise-address", advertise);
    if (advertise.equals("0.0.0.0")) {
      throw new IllegalArgumentException("--advertise-address is needed when --listen is 0.0.0.0"
          + " (the kube-dns endpoint must be an address pods can reach)");
    }
    Ipv4Range range;
    try {
      range = Ipv4Range.parse(serviceRange);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--service-cluster-ip-range: " + e.getMessage());
    }
    ipv4("--cluster-ip", clusterIp);
    boolean podRecords = switch (pods) {
      case "insecure" -> true;
      case "disabled" -> false;
      default -> throw new IllegalArgumentException("--pods must be insecure or disabled, got " + pods);
    };
    Optional<InetSocketAddress> up = upstream == null || upstream.isBlank()
        ? Optional.empty() : Optional.of(hostPort("--upstream", upstream));
    return new DnsConfig(server, listenAddress, advertise, domain(clusterDomain), range, clusterIp, up, ttl,
        podRecords, workers, register);
  }

  public ZoneConfig zone() {
    return new ZoneConfig(clusterDomain, ttl, serviceRange, clusterIp, podRecords);
  }

  private static Name domain(String text) {
    String t = text.trim().toLowerCase(java.util.Locale.ROOT);
    try {
      Name name = Name.fromString(t.endsWith(".") ? t : t + ".");
      if (name.labels() < 2) {
        throw new IllegalArgumentException("--cluster-domain must not be the root");
      }
      return name;
    } catch (TextParseException e) {
      throw new IllegalArgumentException("--cluster-domain is not a DNS name: " + text);
    }
  }

  /** "IP:PORT" with an IPv4 literal, as InetSocketAddress without a look-up. */
  private static InetSocketAddress hostPort(String flag, String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException(flag + " must be IP:PORT, got " + text);
    }
    String host = text.substring(0, colon);
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " must be IP:PORT, got " + text);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(flag + ": port must be 0 to 65535, got " + port);
    }
    int ip = ipv4(flag, host);
    return new InetSocketAddress(Ipv4Range.Ipv4.toInet(ip), port);
  }

  private static int ipv4(String flag, String text) {
    return Ipv4Range.Ipv4.parse(text)
        .orElseThrow(() -> new IllegalArgumentException(flag + " must be an IPv4 address, got " + text));
  }
}
