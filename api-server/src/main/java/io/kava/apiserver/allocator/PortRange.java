package io.kava.apiserver.allocator;

/** An inclusive range of ports, "30000-32767" as upstream's --service-node-port-range (a single "30000" too). */
public record PortRange(int base, int last) {

  public PortRange {
    if (base < 1 || last > 65535 || last < base) {
      throw new IllegalArgumentException("'" + base + "-" + last + "' is not a port range within 1-65535");
    }
  }

  public static PortRange parse(String text) {
    String t = text.trim();
    int dash = t.indexOf('-');
    try {
      if (dash < 0) {
        int port = Integer.parseInt(t);
        return new PortRange(port, port);
      }
      return new PortRange(Integer.parseInt(t.substring(0, dash).trim()), Integer.parseInt(t.substring(dash + 1).trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not a port range such as 30000-32767");
    }
  }

  public int size() {
    return last - base + 1;
  }

  public boolean contains(int port) {
    return port >= base && port <= last;
  }

  @Override
  public String toString() {
    return base + "-" + last;
  }
}
