package io.kava.dns.server;

import io.kava.dns.records.Answer;
import io.kava.dns.records.ClusterZone;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * One DNS query in, one response out (or none, for a packet that is not a query): the cluster zone
 * answers what is its own, the upstream resolver (only when one is configured) the rest, and without
 * one every other name is REFUSED at once, so nothing leaves the machine. A UDP response larger than
 * the client accepts (512 bytes, or its EDNS payload size up to 1232) is truncated with the TC bit set,
 * telling the client to ask again over TCP.
 */
public final class QueryHandler {
  private static final Logger log = LoggerFactory.getLogger(QueryHandler.class);
  /** The classic UDP limit, for clients without EDNS. */
  static final int PLAIN_UDP_LIMIT = 512;
  /** The largest UDP response we send (DNS flag day 2020: no fragmentation on common paths). */
  static final int MAX_UDP_PAYLOAD = 1232;

  private final ClusterZone zone;
  private final Optional<Forwarder> upstream;

  public QueryHandler(ClusterZone zone, Optional<Forwarder> upstream) {
    this.zone = zone;
    this.upstream = upstream;
  }

  /** The response's wire bytes, or null when nothing should be sent back. Never completes exceptionally. */
  public CompletionStage<byte[]> handle(byte[] packet, boolean udp) {
    Message query;
    try {
      query = new Message(packet);
    } catch (IOException e) {
      return CompletableFuture.completedFuture(formatError(packet));
    }
    if (query.getHeader().getFlag(Flags.QR)) {
      return CompletableFuture.completedFuture(null); // a response, not a query: never answer those
    }
    int limit = udp ? udpLimit(query) : Message.MAXLENGTH;
    Record question = query.getQuestion();
    if (query.getHeader().getOpcode() != Opcode.QUERY) {
      return done(error(query, Rcode.NOTIMP), limit);
    }
    if (question == null || query.getHeader().getCount(Section.QUESTION) != 1) {
      return done(error(query, Rcode.FORMERR), limit);
    }
    if (question.getDClass() != DClass.IN && question.getDClass() != DClass.ANY) {
      return done(error(query, Rcode.REFUSED), limit);
    }
    Optional<Answer> answer = zone.answer(question.getName(), question.getType());
    if (answer.isPresent()) {
      return done(authoritative(query, answer.get()), limit);
    }
    if (upstream.isEmpty()) {
      return done(error(query, Rcode.REFUSED), limit);
    }
    return upstream.get().forward(query).handle((response, failure) -> {
      if (failure != null) {
        log.debug("Upstream failed for {}: {}", question.getName(), failure.toString());
        return error(query, Rcode.SERVFAIL).toWire(limit);
      }
      response.getHeader().setID(query.getHeader().getID());
      response.getHeader().setFlag(Flags.RA); // we recurse for the client, through the upstream
      return response.toWire(limit);
    });
  }

  private static CompletionStage<byte[]> done(Message response, int limit) {
    return CompletableFuture.completedFuture(response.toWire(limit));
  }

  private Message authoritative(Message query, Answer answer) {
    Message response = reply(query, answer.rcode());
    if (answer.rcode() != Rcode.SERVFAIL) {
      response.getHeader().setFlag(Flags.AA);
    }
    answer.answers().forEach(r -> response.addRecord(r, Section.ANSWER));
    answer.authority().forEach(r -> response.addRecord(r, Section.AUTHORITY));
    answer.additional().forEach(r -> response.addRecord(r, Section.ADDITIONAL));
    return response;
  }

  private Message error(Message query, int rcode) {
    return reply(query, rcode);
  }

  /** The response frame: same id, opcode, question and RD; RA only when we do recurse (an upstream). */
  private Message reply(Message query, int rcode) {
    Message response = new Message(query.getHeader().getID());
    Header header = response.getHeader();
    header.setFlag(Flags.QR);
    header.setOpcode(query.getHeader().getOpcode());
    if (query.getHeader().getFlag(Flags.RD)) {
      header.setFlag(Flags.RD);
    }
    if (upstream.isPresent()) {
      header.setFlag(Flags.RA);
    }
    header.setRcode(rcode);
    Record question = query.getQuestion();
    if (question != null) {
      response.addRecord(question, Section.QUESTION);
    }
    if (query.getOPT() != null) {
      response.addRecord(new OPTRecord(MAX_UDP_PAYLOAD, 0, 0), Section.ADDITIONAL);
    }
    return response;
  }

  static int udpLimit(Message query) {
    OPTRecord opt = query.getOPT();
    return opt == null ? PLAIN_UDP_LIMIT : Math.max(PLAIN_UDP_LIMIT, Math.min(opt.getPayloadSize(), MAX_UDP_PAYLOAD));
  }

  /** FORMERR echoing the id of an unparsable packet, or nothing when even the header is cut short. */
  private static byte[] formatError(byte[] packet) {
    if (packet.length < Header.LENGTH) {
      return null;
    }
    try {
      Header in = new Header(Arrays.copyOf(packet, Header.LENGTH));
      if (in.getFlag(Flags.QR)) {
        return null;
      }
      Header out = new Header(in.getID());
      out.setFlag(Flags.QR);
      out.setOpcode(in.getOpcode());
      out.setRcode(Rcode.FORMERR);
      Message response = new Message();
      response.setHeader(out);
      return response.toWire();
    } catch (IOException e) {
      return null;
    }
  }
}
