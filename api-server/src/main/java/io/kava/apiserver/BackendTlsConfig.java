package io.kava.apiserver;

import java.nio.file.Path;

/**
 * How the API server reaches the two backends it calls, etcd and the kubelets, as upstream's flags:
 * --etcd-cafile/--etcd-certfile/--etcd-keyfile (etcd over TLS with a client certificate; https:// etcd URLs)
 * and --kubelet-client-certificate/--kubelet-client-key/--kubelet-certificate-authority (logs, exec, attach,
 * port-forward and stats over TLS). Without them each connection is plaintext, as in-process tests run it.
 */
public record BackendTlsConfig(Etcd etcd, Kubelet kubelet) {
  public static BackendTlsConfig none() {
    return new BackendTlsConfig(Etcd.none(), Kubelet.none());
  }

  public BackendTlsConfig withEtcd(Etcd newEtcd) {
    return new BackendTlsConfig(newEtcd, kubelet);
  }

  public BackendTlsConfig withKubelet(Kubelet newKubelet) {
    return new BackendTlsConfig(etcd, newKubelet);
  }

  /** --etcd-cafile (etcd's serving CA), --etcd-certfile and --etcd-keyfile (the client certificate etcd's --client-cert-auth checks). */
  public record Etcd(Path caFile, Path certFile, Path keyFile) {
    public static Etcd none() {
      return new Etcd(null, null, null);
    }

    public Etcd {
      if ((certFile == null) != (keyFile == null)) {
        throw new IllegalArgumentException("--etcd-certfile and --etcd-keyfile go together");
      }
    }

    /** Any of the three turns TLS on (a CA alone: TLS without a client certificate). */
    public boolean enabled() {
      return caFile != null || certFile != null;
    }
  }

  /** --kubelet-client-certificate/--kubelet-client-key and --kubelet-certificate-authority (the kubelets' serving CA). */
  public record Kubelet(Path certFile, Path keyFile, Path caFile) {
    public static Kubelet none() {
      return new Kubelet(null, null, null);
    }

    public Kubelet {
      if ((certFile == null) != (keyFile == null)) {
        throw new IllegalArgumentException("--kubelet-client-certificate and --kubelet-client-key go together");
      }
    }

    public boolean enabled() {
      return caFile != null || certFile != null;
    }
  }
}
