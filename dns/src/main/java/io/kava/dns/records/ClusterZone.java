package io.kava.dns.records;

import io.kava.api.core.v1.Service;
import io.kava.api.core.v1.ServicePort;
import io.kava.api.discovery.v1.EndpointPort;
import io.kava.api.discovery.v1.EndpointSlice;
import io.kava.client.EndpointSliceLabels;
import io.kava.dns.records.ServiceEndpoints.ReadyAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The records of the cluster zone, as CoreDNS's kubernetes plugin serves them (Kubernetes DNS-Based
 * Service Discovery specification), computed per question from a {@link ClusterState}: a pure function
 * of the cached Services and EndpointSlices, with no I/O.
 *
 * <pre>
 * &lt;svc&gt;.&lt;ns&gt;.svc.&lt;zone&gt;                 A      the ClusterIP; headless: one per ready endpoint
 *                                           CNAME  spec.externalName (type ExternalName)
 * &lt;endpoint&gt;.&lt;svc&gt;.&lt;ns&gt;.svc.&lt;zone&gt;      A      headless endpoint by hostname, else by a-b-c-d
 * _&lt;port&gt;._&lt;proto&gt;.&lt;svc&gt;.&lt;ns&gt;.svc.&lt;zone&gt; SRV    per named port; headless: one per ready endpoint
 * &lt;a-b-c-d&gt;.&lt;ns&gt;.pod.&lt;zone&gt;             A      a.b.c.d (when pod records are on: CoreDNS "pods insecure")
 * d.c.b.a.in-addr.arpa.                    PTR    a ClusterIP's Service, a headless endpoint's name
 * </pre>
 *
 * Names are matched case-insensitively. A name that does not exist is NXDOMAIN, a name that exists
 * without records of the asked type (an empty non-terminal such as svc.&lt;zone&gt;, or AAAA of a
 * Service) is NOERROR/NODATA; both carry the zone's SOA in authority.
 */
public final class ClusterZone {
  private static final Name IN_ADDR_ARPA = name("in-addr.arpa.");
  private static final long SOA_REFRESH = 7200;
  private static final long SOA_RETRY = 1800;
  private static final long SOA_EXPIRE = 86400;

  private final ZoneConfig config;
  private final ClusterState state;
  private final Name domain;
  private final Name nameServer;
  private final Name hostmaster;
  private final Name reverseZone;
  private final long serial = Instant.now().getEpochSecond();

  public ClusterZone(ZoneConfig config, ClusterState state) {
    this.config = config;
    this.state = state;
    this.domain = config.domain();
    this.nameServer = child(domain, "dns", "ns");
    this.hostmaster = child(domain, "hostmaster");
    this.reverseZone = config.serviceRange().reverseZone();
  }

  public Name domain() {
    return domain;
  }

  /** The answer to (name, type), or empty when the name is not in a zone this server is authoritative for. */
  public Optional<Answer> answer(Name qname, int qtype) {
    Optional<Node> node;
    Name zone;
    if (qname.subdomain(domain)) {
      zone = domain;
      node = state.synced() ? forward(relativeLabels(qname, domain)) : null;
    } else if (qname.subdomain(IN_ADDR_ARPA)) {
      Optional<Optional<Node>> reverse = reverse(qname);
      if (reverse.isEmpty()) {
        return Optional.empty();
      }
      zone = reverseZone;
      node = state.synced() ? reverse.get() : null;
    } else {
      return Optional.empty();
    }
    if (node == null) {
      return Optional.of(Answer.serverFailure());
    }
    Record soa = soa(zone);
    if (node.isEmpty()) {
      return Optional.of(Answer.nxDomain(soa));
    }
    // Owners keep the question's spelling: names match case-insensitively, but some resolvers compare bytes.
    List<Record> answers = select(qname, node.get().records(), qtype).stream()
        .map(r -> r.getName().equals(qname) ? r.withName(qname) : r).toList();
    if (answers.isEmpty()) {
      return Optional.of(Answer.noData(soa));
    }
    return Optional.of(Answer.of(answers, additional(answers)));
  }

  // ---------------------------------------------------------------------------------- the zone's tree

