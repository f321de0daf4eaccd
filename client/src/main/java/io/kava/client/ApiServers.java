package io.kava.client;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A list of API server addresses, as every component's --server takes it: "h1:p1,h2:p2". The first is
 * preferred; the others are where a client goes when it cannot reach the one it uses.
 */
public record ApiServers(List<InetSocketAddress> addresses) {
  public ApiServers {
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException("no API server address given");
    }
    addresses = List.copyOf(addresses);
  }

  /** Parses "host:port[,host:port...]"; blanks around commas are ignored. */
  public static ApiServers parse(String list) {
    List<InetSocketAddress> addresses = new ArrayList<>();
    for (String part : list.split(",")) {
      String a = part.strip();
      if (a.isEmpty()) {
        continue;
      }
      int colon = a.lastIndexOf(':');
      if (colon <= 0 || colon == a.length() - 1) {
        throw new IllegalArgumentException("API server address '" + a + "' is not host:port");
      }
      String host = a.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      int port;
      try {
        port = Integer.parseInt(a.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("API server address '" + a + "' has no numeric port");
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("API server address '" + a + "' has port out of range");
      }
      addresses.add(InetSocketAddress.createUnresolved(host, port));
    }
    return new ApiServers(addresses);
  }

  /** True for a comma-separated list of more than one address. */
  public static boolean isList(String target) {
    return target.contains(",");
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    for (InetSocketAddress a : addresses) {
      if (!b.isEmpty()) {
        b.append(',');
      }
      b.append(a.getHostString()).append(':').append(a.getPort());
    }
    return b.toString();
  }
}
