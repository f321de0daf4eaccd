package io.kava.apiserver.testing;

import io.kava.apiserver.AuthorizationConfig;
import io.kava.apiserver.SecurityConfig;
import io.kava.apiserver.TlsConfig;
import io.kava.client.config.ClientConfig;
import io.kava.client.config.KubeConfigLoader;
import io.kava.client.net.ServiceCidr;
import io.kava.client.pki.ClusterCertificates;
import java.nio.file.Path;
import java.util.List;

/**
 * An in-JVM API server secured as deploy/up.sh starts the real one (kubeadm's flags): the cluster's
 * certificates under a directory, TLS only with client certificates, no anonymous calls,
 * {@code Node,RBAC}. {@link #config()} goes into {@code ApiServerConfig.withSecurity}; once the server
 * listens, {@link #serving(String)} points the kubeconfigs at it.
 */
public final class KubeadmSecurity {
  private final Path dir;
  private final String serviceCidr;
  private final List<ClusterCertificates.Node> nodes;
  private final List<String> addresses;
  private String server;

  private KubeadmSecurity(Path dir, String serviceCidr, String server, List<ClusterCertificates.Node> nodes,
      List<String> addresses) {
    this.dir = dir;
    this.serviceCidr = serviceCidr;
    this.server = server;
    this.nodes = List.copyOf(nodes);
    this.addresses = List.copyOf(addresses);
    ensure();
  }

  /** Creates (or reuses) the certificates and kubeconfigs under DIR, for an API server on 127.0.0.1. */
  public static KubeadmSecurity in(Path dir) {
    return in(dir, ServiceCidr.DEFAULT, "127.0.0.1:6443", List.of());
  }

  /** The same with the Service range, the server(s) the kubeconfigs name and a kubelet identity per node. */
  public static KubeadmSecurity in(Path dir, String serviceCidr, String server, List<ClusterCertificates.Node> nodes) {
    return in(dir, serviceCidr, server, nodes, List.of("127.0.0.1"));
  }

  /** The same with the addresses the serving certificate names besides the ClusterIP (ClusterCertificates --address). */
  public static KubeadmSecurity in(Path dir, String serviceCidr, String server, List<ClusterCertificates.Node> nodes,
      List<String> addresses) {
    return new KubeadmSecurity(dir, serviceCidr, server, nodes, addresses);
  }

  private void ensure() {
    new ClusterCertificates(dir).ensure(addresses, serviceCidr, server, nodes);
  }

  /** The API server's flags for {@link #config()}, as deploy/up.sh passes them. */
  public List<String> flags() {
    Path pki = dir.resolve("pki");
    return List.of("--tls-cert-file", pki.resolve("apiserver.crt").toString(),
        "--tls-private-key-file", pki.resolve("apiserver.key").toString(),
        "--client-ca-file", pki.resolve("ca.crt").toString(), "--anonymous-auth=false",
        "--authorization-mode=Node,RBAC", "--enable-admission-plugins=NodeRestriction", "--enable-bootstrap-token-auth");
  }

  public SecurityConfig config() {
    Path pki = dir.resolve("pki");
    return SecurityConfig.defaults().withAnonymousAuth(false)
        .withTls(new TlsConfig(pki.resolve("apiserver.crt"), pki.resolve("apiserver.key"), pki.resolve("ca.crt")))
        .withAuthorization(AuthorizationConfig.defaults().withModes("Node,RBAC"))
        .withBootstrapTokens(io.kava.apiserver.BootstrapTokenConfig.enabled(true));
  }

  /** The server ("127.0.0.1:PORT") the kubeconfigs name from now on. */
  public KubeadmSecurity serving(String address) {
    this.server = address;
    ensure();
    return this;
  }

  /** An identity's kubeconfig: admin, scheduler, controller-manager, kube-proxy, dns, kubelet-NODE. */
  public Path kubeconfig(String identity) {
    return dir.resolve(identity + ".kubeconfig");
  }

  /** kubernetes-admin (system:masters). */
  public ClientConfig admin() {
    return KubeConfigLoader.load(kubeconfig("admin"));
  }

  /**
   * What an operator does for controllers run under the manager's own identity (a controller manager
   * without --use-service-account-credentials, or controllers in a test's JVM): binds the aggregated
   * controller role to system:kube-controller-manager, whose own role holds none of their rules.
   */
  public void bindControllerRolesToTheManager() {
    String role = "kava:controller-manager:controllers";
    try (io.kava.client.KavaClient client = io.kava.client.KavaClient.connect(admin())) {
      client.resource(io.kava.api.rbac.v1.ClusterRoleBinding.class).create(io.kava.api.rbac.v1.ClusterRoleBinding
          .newBuilder().setMetadata(io.kava.api.meta.v1.ObjectMeta.newBuilder().setName(role))
          .setRoleRef(io.kava.api.rbac.v1.RoleRef.newBuilder().setApiGroup("rbac.authorization.k8s.io")
              .setKind("ClusterRole").setName(role))
          .addSubjects(io.kava.api.rbac.v1.Subject.newBuilder().setKind("User")
              .setApiGroup("rbac.authorization.k8s.io").setName("system:kube-controller-manager"))
          .build());
    }
  }

  /** Another user, in GROUPS, with a certificate of the cluster CA. */
  public ClientConfig user(String name, String... groups) {
    return KubeConfigLoader.parse(userKubeconfig(name, groups), dir, null);
  }

  /** The kubeconfig text of {@link #user}, for a kavactl process to read from a file. */
  public String userKubeconfig(String name, String... groups) {
    return new ClusterCertificates(dir).userKubeconfig(server, name, List.of(groups));
  }
}
