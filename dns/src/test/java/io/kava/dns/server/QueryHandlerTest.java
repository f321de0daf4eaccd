package io.kava.dns.server;

import static io.kava.dns.records.Objects.endpoint;
import static io.kava.dns.records.Objects.port;
import static io.kava.dns.records.Objects.service;
import static io.kava.dns.records.Objects.slice;
import static io.kava.dns.records.Objects.slicePort;
import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.discovery.v1.Endpoint;
import io.kava.dns.records.ClusterZone;
import io.kava.dns.records.FixedClusterState;
import io.kava.dns.records.Ipv4Range;
import io.kava.dns.records.ZoneConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Message handling around the zone: flags, errors, REFUSED without an upstream, and UDP truncation. */
class QueryHandlerTest {
  private final QueryHandler handler;

  QueryHandlerTest() {
    List<Endpoint> many = new ArrayList<>();
    for (int i = 1; i <= 60; i++) {
      many.add(endpoint("172.17.1." + i, null, true));
    }
    FixedClusterState state = new FixedClusterState()
        .add(service("default", "web", "10.96.0.20", port("http", "TCP", 80)))
        .add(service("default", "big", "None", port("http", "TCP", 80)))
        .add(slice("default", "big-1", "big", many, slicePort("http", "TCP", 80)));
    ClusterZone zone = new ClusterZone(
        new ZoneConfig(Name.fromConstantString("cluster.local."), 5, Ipv4Range.parse("10.96.0.0/16"), "10.96.0.10", true), state);
    handler = new QueryHandler(zone, Optional.empty());
  }

  @Test
  void aZoneAnswerIsAuthoritativeAndEchoesIdQuestionAndRecursionDesired() {
    Message query = query("web.default.svc.cluster.local.", Type.A);
    Message response = handle(query, true);
    assertThat(response.getHeader().getID()).isEqualTo(query.getHeader().getID());
    assertThat(response.getHeader().getFlag(Flags.QR)).isTrue();
    assertThat(response.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(response.getHeader().getFlag(Flags.RD)).isTrue();
    assertThat(response.getHeader().getFlag(Flags.RA)).as("no upstream: no recursion").isFalse();
    assertThat(response.getQuestion()).isEqualTo(query.getQuestion());
    assertThat(response.getSection(Section.ANSWER)).singleElement().extracting(Record::rdataToString).isEqualTo("10.96.0.20");
  }

  @Test
  void anUnknownNameIsNxDomainWithTheSoaInAuthority() {
    Message response = handle(query("nope.default.svc.cluster.local.", Type.A), true);
    assertThat(response.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(response.getSection(Section.AUTHORITY)).singleElement().extracting(Record::getType).isEqualTo(Type.SOA);
  }

  @Test
  void namesOutsideTheZoneAreRefusedWithoutAnUpstream() {
    Message response = handle(query("example.com.", Type.A), true);
    assertThat(response.getRcode()).isEqualTo(Rcode.REFUSED);
    assertThat(response.getSection(Section.ANSWER)).isEmpty();
    assertThat(response.getHeader().getFlag(Flags.AA)).isFalse();
  }

  @Test
  void aLargeUdpAnswerIsTruncatedWithTheTcBitAndComesWholeOverTcp() {
    Message udp = handle(query("big.default.svc.cluster.local.", Type.A), true);
    assertThat(udp.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(udp.toWire().length).isLessThanOrEqualTo(QueryHandler.PLAIN_UDP_LIMIT);
    Message tcp = handle(query("big.default.svc.cluster.local.", Type.A), false);
    assertThat(tcp.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(tcp.getSection(Section.ANSWER)).hasSize(60);
  }

  @Test
  void anEdnsClientGetsUpTo1232BytesOverUdpAndAnOptRecordBack() {
    Message query = query("big.default.svc.cluster.local.", Type.A);
    query.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);
    Message response = handle(query, true);
    assertThat(response.getHeader().getFlag(Flags.TC)).as("60 A records fit in 1232 bytes").isFalse();
    assertThat(response.getSection(Section.ANSWER)).hasSize(60);
    assertThat(response.getOPT()).isNotNull();
    assertThat(response.getOPT().getPayloadSize()).isEqualTo(QueryHandler.MAX_UDP_PAYLOAD);
  }

  @Test
  void otherOpcodesAreNotImplementedAndOtherClassesRefused() {
    Message notify = query("web.default.svc.cluster.local.", Type.A);
    notify.getHeader().setOpcode(Opcode.NOTIFY);
    assertThat(handle(notify, true).getRcode()).isEqualTo(Rcode.NOTIMP);
    Message chaos = Message.newQuery(Record.newRecord(Name.fromConstantString("version.bind."), Type.TXT, DClass.CH));
    assertThat(handle(chaos, true).getRcode()).isEqualTo(Rcode.REFUSED);
  }

  @Test
  void garbageGetsFormErrWithItsIdAndResponsesAndRuntsGetNothing() throws Exception {
    byte[] garbage = {0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 'a'};
    Message formErr = new Message(handler.handle(garbage, true).toCompletableFuture().get());
    assertThat(formErr.getHeader().getID()).isEqualTo(0x1234);
    assertThat(formErr.getRcode()).isEqualTo(Rcode.FORMERR);
    assertThat(handler.handle(new byte[] {1, 2, 3}, true).toCompletableFuture().get()).isNull();
    Message response = handle(query("web.default.svc.cluster.local.", Type.A), true);
    assertThat(handler.handle(response.toWire(), true).toCompletableFuture().get()).as("never answer a response").isNull();
  }

  private Message handle(Message query, boolean udp) {
    try {
      byte[] wire = handler.handle(query.toWire(), udp).toCompletableFuture().get();
      return new Message(wire);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static Message query(String name, int type) {
    return Message.newQuery(Record.newRecord(Name.fromConstantString(name), type, DClass.IN));
  }
}
