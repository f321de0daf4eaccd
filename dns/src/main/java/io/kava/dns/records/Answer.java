package io.kava.dns.records;

import java.util.List;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;

/**
 * The authoritative answer to one question in the cluster zone: a response code and the records of
 * the answer, authority and additional sections. NODATA is NOERROR with no answer and the SOA in
 * authority; NXDOMAIN carries the SOA too (RFC 2308), so resolvers cache the negative answer for its TTL.
 */
public record Answer(int rcode, List<Record> answers, List<Record> authority, List<Record> additional) {
  public Answer {
    answers = List.copyOf(answers);
    authority = List.copyOf(authority);
    additional = List.copyOf(additional);
  }

  public static Answer of(List<Record> answers, List<Record> additional) {
    return new Answer(Rcode.NOERROR, answers, List.of(), additional);
  }

  public static Answer noData(Record soa) {
    return new Answer(Rcode.NOERROR, List.of(), List.of(soa), List.of());
  }

  public static Answer nxDomain(Record soa) {
    return new Answer(Rcode.NXDOMAIN, List.of(), List.of(soa), List.of());
  }

  public static Answer serverFailure() {
    return new Answer(Rcode.SERVFAIL, List.of(), List.of(), List.of());
  }

  public boolean isNoData() {
    return rcode == Rcode.NOERROR && answers.isEmpty();
  }
}
