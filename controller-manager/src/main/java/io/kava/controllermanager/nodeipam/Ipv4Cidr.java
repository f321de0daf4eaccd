package io.kava.controllermanager.nodeipam;

/** An IPv4 network in CIDR notation, its base address as an unsigned 32-bit number. */
public record Ipv4Cidr(long base, int prefix) {

  public Ipv4Cidr {
    if (prefix < 0 || prefix > 32) {
      throw new IllegalArgumentException("prefix length " + prefix + " is not between 0 and 32");
    }
    base = base & mask(prefix);
  }

  /** Parses "10.244.0.0/16"; host bits are cleared. */
  public static Ipv4Cidr parse(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("invalid CIDR address: " + text);
    }
    String[] octets = text.substring(0, slash).split("\\.", -1);
    if (octets.length != 4) {
      throw new IllegalArgumentException("invalid CIDR address: " + text);
    }
    long base = 0;
    try {
      for (String octet : octets) {
        int value = Integer.parseInt(octet);
        if (value < 0 || value > 255 || octet.isEmpty() || octet.length() > 3) {
          throw new IllegalArgumentException("invalid CIDR address: " + text);
        }
        base = (base << 8) | value;
      }
      return new Ipv4Cidr(base, Integer.parseInt(text.substring(slash + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid CIDR address: " + text);
    }
  }

  public boolean contains(long address) {
    return (address & mask(prefix)) == base;
  }

  private static long mask(int prefix) {
    return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
  }

  @Override
  public String toString() {
    return ((base >>> 24) & 255) + "." + ((base >>> 16) & 255) + "." + ((base >>> 8) & 255) + "." + (base & 255)
        + "/" + prefix;
  }
}
