package io.kava.dns.server;

import static io.kava.dns.records.Objects.port;
import static io.kava.dns.records.Objects.service;
import static org.assertj.core.api.Assertions.assertThat;

import io.kava.dns.records.ClusterZone;
import io.kava.dns.records.FixedClusterState;
import io.kava.dns.records.Ipv4Range;
import io.kava.dns.records.ZoneConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The server over real loopback sockets: UDP and TCP on one port, and forwarding to an upstream (a
 * second server on loopback, standing for the resolver --upstream names) only when one is configured.
 */
class DnsServerTest {
  private DnsServer upstream;
  private DnsServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (upstream != null) {
      upstream.close();
    }
  }

  @Test
  void answersOverUdpAndTcpOnTheSamePort() throws Exception {
    server = start("cluster.local.", Optional.empty());
    for (boolean tcp : new boolean[] {false, true}) {
      Message response = resolver(server, tcp).send(query("web.default.svc.cluster.local."));
      assertThat(response.getSection(Section.ANSWER)).as(tcp ? "TCP" : "UDP").singleElement()
          .extracting(Record::rdataToString).isEqualTo("10.96.0.20");
    }
  }

  @Test
  void forwardsNamesOutsideTheZoneToTheUpstreamOnlyWhenOneIsGiven() throws Exception {
    upstream = start("example.test.", Optional.empty());
    server = start("cluster.local.", Optional.of(new Forwarder(upstream.address(), Duration.ofSeconds(2))));
    Message forwarded = resolver(server, false).send(query("web.default.svc.example.test."));
    assertThat(forwarded.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(forwarded.getSection(Section.ANSWER)).singleElement().extracting(Record::rdataToString).isEqualTo("10.96.0.20");
    assertThat(forwarded.getHeader().getFlag(Flags.RA)).isTrue();

    DnsServer alone = start("cluster.local.", Optional.empty());
    try {
      Message refused = resolver(alone, false).send(query("web.default.svc.example.test."));
      assertThat(refused.getRcode()).isEqualTo(Rcode.REFUSED);
    } finally {
      alone.close();
    }
  }

  @Test
  void anUpstreamThatDoesNotAnswerGivesServerFailure() throws Exception {
    // A bound socket that never answers: the forwarder times out.
    try (java.net.DatagramSocket silent = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), silent.getLocalPort());
      server = start("cluster.local.", Optional.of(new Forwarder(address, Duration.ofMillis(300))));
      SimpleResolver resolver = resolver(server, false);
      resolver.setTimeout(Duration.ofSeconds(5));
      assertThat(resolver.send(query("www.example.test.")).getRcode()).isEqualTo(Rcode.SERVFAIL);
    }
  }

  private static DnsServer start(String domain, Optional<Forwarder> forwarder) throws Exception {
    FixedClusterState state = new FixedClusterState().add(service("default", "web", "10.96.0.20", port("http", "TCP", 80)));
    ClusterZone zone = new ClusterZone(
        new ZoneConfig(Name.fromString(domain), 5, Ipv4Range.parse("10.96.0.0/16"), "10.96.0.10", false), state);
    return new DnsServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), new QueryHandler(zone, forwarder), 2).start();
  }

  private static SimpleResolver resolver(DnsServer server, boolean tcp) {
    SimpleResolver resolver = new SimpleResolver(server.address());
    resolver.setTCP(tcp);
    resolver.setTimeout(Duration.ofSeconds(2));
    return resolver;
  }

  private static Message query(String name) {
    return Message.newQuery(Record.newRecord(Name.fromConstantString(name), Type.A, DClass.IN));
  }
}
