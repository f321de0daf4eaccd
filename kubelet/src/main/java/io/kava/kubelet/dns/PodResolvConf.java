package io.kava.kubelet.dns;

import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodDNSConfig;
import io.kava.api.core.v1.PodDNSConfigOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A pod's resolv.conf, a pure function of its dnsPolicy and dnsConfig, the kubelet's cluster DNS
 * settings and the host's resolv.conf: upstream's dns.Configurer.GetPodDNS.
 *
 * <ul>
 *   <li>ClusterFirst (the default): the cluster DNS servers only, search {@code <ns>.svc.<domain>
 *       svc.<domain> <domain>} then the host's search domains, {@code options ndots:5}. A hostNetwork pod
 *       falls back to Default unless its policy is ClusterFirstWithHostNet; without a cluster DNS server
 *       the kubelet falls back to Default too (event MissingClusterDNS).
 *   <li>Default: the host's file. On the pod network, loopback nameservers (and IPv6 ones, the Docker
 *       bridge has no IPv6) are dropped as Docker drops them: they are the host's own, unreachable from the
 *       pod's network namespace. Without a host file (--resolv-conf "") upstream's 127.0.0.1 and "search .".
 *   <li>None: only dnsConfig.
 * </ul>
 * dnsConfig is merged on top (duplicates dropped, options replaced by name), then upstream's limits
 * apply: 3 nameservers, 32 search domains of at most 253 characters, 2048 characters of search line
 * (event DNSConfigForming when something was cut).
 */
public final class PodResolvConf {
  public static final int MAX_NAMESERVERS = 3;
  public static final int MAX_SEARCH_PATHS = 32;
  public static final int MAX_SEARCH_LINE_CHARS = 2048;
  private static final int MAX_DOMAIN_LENGTH = 253;
  private static final Pattern LOOPBACK = Pattern.compile("^(127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}|::1)$");
  static final List<String> DEFAULT_OPTIONS = List.of("ndots:5");

  private PodResolvConf() {}

  /** What the kubelet was told: its --cluster-dns servers (may be empty) and --cluster-domain. */
  public record Settings(List<String> clusterDns, String clusterDomain) {
    public Settings {
      clusterDns = List.copyOf(clusterDns);
    }
  }

  /** A warning event for the pod, as upstream records it. */
  public record Warning(String reason, String message) {}

  public record Result(ResolvConf conf, List<Warning> warnings) {
    public String text() {
      return conf.render();
    }
  }

  private enum Type { CLUSTER, HOST, NONE }

  /**
   * @param host the host's resolv.conf as read from --resolv-conf; empty when that flag is ""
   */
  public static Result build(Pod pod, Settings settings, Optional<ResolvConf> host) {
    List<Warning> warnings = new ArrayList<>();
    ResolvConf base = host.orElse(ResolvConf.EMPTY);
    boolean hostNetwork = pod.getSpec().getHostNetwork();
    List<String> nameservers;
    List<String> searches;
    List<String> options;
    Type type = type(pod);
    if (type == Type.CLUSTER && settings.clusterDns().isEmpty()) {
      String message = "kubelet does not have ClusterDNS IP configured and cannot create Pod using \"ClusterFirst\""
          + " policy. Falling back to \"Default\" policy.";
      warnings.add(new Warning("MissingClusterDNS", "pod: \"" + pod.getMetadata().getName() + "_"
          + pod.getMetadata().getNamespace() + "(" + pod.getMetadata().getUid() + ")\". " + message));
      type = Type.HOST;
    }
    switch (type) {
      case NONE -> {
        nameservers = List.of();
        searches = List.of();
        options = List.of();
      }
      case CLUSTER -> {
        nameservers = settings.clusterDns();
        searches = clusterSearches(pod.getMetadata().getNamespace(), settings.clusterDomain(), base.searches());
        options = DEFAULT_OPTIONS;
      }
      default -> {
        if (host.isEmpty()) {
          // Upstream: no host file means DNS lookups are effectively disabled.
          nameservers = List.of("127.0.0.1");
          searches = List.of(".");
          options = List.of();
        } else {
          nameservers = hostNetwork ? base.nameservers() : reachableFromPodNetwork(base.nameservers(), warnings);
          searches = base.searches();
          options = base.options();
        }
      }
    }
    if (pod.getSpec().hasDnsConfig()) {
      PodDNSConfig extra = pod.getSpec().getDnsConfig();
      nameservers = withoutDuplicates(nameservers, extra.getNameserversList());
      searches = withoutDuplicates(searches, extra.getSearchesList());
      options = mergeOptions(options, extra.getOptionsList());
    }
    nameservers = fitNameservers(nameservers, warnings);
    searches = fitSearches(searches, warnings);
    return new Result(new ResolvConf(nameservers, searches, options), List.copyOf(warnings));
  }

