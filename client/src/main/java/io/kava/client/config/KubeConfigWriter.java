package io.kava.client.config;

import io.kava.client.pki.IssuedCertificate;
import io.kava.client.pki.Pem;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;

/** A kubeconfig with the credentials embedded (kubeadm's admin.conf shape): one cluster, user and context. */
public final class KubeConfigWriter {
  private KubeConfigWriter() {}

  public static String embedded(String clusterName, String server, X509Certificate ca, String userName,
      IssuedCertificate credentials) {
    return withUser(clusterName, server, ca, userName, "    client-certificate-data: "
        + base64(credentials.certificatePem()) + "\n    client-key-data: " + base64(credentials.privateKeyPem()) + "\n");
  }

  /** A kubeconfig whose user holds a bearer token (a bootstrap kubeconfig). */
  public static String token(String clusterName, String server, X509Certificate ca, String userName, String token) {
    return withUser(clusterName, server, ca, userName, "    token: " + token + "\n");
  }

  /**
   * A kubeconfig naming a certificate file and a key file (the kubelet's, after bootstrap: both are
   * kubelet-client-current.pem, which rotation swaps).
   */
  public static String certificateFiles(String clusterName, String server, X509Certificate ca, String userName,
      java.nio.file.Path certificate, java.nio.file.Path key) {
    return withUser(clusterName, server, ca, userName, "    client-certificate: " + certificate.toAbsolutePath()
        + "\n    client-key: " + key.toAbsolutePath() + "\n");
  }

  private static String withUser(String clusterName, String server, X509Certificate ca, String userName, String user) {
    String context = userName + "@" + clusterName;
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: %1$s
          cluster:
            server: %2$s
            certificate-authority-data: %3$s
        contexts:
        - name: %4$s
          context:
            cluster: %1$s
            user: %5$s
        current-context: %4$s
        preferences: {}
        users:
        - name: %5$s
          user:
        """.formatted(clusterName, "https://" + server.replace(",", ",https://"), base64(Pem.encode(ca)), context, userName)
        + user;
  }

  private static String base64(String pem) {
    return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8));
  }
}
