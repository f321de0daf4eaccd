package io.kava.kubelet.certificate;

import io.kava.client.certificates.CertificateRequests;
import io.kava.client.certificates.SigningRequests;
import java.security.KeyPair;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the kubelet asks for when it rotates a certificate, as upstream's certificate manager templates:
 * its client certificate (system:node:NAME in system:nodes, no names) or its serving certificate (the
 * same subject with the node's hostnames and IPs), each from its own signer and with its own extended usage.
 *
 * @param kind "client" or "serving", for the logs
 */
public record CertificateTemplate(String kind, String signerName, String extendedUsage, String commonName,
    List<String> organizations, List<String> dnsNames, List<String> ipAddresses) {
  public CertificateTemplate {
    organizations = List.copyOf(organizations);
    dnsNames = List.copyOf(dnsNames);
    ipAddresses = List.copyOf(ipAddresses);
  }

  /** The kubelet's client certificate (--rotate-certificates), signer kube-apiserver-client-kubelet. */
  public static CertificateTemplate client(String nodeName) {
    return new CertificateTemplate("client", SigningRequests.KUBE_APISERVER_CLIENT_KUBELET,
        SigningRequests.USAGE_CLIENT_AUTH, SigningRequests.NODE_USER_PREFIX + nodeName,
        List.of(SigningRequests.NODES_GROUP), List.of(), List.of());
  }

  /**
   * The kubelet's serving certificate (--rotate-server-certificates), signer kubelet-serving: its names
   * are the node's Hostname and InternalIP addresses, which the approver checks against the Node.
   */
  public static CertificateTemplate serving(String nodeName, List<String> hostnames, List<String> ips) {
    return new CertificateTemplate("serving", SigningRequests.KUBELET_SERVING, SigningRequests.USAGE_SERVER_AUTH,
        SigningRequests.NODE_USER_PREFIX + nodeName, List.of(SigningRequests.NODES_GROUP), hostnames, ips);
  }

  /** The PEM request for this key. */
  public byte[] request(KeyPair key) {
    return CertificateRequests.request(key, commonName, organizations, dnsNames, ipAddresses);
  }

  /**
   * The usages to ask for, as upstream's kubelet: digital signature, key encipherment only for an RSA key
   * (an ECDSA key cannot encipher), and client or server auth.
   */
  public List<String> usages(boolean rsaKey) {
    return rsaKey ? List.of(SigningRequests.USAGE_DIGITAL_SIGNATURE, SigningRequests.USAGE_KEY_ENCIPHERMENT, extendedUsage)
        : List.of(SigningRequests.USAGE_DIGITAL_SIGNATURE, extendedUsage);
  }

  /**
   * Whether a stored certificate still names what this template asks for: a node whose address changed
   * needs a new serving certificate at once, as upstream's manager renews when its template moves.
   */
  public boolean matches(X509Certificate certificate) {
    return names(certificate, DNS).equals(new HashSet<>(dnsNames))
        && names(certificate, IP).equals(new HashSet<>(ipAddresses.stream().map(CertificateTemplate::normalized).toList()));
  }

  private static final int DNS = 2;
  private static final int IP = 7;

  /** The certificate's subject alternative names of one type (X.509's GeneralName tags). */
  private static Set<String> names(X509Certificate certificate, int type) {
    Set<String> names = new HashSet<>();
    try {
      Collection<List<?>> all = certificate.getSubjectAlternativeNames();
      for (List<?> name : all == null ? new ArrayList<List<?>>() : all) {
        if (((Integer) name.get(0)) == type) {
          names.add(type == IP ? normalized((String) name.get(1)) : (String) name.get(1));
        }
      }
    } catch (CertificateParsingException e) {
      return Set.of();
    }
    return names;
  }

  /** One spelling per IP address ("::1" and "0:0:0:0:0:0:0:1"); a literal is parsed, never looked up. */
  private static String normalized(String ip) {
    if (!ip.matches("[0-9.]+") && !ip.contains(":")) {
      return ip;
    }
    try {
      return java.net.InetAddress.getByName(ip).getHostAddress();
    } catch (java.net.UnknownHostException e) {
      return ip;
    }
  }
}
