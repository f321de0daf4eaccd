package io.kava.proxy.iptables;

/** The iptables tables kube-proxy writes to. */
public enum Table {
  FILTER("filter"),
  NAT("nat");

  private final String name;

  Table(String name) {
    this.name = name;
  }

  /** The name iptables takes after -t and iptables-restore after '*'. */
  public String tableName() {
    return name;
  }
}
