package io.kava.client.net;

/**
 * An IPv4 range in CIDR notation, such as the Service range 10.96.0.0/16: parse it, ask whether an
 * address is inside, and name its n-th address (1: the kubernetes Service, 10: kube-dns, as upstream).
 */
public final class ServiceCidr {
  /** The API server's default --service-cluster-ip-range, as upstream kube-apiserver's. */
  public static final String DEFAULT = "10.96.0.0/16";

  private final long network;
  private final int prefixLength;

  private ServiceCidr(long network, int prefixLength) {
    this.network = network;
    this.prefixLength = prefixLength;
  }

  /** "10.96.0.0/16"; host bits are dropped ("10.96.1.2/16" is 10.96.0.0/16). */
  public static ServiceCidr parse(String cidr) {
    int slash = cidr.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("'" + cidr + "' is not a CIDR such as 10.96.0.0/16");
    }
    int prefix;
    try {
      prefix = Integer.parseInt(cidr.substring(slash + 1).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + cidr + "' is not a CIDR such as 10.96.0.0/16");
    }
    if (prefix < 0 || prefix > 32) {
      throw new IllegalArgumentException("'" + cidr + "' has a prefix length outside 0-32");
    }
    long address = toLong(cidr.substring(0, slash).trim());
    long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    return new ServiceCidr(address & mask, prefix);
  }

  /** True if the text is an IPv4 address inside this range. */
  public boolean contains(String ip) {
    try {
      return contains(toLong(ip));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private boolean contains(long address) {
    return address >= network && address < network + size();
  }

  /** Number of addresses in the range, network and broadcast address included. */
  public long size() {
    return 1L << (32 - prefixLength);
  }

  public int prefixLength() {
    return prefixLength;
  }

  /** The n-th address: 0 is the network address, 1 the first usable one (10.96.0.1). */
  public String address(long n) {
    if (n < 0 || n >= size()) {
      throw new IllegalArgumentException("No address " + n + " in " + this);
    }
    return toText(network + n);
  }

  /** Position of an address in the range (the inverse of {@link #address}). */
  public long offsetOf(String ip) {
    long address = toLong(ip);
    if (!contains(address)) {
      throw new IllegalArgumentException(ip + " is not in " + this);
    }
    return address - network;
  }

  /** True if the text is a dotted IPv4 address (four numbers 0-255). */
  public static boolean isIpv4(String ip) {
    try {
      toLong(ip);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static long toLong(String ip) {
    String[] parts = ip.split("\\.", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException("'" + ip + "' is not an IPv4 address");
    }
    long value = 0;
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
        throw new IllegalArgumentException("'" + ip + "' is not an IPv4 address");
      }
      int octet = Integer.parseInt(part);
      if (octet > 255) {
        throw new IllegalArgumentException("'" + ip + "' is not an IPv4 address");
      }
      value = (value << 8) | octet;
    }
    return value;
  }

  private static String toText(long address) {
    return ((address >> 24) & 255) + "." + ((address >> 16) & 255) + "." + ((address >> 8) & 255) + "." + (address & 255);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ServiceCidr c && c.network == network && c.prefixLength == prefixLength;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(network) * 31 + prefixLength;
  }

  /** Canonical CIDR text, "10.96.0.0/16". */
  @Override
  public String toString() {
    return toText(network) + "/" + prefixLength;
  }
}
