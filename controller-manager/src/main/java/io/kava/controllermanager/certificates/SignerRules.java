package io.kava.controllermanager.certificates;

import io.kava.client.certificates.RequestedCertificate;
import io.kava.client.certificates.SigningRequests;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the kubernetes.io signers sign, as upstream's csrsigning isRequestForSignerFn with the
 * certificates helpers ValidateKubeletClientCSR and ValidateKubeletServingCSR: a pure function from the
 * request to the reason it is refused (written as a Failed condition), or none.
 */
public final class SignerRules {
  private SignerRules() {}

  public static boolean isKnown(String signerName) {
    return SigningRequests.KUBERNETES_SIGNERS.contains(signerName);
  }

  /** Why the signer must not sign this request; empty when it may. Only for {@link #isKnown} signers. */
  public static Optional<String> refusal(String signerName, RequestedCertificate req, Set<String> usages) {
    return Optional.ofNullable(switch (signerName) {
      case SigningRequests.KUBE_APISERVER_CLIENT -> clientUsagesError(usages);
      case SigningRequests.KUBE_APISERVER_CLIENT_KUBELET -> kubeletClientError(req, usages);
      case SigningRequests.KUBELET_SERVING -> kubeletServingError(req, usages);
      default -> "unknown signer " + signerName;
    });
  }

  /** Upstream validAPIServerClientUsages: client auth required; digital signature and key encipherment allowed. */
  static String clientUsagesError(Set<String> usages) {
    for (String u : usages.stream().sorted().toList()) {
      if (!u.equals(SigningRequests.USAGE_DIGITAL_SIGNATURE) && !u.equals(SigningRequests.USAGE_KEY_ENCIPHERMENT)
          && !u.equals(SigningRequests.USAGE_CLIENT_AUTH)) {
        return "invalid usage for client certificate: " + u;
      }
    }
    return usages.contains(SigningRequests.USAGE_CLIENT_AUTH) ? null
        : "missing required usage for client certificate: " + SigningRequests.USAGE_CLIENT_AUTH;
  }

  /** Upstream ValidateKubeletClientCSR: O=system:nodes only, CN=system:node:*, no alternative names, kubelet usages. */
  public static String kubeletClientError(RequestedCertificate req, Set<String> usages) {
    if (!req.organizations().equals(List.of(SigningRequests.NODES_GROUP))) {
      return "subject organization is not system:nodes";
    }
    if (!req.dnsNames().isEmpty()) {
      return "DNS subjectAltNames are not allowed";
    }
    if (!req.emailAddresses().isEmpty()) {
      return "Email subjectAltNames are not allowed";
    }
    if (!req.ipAddresses().isEmpty()) {
      return "IP subjectAltNames are not allowed";
    }
    if (!req.uris().isEmpty()) {
      return "URI subjectAltNames are not allowed";
    }
    if (!req.commonName().startsWith(SigningRequests.NODE_USER_PREFIX)) {
      return "subject common name does not begin with 'system:node:'";
    }
    if (!usages.equals(SigningRequests.KUBELET_CLIENT_USAGES) && !usages.equals(SigningRequests.KUBELET_CLIENT_USAGES_NO_RSA)) {
      return "usages did not match " + sorted(SigningRequests.KUBELET_CLIENT_USAGES);
    }
    return null;
  }

  /** Upstream ValidateKubeletServingCSR: kubelet serving usages, O=system:nodes, CN=system:node:*, a DNS or IP name. */
  static String kubeletServingError(RequestedCertificate req, Set<String> usages) {
    if (!usages.equals(SigningRequests.KUBELET_SERVING_USAGES) && !usages.equals(SigningRequests.KUBELET_SERVING_USAGES_NO_RSA)) {
      return "usages did not match " + sorted(SigningRequests.KUBELET_SERVING_USAGES);
    }
    if (!req.organizations().equals(List.of(SigningRequests.NODES_GROUP))) {
      return "subject organization is not system:nodes";
    }
    if (!req.commonName().startsWith(SigningRequests.NODE_USER_PREFIX)) {
      return "subject common name does not begin with 'system:node:'";
    }
    if (req.dnsNames().isEmpty() && req.ipAddresses().isEmpty()) {
      return "DNS or IP subjectAltName is required";
    }
    if (!req.emailAddresses().isEmpty()) {
      return "Email subjectAltNames are not allowed";
    }
    if (!req.uris().isEmpty()) {
      return "URI subjectAltNames are not allowed";
    }
    return null;
  }

  /** Go's %v of a sorted string list: [a b c]. */
  private static String sorted(Set<String> values) {
    return "[" + String.join(" ", values.stream().sorted().toList()) + "]";
  }
}
