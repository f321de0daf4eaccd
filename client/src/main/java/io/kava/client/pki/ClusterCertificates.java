package io.kava.client.pki;

import io.kava.client.config.KubeConfigWriter;
import io.kava.client.net.ServiceCidr;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * kubeadm's `init phase certs` and `kubeconfig` for a Kava cluster: under DIR/pki the cluster CA, the
 * etcd CA, the API server's serving, kubelet-client and etcd-client certificates, etcd's serving
 * certificate, a client certificate for each component and each kubelet (plus the kubelet's serving
 * certificate), and under DIR one kubeconfig per identity. Idempotent as kubeadm: a file pair that
 * exists is kept, so a second run changes nothing and a cluster's CA survives restarts. A kubeconfig
 * is rewritten (same certificate) only when the server it names changed, e.g. another API port.
 */
public final class ClusterCertificates {
  public static final String CLUSTER_NAME = "kava";
  /** Upstream's identities: RBAC's default roles and these certificates must agree. */
  public static final Map<String, CertificateProfile> COMPONENTS = Map.of(
      "admin", CertificateProfile.client("kubernetes-admin", List.of("system:masters")),
      "scheduler", CertificateProfile.client("system:kube-scheduler", List.of()),
      "controller-manager", CertificateProfile.client("system:kube-controller-manager", List.of()),
      "kube-proxy", CertificateProfile.client("system:kube-proxy", List.of()),
      "dns", CertificateProfile.client("system:kava-dns", List.of()));

  private final Path dir;
  private final Path pki;

  public ClusterCertificates(Path dir) {
    this.dir = dir;
    this.pki = dir.resolve("pki");
  }

  /** A kubelet: its Node name and the IP address its serving certificate names. */
  public record Node(String name, String ip) {}

  /**
   * Creates whatever is missing. {@code apiServerAddresses}: every address clients use for the API
   * server (listen and advertise hosts); {@code server}: the "host:port[,host:port]" the kubeconfigs name.
   */
  public void ensure(List<String> apiServerAddresses, String serviceCidr, String server, List<Node> nodes) {
    CertificateAuthority ca = authority(pki, "ca", "kubernetes");
    ensureEtcd();

    Set<String> ips = new LinkedHashSet<>(List.of("127.0.0.1"));
    Set<String> dnsNames = new LinkedHashSet<>(List.of("localhost", "kubernetes", "kubernetes.default",
        "kubernetes.default.svc", "kubernetes.default.svc.cluster.local"));
    ips.add(ServiceCidr.parse(serviceCidr).address(1));
    for (String address : apiServerAddresses) {
      (ServiceCidr.isIpv4(address) ? ips : dnsNames).add(address);
    }
    issue(pki, "apiserver", ca, () -> CertificateProfile.server("kube-apiserver", List.copyOf(dnsNames), List.copyOf(ips)));
    issue(pki, "apiserver-kubelet-client", ca,
        () -> CertificateProfile.client("kube-apiserver-kubelet-client", List.of("system:masters")));

    COMPONENTS.forEach((name, profile) -> kubeconfig(name, ca, profile, server));
    for (Node node : nodes) {
      String name = "kubelet-" + node.name();
      kubeconfig(name, ca, CertificateProfile.client("system:node:" + node.name(), List.of("system:nodes")), server);
      issue(pki, name + "-serving", ca, () -> CertificateProfile.server("system:node:" + node.name(),
          List.of(node.name(), "localhost"), List.of(node.ip())));
    }
  }

