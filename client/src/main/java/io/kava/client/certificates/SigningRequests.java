package io.kava.client.certificates;

import io.kava.api.certificates.v1.CertificateSigningRequest;
import io.kava.api.certificates.v1.CertificateSigningRequestCondition;
import java.util.List;
import java.util.Set;

/**
 * The literals of certificates.k8s.io/v1 (signer names, key usages, condition types) and the questions
 * everyone asks of a CertificateSigningRequest's conditions, as upstream's certificates helpers.
 */
public final class SigningRequests {
  public static final String KUBE_APISERVER_CLIENT = "kubernetes.io/kube-apiserver-client";
  public static final String KUBE_APISERVER_CLIENT_KUBELET = "kubernetes.io/kube-apiserver-client-kubelet";
  public static final String KUBELET_SERVING = "kubernetes.io/kubelet-serving";
  /** Refused by certificates.k8s.io/v1 (upstream kept it for v1beta1 only). */
  public static final String LEGACY_UNKNOWN = "kubernetes.io/legacy-unknown";
  /** The signers of the kubernetes.io domain the controller manager's signer knows. */
  public static final List<String> KUBERNETES_SIGNERS = List.of(KUBE_APISERVER_CLIENT, KUBE_APISERVER_CLIENT_KUBELET,
      KUBELET_SERVING);

  public static final String APPROVED = "Approved";
  public static final String DENIED = "Denied";
  public static final String FAILED = "Failed";

  public static final String USAGE_DIGITAL_SIGNATURE = "digital signature";
  public static final String USAGE_KEY_ENCIPHERMENT = "key encipherment";
  public static final String USAGE_CLIENT_AUTH = "client auth";
  public static final String USAGE_SERVER_AUTH = "server auth";
  /** Upstream's KeyUsage values, in its order. */
  public static final List<String> KEY_USAGES = List.of("signing", USAGE_DIGITAL_SIGNATURE, "content commitment",
      USAGE_KEY_ENCIPHERMENT, "key agreement", "data encipherment", "cert sign", "crl sign", "encipher only",
      "decipher only", "any", USAGE_SERVER_AUTH, USAGE_CLIENT_AUTH, "code signing", "email protection", "s/mime",
      "ipsec end system", "ipsec tunnel", "ipsec user", "timestamping", "ocsp signing", "microsoft sgc",
      "netscape sgc");

  /** A node's identity, as upstream: user system:node:NAME in group system:nodes. */
  public static final String NODE_USER_PREFIX = "system:node:";
  public static final String NODES_GROUP = "system:nodes";
  public static final String BOOTSTRAPPERS_GROUP = "system:bootstrappers";

  /** Upstream's minimum spec.expirationSeconds (10 minutes, twice the signer's backdating). */
  public static final int MIN_EXPIRATION_SECONDS = 600;

  /** The usages a kubelet asks for: key encipherment only with an RSA key, as upstream's kubelet. */
  public static final Set<String> KUBELET_CLIENT_USAGES = Set.of(USAGE_DIGITAL_SIGNATURE, USAGE_KEY_ENCIPHERMENT,
      USAGE_CLIENT_AUTH);
  public static final Set<String> KUBELET_CLIENT_USAGES_NO_RSA = Set.of(USAGE_DIGITAL_SIGNATURE, USAGE_CLIENT_AUTH);
  public static final Set<String> KUBELET_SERVING_USAGES = Set.of(USAGE_DIGITAL_SIGNATURE, USAGE_KEY_ENCIPHERMENT,
      USAGE_SERVER_AUTH);
  public static final Set<String> KUBELET_SERVING_USAGES_NO_RSA = Set.of(USAGE_DIGITAL_SIGNATURE, USAGE_SERVER_AUTH);

  private SigningRequests() {}

  public static boolean isApproved(CertificateSigningRequest csr) {
    return hasCondition(csr, APPROVED) && !hasCondition(csr, DENIED);
  }

  public static boolean isDenied(CertificateSigningRequest csr) {
    return hasCondition(csr, DENIED);
  }

  /** Upstream HasTrueCondition: a condition of this type with status True (or no status, as v1beta1 wrote it). */
  public static boolean hasCondition(CertificateSigningRequest csr, String type) {
    for (CertificateSigningRequestCondition c : csr.getStatus().getConditionsList()) {
      if (c.getType().equals(type) && (c.getStatus().isEmpty() || c.getStatus().equals("True"))) {
        return true;
      }
    }
    return false;
  }

  /** A condition of the given type with status True. */
  public static CertificateSigningRequestCondition condition(String type, String reason, String message, String now) {
    return CertificateSigningRequestCondition.newBuilder().setType(type).setStatus("True").setReason(reason)
        .setMessage(message).setLastUpdateTime(now).setLastTransitionTime(now).build();
  }

  /** The node name of a node user (system:node:NAME), or empty. */
  public static String nodeName(String user) {
    return user.startsWith(NODE_USER_PREFIX) ? user.substring(NODE_USER_PREFIX.length()) : "";
  }
}