  private static Type type(Pod pod) {
    switch (pod.getSpec().getDnsPolicy()) {
      case "None":
        return Type.NONE;
      case "ClusterFirstWithHostNet":
        return Type.CLUSTER;
      case "Default":
        return Type.HOST;
      default: // ClusterFirst, and "" (the API server defaults it; upstream falls back to ClusterFirst too)
        return pod.getSpec().getHostNetwork() ? Type.HOST : Type.CLUSTER;
    }
  }

  private static List<String> clusterSearches(String namespace, String domain, List<String> hostSearches) {
    if (domain.isEmpty()) {
      return hostSearches;
    }
    List<String> cluster = List.of(namespace + ".svc." + domain, "svc." + domain, domain);
    return withoutDuplicates(cluster, hostSearches);
  }

  /** Docker's FilterResolvDNS: the host's loopback resolvers (and IPv6 ones) cannot serve a pod network. */
  private static List<String> reachableFromPodNetwork(List<String> nameservers, List<Warning> warnings) {
    List<String> kept = nameservers.stream()
        .filter(ns -> !LOOPBACK.matcher(ns).matches() && !ns.contains(":")).toList();
    if (kept.isEmpty() && !nameservers.isEmpty()) {
      // Docker would put 8.8.8.8 and 8.8.4.4 here; Kava never sends a pod to a resolver nobody named.
      warnings.add(new Warning("DNSConfigForming", "The host's nameservers (" + String.join(" ", nameservers)
          + ") are not reachable from the pod network and were omitted; point --resolv-conf at a file with"
          + " a reachable nameserver"));
    }
    return kept;
  }

  static List<String> withoutDuplicates(List<String> first, List<String> then) {
    LinkedHashSet<String> all = new LinkedHashSet<>(first);
    all.addAll(then);
    return List.copyOf(all);
  }

  /** Upstream's mergeDNSOptions: dnsConfig's options replace the ones of the same name (order kept here). */
  static List<String> mergeOptions(List<String> existing, List<PodDNSConfigOption> extra) {
    Map<String, String> byName = new LinkedHashMap<>();
    for (String o : existing) {
      int colon = o.indexOf(':');
      byName.put(colon < 0 ? o : o.substring(0, colon), colon < 0 ? "" : o.substring(colon + 1));
    }
    for (PodDNSConfigOption o : extra) {
      byName.put(o.getName(), o.hasValue() ? o.getValue() : "");
    }
    List<String> options = new ArrayList<>();
    byName.forEach((name, value) -> options.add(value.isEmpty() ? name : name + ":" + value));
    return options;
  }

  private static List<String> fitNameservers(List<String> nameservers, List<Warning> warnings) {
    if (nameservers.size() <= MAX_NAMESERVERS) {
      return nameservers;
    }
    List<String> kept = nameservers.subList(0, MAX_NAMESERVERS);
    warnings.add(new Warning("DNSConfigForming", "Nameserver limits were exceeded, some nameservers have been"
        + " omitted, the applied nameserver line is: " + String.join(" ", kept)));
    return kept;
  }

  /** Upstream's formDNSSearchFitsLimits. */
  private static List<String> fitSearches(List<String> searches, List<Warning> warnings) {
    boolean exceeded = false;
    List<String> kept = new ArrayList<>(searches);
    if (kept.size() > MAX_SEARCH_PATHS) {
      kept = new ArrayList<>(kept.subList(0, MAX_SEARCH_PATHS));
      exceeded = true;
    }
    if (kept.removeIf(s -> s.length() > MAX_DOMAIN_LENGTH)) {
      exceeded = true;
    }
    int lineLength = String.join(" ", kept).length();
    while (lineLength > MAX_SEARCH_LINE_CHARS && !kept.isEmpty()) {
      lineLength -= kept.remove(kept.size() - 1).length() + 1;
      exceeded = true;
    }
    if (exceeded) {
      warnings.add(new Warning("DNSConfigForming", "Search Line limits were exceeded, some search paths have been"
          + " omitted, the applied search line is: " + String.join(" ", kept)));
    }
    return List.copyOf(kept);
  }
}
