package io.kava.apiserver;

import io.kava.apiserver.storage.EtcdTls;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** kube-apiserver's flags for TLS towards etcd and the kubelets (issue 12), kept together as a mixin. */
public final class BackendTlsOptions {
  @Option(names = "--etcd-cafile", description = "CA bundle etcd's serving certificate is checked against (https:// --etcd-servers).")
  Path etcdCaFile;

  @Option(names = "--etcd-certfile", description = "Client certificate (PEM) presented to etcd (its --client-cert-auth).")
  Path etcdCertFile;

  @Option(names = "--etcd-keyfile", description = "Private key of --etcd-certfile.")
  Path etcdKeyFile;

  @Option(names = "--kubelet-client-certificate", description = "Client certificate (PEM) presented to kubelets for logs, exec, attach, port-forward and stats.")
  Path kubeletClientCertificate;

  @Option(names = "--kubelet-client-key", description = "Private key of --kubelet-client-certificate.")
  Path kubeletClientKey;

  @Option(names = "--kubelet-certificate-authority", description = "CA bundle kubelets' serving certificates are checked against; with it (or a client certificate) kubelet connections are TLS.")
  Path kubeletCertificateAuthority;

  BackendTlsConfig config(CommandLine.Model.CommandSpec spec, List<URI> etcdServers) {
    try {
      pair(etcdCertFile, etcdKeyFile, "--etcd-certfile and --etcd-keyfile go together");
      pair(kubeletClientCertificate, kubeletClientKey, "--kubelet-client-certificate and --kubelet-client-key go together");
      BackendTlsConfig.ClientTls etcd = new BackendTlsConfig.ClientTls(etcdCaFile, etcdCertFile, etcdKeyFile);
      if (etcd.enabled() && !EtcdTls.https(etcdServers)) {
        throw new IllegalArgumentException("--etcd-cafile, --etcd-certfile and --etcd-keyfile need https:// --etcd-servers, got "
            + etcdServers);
      }
      return BackendTlsConfig.none().withEtcd(etcd)
          .withKubelet(new BackendTlsConfig.ClientTls(kubeletCertificateAuthority, kubeletClientCertificate, kubeletClientKey));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private static void pair(Path certificate, Path key, String message) {
    if ((certificate == null) != (key == null)) {
      throw new IllegalArgumentException(message);
    }
  }
}
