package io.kava.proxy.sysctl;

/** Reads and writes kernel parameters by their /proc/sys path ("net/ipv4/conf/all/route_localnet"). */
public interface Sysctl {
  int get(String name);

  void set(String name, int value);
}
