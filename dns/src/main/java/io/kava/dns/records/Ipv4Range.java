package io.kava.dns.records;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/** An IPv4 CIDR such as the service range 10.96.0.0/16, and the in-addr.arpa zone that holds its PTRs. */
public record Ipv4Range(int network, int prefixLength) {
  public Ipv4Range {
    if (prefixLength < 0 || prefixLength > 32) {
      throw new IllegalArgumentException("prefix length must be 0 to 32, got " + prefixLength);
    }
    network &= mask(prefixLength);
  }

  /** "10.96.0.0/16"; a bare address is a /32. */
  public static Ipv4Range parse(String cidr) {
    String[] parts = cidr.trim().split("/", 2);
    int prefix;
    try {
      prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : 32;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not an IPv4 CIDR: " + cidr);
    }
    int address = Ipv4.parse(parts[0]).orElseThrow(() -> new IllegalArgumentException("not an IPv4 CIDR: " + cidr));
    return new Ipv4Range(address, prefix);
  }

  public boolean contains(int address) {
    return (address & mask(prefixLength)) == network;
  }

  public boolean contains(String address) {
    return Ipv4.parse(address).map(this::contains).orElse(false);
  }

  /**
   * The reverse zone whose names cover this range: its whole octets, reversed (10.96.0.0/16 ->
   * 96.10.in-addr.arpa., 10.200.7.0/24 -> 7.200.10.in-addr.arpa.; a /20 rounds down to its /16).
   */
  public Name reverseZone() {
    StringBuilder name = new StringBuilder();
    for (int octet = prefixLength / 8 - 1; octet >= 0; octet--) {
      name.append((network >>> (24 - 8 * octet)) & 0xff).append('.');
    }
    try {
      return Name.fromString(name + "in-addr.arpa.");
    } catch (TextParseException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return Ipv4.format(network) + "/" + prefixLength;
  }

  private static int mask(int prefixLength) {
    return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
  }

  /** IPv4 addresses as ints, parsed strictly (four decimal octets, never a host name look-up). */
  public static final class Ipv4 {
    private Ipv4() {}

    public static Optional<Integer> parse(String text) {
      String[] octets = text.split("\\.", -1);
      if (octets.length != 4) {
        return Optional.empty();
      }
      int value = 0;
      for (String octet : octets) {
        if (octet.isEmpty() || octet.length() > 3 || !octet.chars().allMatch(Character::isDigit)) {
          return Optional.empty();
        }
        int n = Integer.parseInt(octet);
        if (n > 255) {
          return Optional.empty();
        }
        value = value << 8 | n;
      }
      return Optional.of(value);
    }

    public static String format(int address) {
      return (address >>> 24) + "." + (address >>> 16 & 0xff) + "." + (address >>> 8 & 0xff) + "." + (address & 0xff);
    }

    public static InetAddress toInet(int address) {
      byte[] bytes = {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
      try {
        return Inet4Address.getByAddress(bytes);
      } catch (UnknownHostException e) {
        throw new IllegalStateException(e); // four bytes are always an address
      }
    }
  }
}