  /** The records at one existing name; empty for an empty non-terminal. */
  private record Node(List<Record> records) {
    static Optional<Node> empty() {
      return Optional.of(new Node(List.of()));
    }

    static Optional<Node> of(List<Record> records) {
      return records.isEmpty() ? Optional.empty() : Optional.of(new Node(records));
    }
  }

  /** Labels below the zone, rightmost first: [svc, ns, name] for name.ns.svc.<zone>. */
  private Optional<Node> forward(List<String> labels) {
    int n = labels.size();
    if (n == 0) {
      return Optional.of(new Node(List.of(soa(domain), new NSRecord(domain, DClass.IN, config.ttl(), nameServer))));
    }
    switch (labels.get(0)) {
      case "svc" -> {
        return n == 1 ? Node.empty() : services(labels);
      }
      case "pod" -> {
        if (!config.podRecords()) {
          return Optional.empty();
        }
        if (n == 1 || n == 2) {
          return Node.empty();
        }
        return n == 3 ? pod(labels.get(2), child(domain, "pod", labels.get(1), labels.get(2))) : Optional.empty();
      }
      case "dns" -> {
        if (n == 1) {
          return Node.empty();
        }
        if (n == 2 && labels.get(1).equals("ns")) {
          return Node.of(aRecords(nameServer, List.of(config.dnsServiceIp())));
        }
        return Optional.empty();
      }
      default -> {
        return Optional.empty();
      }
    }
  }

  private Optional<Node> services(List<String> labels) {
    String namespace = labels.get(1);
    if (labels.size() == 2) {
      return state.hasServices(namespace) ? Node.empty() : Optional.empty();
    }
    Optional<Service> found = state.service(namespace, labels.get(2));
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Service svc = found.get();
    Name svcName = child(domain, "svc", namespace, labels.get(2));
    return switch (labels.size()) {
      case 3 -> Optional.of(new Node(serviceRecords(svc, svcName)));
      case 4 -> labels.get(3).startsWith("_")
          ? protocolNode(svc, labels.get(3).substring(1))
          : Node.of(endpointRecords(svc, labels.get(3), child(svcName, labels.get(3))));
      case 5 -> labels.get(3).startsWith("_") && labels.get(4).startsWith("_")
          ? Node.of(srvRecords(svc, svcName, labels.get(4).substring(1), labels.get(3).substring(1)))
          : Optional.empty();
      default -> Optional.empty();
    };
  }

  /** A Service's own records: CNAME for ExternalName, the ClusterIP, or a headless Service's ready endpoints. */
  private List<Record> serviceRecords(Service svc, Name owner) {
    if (svc.getSpec().getType().equals("ExternalName")) {
      return List.of(new CNAMERecord(owner, DClass.IN, config.ttl(), absolute(svc.getSpec().getExternalName())));
    }
    if (headless(svc)) {
      return aRecords(owner, readyAddresses(svc).stream().map(ReadyAddress::ip).toList());
    }
    return aRecords(owner, List.of(svc.getSpec().getClusterIp()));
  }

  private List<Record> endpointRecords(Service svc, String endpointName, Name owner) {
    if (!headless(svc)) {
      return List.of();
    }
    return aRecords(owner, readyAddresses(svc).stream().filter(a -> a.name().equals(endpointName)).map(ReadyAddress::ip).toList());
  }

  /** _tcp.<svc>.<ns>.svc.<zone> exists (without records) when an SRV name below it does. */
  private Optional<Node> protocolNode(Service svc, String protocol) {
    boolean any = headless(svc)
        ? readyAddresses(svc).stream().flatMap(a -> a.ports().stream()).anyMatch(p -> !p.getName().isEmpty() && protocolOf(p).equals(protocol))
        : !svc.getSpec().getType().equals("ExternalName")
            && svc.getSpec().getPortsList().stream().anyMatch(p -> !p.getName().isEmpty() && protocolOf(p).equals(protocol));
    return any ? Node.empty() : Optional.empty();
  }

