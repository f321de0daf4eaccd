package io.kava.apiserver;

import java.nio.file.Path;

/**
 * How the API server reaches the two backends it calls, etcd and the kubelets, as upstream's flags:
 * --etcd-cafile/--etcd-certfile/--etcd-keyfile (etcd over TLS with a client certificate; https:// etcd URLs)
 * and --kubelet-certificate-authority/--kubelet-client-certificate/--kubelet-client-key (logs, exec, attach,
 * port-forward and stats over TLS). Without them each connection is plaintext, as in-process tests run it.
 */
public record BackendTlsConfig(ClientTls etcd, ClientTls kubelet) {
  public static BackendTlsConfig none() {
    return new BackendTlsConfig(ClientTls.none(), ClientTls.none());
  }

  public BackendTlsConfig withEtcd(ClientTls newEtcd) {
    return new BackendTlsConfig(newEtcd, kubelet);
  }

  public BackendTlsConfig withKubelet(ClientTls newKubelet) {
    return new BackendTlsConfig(etcd, newKubelet);
  }

  /** One TLS client: the CA the server's certificate is checked against and the client certificate and key it presents (each may be null). */
  public record ClientTls(Path caFile, Path certFile, Path keyFile) {
    public static ClientTls none() {
      return new ClientTls(null, null, null);
    }

    public ClientTls {
      if ((certFile == null) != (keyFile == null)) {
        throw new IllegalArgumentException("a client certificate and its key go together");
      }
    }

    /** Any of the files turns TLS on (a CA alone: TLS without a client certificate). */
    public boolean enabled() {
      return caFile != null || certFile != null;
    }
  }
}
