package io.kava.client.certificates;

import java.util.List;

/**
 * What a PKCS#10 request asks for, as plain values: the subject's common name and organizations, the
 * subject alternative names, and whether its key is RSA (upstream allows "key encipherment" only then).
 * Signer and approver rules are pure functions of it, so they are tested without X.509 code.
 */
public record RequestedCertificate(String commonName, List<String> organizations, List<String> dnsNames,
    List<String> ipAddresses, List<String> emailAddresses, List<String> uris, boolean rsaKey) {
  public RequestedCertificate {
    organizations = List.copyOf(organizations);
    dnsNames = List.copyOf(dnsNames);
    ipAddresses = List.copyOf(ipAddresses);
    emailAddresses = List.copyOf(emailAddresses);
    uris = List.copyOf(uris);
  }

  /** A request with only a subject, no alternative names. */
  public static RequestedCertificate subject(String commonName, List<String> organizations, boolean rsaKey) {
    return new RequestedCertificate(commonName, organizations, List.of(), List.of(), List.of(), List.of(), rsaKey);
  }
}