  /** SRV for a named port: the Service name itself, or for a headless Service one per ready endpoint. */
  private List<Record> srvRecords(Service svc, Name svcName, String port, String protocol) {
    Name owner = child(svcName, "_" + protocol, "_" + port);
    List<Name> targets = new ArrayList<>();
    List<Integer> ports = new ArrayList<>();
    if (headless(svc)) {
      for (ReadyAddress address : readyAddresses(svc)) {
        for (EndpointPort p : address.ports()) {
          if (p.getName().equalsIgnoreCase(port) && protocolOf(p).equals(protocol) && p.hasPort()) {
            targets.add(child(svcName, address.name()));
            ports.add(p.getPort());
          }
        }
      }
    } else if (!svc.getSpec().getType().equals("ExternalName") && !svc.getSpec().getClusterIp().isEmpty()) {
      for (ServicePort p : svc.getSpec().getPortsList()) {
        if (p.getName().equalsIgnoreCase(port) && protocolOf(p).equals(protocol)) {
          targets.add(svcName);
          ports.add(p.getPort());
        }
      }
    }
    // CoreDNS shares a weight of 100 among the records of one priority.
    int weight = targets.isEmpty() ? 0 : Math.max(1, 100 / targets.size());
    List<Record> records = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      records.add(new SRVRecord(owner, DClass.IN, config.ttl(), 0, weight, ports.get(i), targets.get(i)));
    }
    return records;
  }

  private Optional<Node> pod(String dashed, Name owner) {
    return Ipv4Range.Ipv4.parse(dashed.replace('-', '.'))
        .filter(ip -> dashed.chars().filter(c -> c == '-').count() == 3)
        .map(ip -> new Node(aRecords(owner, List.of(Ipv4Range.Ipv4.format(ip)))));
  }

  // ------------------------------------------------------------------------------------------ reverse

  /**
   * PTR names: empty when the name is not ours (an address outside the service range that no headless
   * endpoint holds, or a name above the range's reverse zone), else the node (empty: NXDOMAIN).
   */
  private Optional<Optional<Node>> reverse(Name qname) {
    List<String> labels = relativeLabels(qname, IN_ADDR_ARPA);
    boolean inReverseZone = qname.subdomain(reverseZone);
    if (labels.size() != 4) {
      if (!inReverseZone) {
        return Optional.empty();
      }
      return Optional.of(labels.size() < 4 ? Node.empty() : Optional.empty());
    }
    Optional<Integer> address = Ipv4Range.Ipv4.parse(String.join(".", labels));
    if (address.isEmpty()) {
      return inReverseZone ? Optional.of(Optional.empty()) : Optional.empty();
    }
    if (!state.synced()) {
      return inReverseZone || config.serviceRange().contains(address.get()) ? Optional.of(Optional.empty()) : Optional.empty();
    }
    String ip = Ipv4Range.Ipv4.format(address.get());
    List<Record> records = new ArrayList<>();
    for (Name target : ptrTargets(ip)) {
      records.add(new PTRRecord(qname, DClass.IN, config.ttl(), target));
    }
    if (!records.isEmpty()) {
      return Optional.of(Optional.of(new Node(records)));
    }
    return config.serviceRange().contains(address.get()) ? Optional.of(Optional.empty()) : Optional.empty();
  }

  private List<Name> ptrTargets(String ip) {
    List<Name> targets = new ArrayList<>();
    for (Service svc : state.servicesByClusterIp(ip)) {
      if (!headless(svc) && !svc.getSpec().getType().equals("ExternalName")) {
        targets.add(child(domain, "svc", svc.getMetadata().getNamespace(), svc.getMetadata().getName()));
      }
    }
    for (EndpointSlice slice : state.endpointSlicesByAddress(ip)) {
      String namespace = slice.getMetadata().getNamespace();
      String service = slice.getMetadata().getLabelsOrDefault(EndpointSliceLabels.SERVICE_NAME, "");
      Optional<Service> svc = service.isEmpty() ? Optional.empty() : state.service(namespace, service);
      if (svc.isEmpty() || !headless(svc.get())) {
        continue;
      }
      for (ReadyAddress address : ServiceEndpoints.ready(List.of(slice))) {
        Name target = child(domain, "svc", namespace, service, address.name());
        if (address.ip().equals(ip) && !targets.contains(target)) {
          targets.add(target);
        }
      }
    }
    return targets;
  }

  // ---------------------------------------------------------------------------------------- selection

  /** The records of the asked type; a CNAME answers every type, followed once when its target is ours. */
  private List<Record> select(Name qname, List<Record> records, int qtype) {
    if (qtype == Type.ANY) {
      return records;
    }
    List<Record> matching = records.stream().filter(r -> r.getType() == qtype).toList();
    if (!matching.isEmpty() || qtype == Type.CNAME) {
      return matching;
    }
    Optional<Record> cname = records.stream().filter(r -> r.getType() == Type.CNAME).findFirst();
    if (cname.isEmpty()) {
      return List.of();
    }
    List<Record> chain = new ArrayList<>(List.of(cname.get()));
    Name target = ((CNAMERecord) cname.get()).getTarget();
    if (target.subdomain(domain) && !target.equals(qname)) {
      forward(relativeLabels(target, domain)).ifPresent(node ->
          node.records().stream().filter(r -> r.getType() == qtype).forEach(chain::add));
    }
    return chain;
  }

  /** A records of SRV targets and of the name server, so a client needs no second query. */
  private List<Record> additional(List<Record> answers) {
    List<Record> extra = new ArrayList<>();
    for (Record r : answers) {
      Name target = r instanceof SRVRecord srv ? srv.getTarget() : r instanceof NSRecord ns ? ns.getTarget() : null;
      if (target != null && target.subdomain(domain)) {
        forward(relativeLabels(target, domain)).ifPresent(node -> node.records().stream()
            .filter(a -> a.getType() == Type.A && !extra.contains(a)).forEach(extra::add));
      }
    }
    return extra;
  }

  // ---------------------------------------------------------------------------------------- helpers

  private List<ReadyAddress> readyAddresses(Service svc) {
    return ServiceEndpoints.ready(state.endpointSlices(svc.getMetadata().getNamespace(), svc.getMetadata().getName()));
  }

  private static boolean headless(Service svc) {
    return svc.getSpec().getClusterIp().equals("None");
  }

  private static String protocolOf(ServicePort port) {
    return port.getProtocol().isEmpty() ? "tcp" : port.getProtocol().toLowerCase(Locale.ROOT);
  }

  private static String protocolOf(EndpointPort port) {
    return !port.hasProtocol() || port.getProtocol().isEmpty() ? "tcp" : port.getProtocol().toLowerCase(Locale.ROOT);
  }

  private List<Record> aRecords(Name owner, List<String> ips) {
    List<Record> records = new ArrayList<>();
    for (String ip : ips) {
      Ipv4Range.Ipv4.parse(ip).ifPresent(a -> records.add(new ARecord(owner, DClass.IN, config.ttl(), Ipv4Range.Ipv4.toInet(a))));
    }
    return records;
  }

  private Record soa(Name zone) {
    return new SOARecord(zone, DClass.IN, config.ttl(), nameServer, hostmaster, serial, SOA_REFRESH, SOA_RETRY,
        SOA_EXPIRE, config.ttl());
  }

  /** The labels of name below zone, lower-cased, nearest the zone first. */
  private static List<String> relativeLabels(Name name, Name zone) {
    int count = name.labels() - zone.labels();
    List<String> labels = new ArrayList<>(count);
    for (int i = count - 1; i >= 0; i--) {
      labels.add(name.getLabelString(i).toLowerCase(Locale.ROOT));
    }
    return labels;
  }

  /** parent with the labels added leftwards in order: child(cluster.local., "svc", "ns") = ns.svc.cluster.local. */
  private static Name child(Name parent, String... labels) {
    Name result = parent;
    for (String label : labels) {
      try {
        result = Name.concatenate(Name.fromString(label), result);
      } catch (TextParseException | org.xbill.DNS.NameTooLongException e) {
        throw new IllegalArgumentException("Not a DNS label: " + label, e);
      }
    }
    return result;
  }

  private static Name absolute(String name) {
    return ClusterZone.name(name.endsWith(".") ? name : name + ".");
  }

  private static Name name(String text) {
    try {
      return Name.fromString(text);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("Not a DNS name: " + text, e);
    }
  }
}
