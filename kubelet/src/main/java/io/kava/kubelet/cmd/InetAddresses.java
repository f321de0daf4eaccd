package io.kava.kubelet.cmd;

import java.util.regex.Pattern;

/** IP literal checks without name look-ups (InetAddress.getByName would ask a resolver for a name). */
final class InetAddresses {
  private static final Pattern IPV4 = Pattern.compile(
      "^((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)$");
  private static final Pattern IPV6 = Pattern.compile("^[0-9a-fA-F:.]+$");

  private InetAddresses() {}

  static boolean isIpLiteral(String text) {
    if (IPV4.matcher(text).matches()) {
      return true;
    }
    if (text.contains(":") && IPV6.matcher(text).matches()) {
      try {
        java.net.InetAddress.getByName(text); // a literal with a colon is never looked up
        return true;
      } catch (java.net.UnknownHostException e) {
        return false;
      }
    }
    return false;
  }
}