  /**
   * kubeadm's etcd certificates only, what etcd needs before anything else starts: pki/etcd/ca, etcd's
   * serving (server) and peer certificates (both also client auth: members dial each other), and the
   * clients' pki/apiserver-etcd-client and pki/etcd/healthcheck-client (etcdctl in scripts and tests).
   */
  public void ensureEtcd() {
    Path etcd = pki.resolve("etcd");
    CertificateAuthority etcdCa = authority(etcd, "ca", "etcd-ca");
    issue(pki, "apiserver-etcd-client", etcdCa, () -> CertificateProfile.client("kube-apiserver-etcd-client", List.of()));
    issue(etcd, "healthcheck-client", etcdCa, () -> CertificateProfile.client("kube-etcd-healthcheck-client", List.of()));
    issue(etcd, "server", etcdCa, () -> CertificateProfile.server("kava-etcd", List.of("localhost"), List.of("127.0.0.1"))
        .withUsages(CertificateProfile.Usage.SERVER_AUTH, CertificateProfile.Usage.CLIENT_AUTH));
    issue(etcd, "peer", etcdCa, () -> CertificateProfile.server("kava-etcd-peer", List.of("localhost"), List.of("127.0.0.1"))
        .withUsages(CertificateProfile.Usage.SERVER_AUTH, CertificateProfile.Usage.CLIENT_AUTH));
  }

  /** DIR/NAME.kubeconfig with the client certificate DIR/pki/NAME.crt embedded. */
  private void kubeconfig(String name, CertificateAuthority ca, CertificateProfile profile, String server) {
    IssuedCertificate credentials = issue(pki, name, ca, () -> profile);
    Path file = dir.resolve(name + ".kubeconfig");
    String text = KubeConfigWriter.embedded(CLUSTER_NAME, server, ca.certificate(), profile.commonName(), credentials);
    if (!Files.exists(file) || !text.equals(read(file))) {
      PrivateFiles.write(file, text);
    }
  }

  /**
   * A kubeconfig (not written anywhere) for a user of one's choice, signed by this cluster's CA (which
   * must exist): tests and operators handing out a credential of a user bound to a role.
   */
  public String userKubeconfig(String server, String user, List<String> groups) {
    CertificateAuthority ca = CertificateAuthority.of(IssuedCertificate.read(pki, "ca"));
    IssuedCertificate credentials = ca.issue(CertificateProfile.client(user, groups));
    return KubeConfigWriter.embedded(CLUSTER_NAME, server, ca.certificate(), user, credentials);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static CertificateAuthority authority(Path directory, String base, String commonName) {
    if (IssuedCertificate.exists(directory, base)) {
      return CertificateAuthority.of(IssuedCertificate.read(directory, base));
    }
    CertificateAuthority ca = CertificateAuthority.create(commonName);
    ca.asIssued().write(directory, base);
    return ca;
  }

  private static IssuedCertificate issue(Path directory, String base, CertificateAuthority ca, Supplier<CertificateProfile> profile) {
    if (IssuedCertificate.exists(directory, base)) {
      return IssuedCertificate.read(directory, base);
    }
    IssuedCertificate issued = ca.issue(profile.get());
    issued.write(directory, base);
    return issued;
  }

  /**
   * {@code java -cp kava-api-server.jar io.kava.client.pki.ClusterCertificates DIR SERVER SERVICE_CIDR
   * [--address A]... [--node NAME=IP]...}: what deploy/up.sh and the e2e TestCluster run before starting;
   * {@code ClusterCertificates DIR --etcd-only}: the etcd certificates alone ({@link #ensureEtcd()}).
   */
  public static void main(String[] args) {
    if (args.length == 2 && args[1].equals("--etcd-only")) {
      new ClusterCertificates(Path.of(args[0])).ensureEtcd();
      return;
    }
    if (args.length < 3) {
      System.err.println("usage: ClusterCertificates DIR SERVER SERVICE_CIDR [--address A]... [--node NAME=IP]... | DIR --etcd-only");
      System.exit(2);
    }
    List<String> addresses = new ArrayList<>();
    List<Node> nodes = new ArrayList<>();
    for (int i = 3; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--address" -> addresses.add(args[i + 1]);
        case "--node" -> {
          String[] parts = args[i + 1].split("=", 2);
          nodes.add(new Node(parts[0], parts.length > 1 ? parts[1] : "127.0.0.1"));
        }
        default -> {
          System.err.println("error: unknown option " + args[i]);
          System.exit(2);
        }
      }
    }
    for (String hostPort : args[1].split(",")) {
      addresses.add(hostPort.substring(0, hostPort.lastIndexOf(':')));
    }
    try {
      new ClusterCertificates(Path.of(args[0])).ensure(addresses, args[2], args[1], nodes);
    } catch (RuntimeException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(1);
    }
  }
}
