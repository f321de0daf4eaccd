package io.kava.kubelet.envvars;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.kava.api.core.v1.Service;
import io.kava.api.core.v1.ServicePort;
import io.kava.api.core.v1.ServiceSpec;
import io.kava.api.meta.v1.ObjectMeta;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Upstream's pkg/kubelet/envvars TestFromServices and the kubelet's getServiceEnvVarMap cases. */
class ServiceEnvVarsTest {
  private static ServicePort port(String name, int port, String protocol) {
    return ServicePort.newBuilder().setName(name).setPort(port).setProtocol(protocol).build();
  }

  private static Service service(String namespace, String name, String clusterIp, ServicePort... ports) {
    return Service.newBuilder().setMetadata(ObjectMeta.newBuilder().setNamespace(namespace).setName(name))
        .setSpec(ServiceSpec.newBuilder().setClusterIp(clusterIp).putSelector("bar", "baz").addAllPorts(List.of(ports)))
        .build();
  }

  @Test
  void fromServicesIsUpstreamsExample() {
    List<Service> services = List.of(
        service("", "foo-bar", "1.2.3.4", port("", 8080, "TCP")),
        service("", "abc-123", "5.6.7.8", port("u-d-p", 8081, "UDP"), port("t-c-p", 8081, "TCP")),
        service("", "q-u-u-x", "9.8.7.6", port("", 8082, "TCP"), port("8083", 8083, "TCP")),
        service("", "svrc-clusterip-none", "None", port("", 8082, "TCP")),
        service("", "svrc-clusterip-empty", "", port("", 8082, "TCP")),
        service("", "super-ipv6", "2001:DB8::", port("u-d-p", 8084, "UDP"), port("t-c-p", 8084, "TCP")));

    assertThat(ServiceEnvVars.fromServices(services)).containsExactly(
        entry("FOO_BAR_SERVICE_HOST", "1.2.3.4"),
        entry("FOO_BAR_SERVICE_PORT", "8080"),
        entry("FOO_BAR_PORT", "tcp://1.2.3.4:8080"),
        entry("FOO_BAR_PORT_8080_TCP", "tcp://1.2.3.4:8080"),
        entry("FOO_BAR_PORT_8080_TCP_PROTO", "tcp"),
        entry("FOO_BAR_PORT_8080_TCP_PORT", "8080"),
        entry("FOO_BAR_PORT_8080_TCP_ADDR", "1.2.3.4"),
        entry("ABC_123_SERVICE_HOST", "5.6.7.8"),
        entry("ABC_123_SERVICE_PORT", "8081"),
        entry("ABC_123_SERVICE_PORT_U_D_P", "8081"),
        entry("ABC_123_SERVICE_PORT_T_C_P", "8081"),
        entry("ABC_123_PORT", "udp://5.6.7.8:8081"),
        entry("ABC_123_PORT_8081_UDP", "udp://5.6.7.8:8081"),
        entry("ABC_123_PORT_8081_UDP_PROTO", "udp"),
        entry("ABC_123_PORT_8081_UDP_PORT", "8081"),
        entry("ABC_123_PORT_8081_UDP_ADDR", "5.6.7.8"),
        entry("ABC_123_PORT_8081_TCP", "tcp://5.6.7.8:8081"),
        entry("ABC_123_PORT_8081_TCP_PROTO", "tcp"),
        entry("ABC_123_PORT_8081_TCP_PORT", "8081"),
        entry("ABC_123_PORT_8081_TCP_ADDR", "5.6.7.8"),
        entry("Q_U_U_X_SERVICE_HOST", "9.8.7.6"),
        entry("Q_U_U_X_SERVICE_PORT", "8082"),
        entry("Q_U_U_X_SERVICE_PORT_8083", "8083"),
        entry("Q_U_U_X_PORT", "tcp://9.8.7.6:8082"),
        entry("Q_U_U_X_PORT_8082_TCP", "tcp://9.8.7.6:8082"),
        entry("Q_U_U_X_PORT_8082_TCP_PROTO", "tcp"),
        entry("Q_U_U_X_PORT_8082_TCP_PORT", "8082"),
        entry("Q_U_U_X_PORT_8082_TCP_ADDR", "9.8.7.6"),
        entry("Q_U_U_X_PORT_8083_TCP", "tcp://9.8.7.6:8083"),
        entry("Q_U_U_X_PORT_8083_TCP_PROTO", "tcp"),
        entry("Q_U_U_X_PORT_8083_TCP_PORT", "8083"),
        entry("Q_U_U_X_PORT_8083_TCP_ADDR", "9.8.7.6"),
        entry("SUPER_IPV6_SERVICE_HOST", "2001:DB8::"),
        entry("SUPER_IPV6_SERVICE_PORT", "8084"),
        entry("SUPER_IPV6_SERVICE_PORT_U_D_P", "8084"),
        entry("SUPER_IPV6_SERVICE_PORT_T_C_P", "8084"),
        entry("SUPER_IPV6_PORT", "udp://[2001:DB8::]:8084"),
        entry("SUPER_IPV6_PORT_8084_UDP", "udp://[2001:DB8::]:8084"),
        entry("SUPER_IPV6_PORT_8084_UDP_PROTO", "udp"),
        entry("SUPER_IPV6_PORT_8084_UDP_PORT", "8084"),
        entry("SUPER_IPV6_PORT_8084_UDP_ADDR", "2001:DB8::"),
        entry("SUPER_IPV6_PORT_8084_TCP", "tcp://[2001:DB8::]:8084"),
        entry("SUPER_IPV6_PORT_8084_TCP_PROTO", "tcp"),
        entry("SUPER_IPV6_PORT_8084_TCP_PORT", "8084"),
        entry("SUPER_IPV6_PORT_8084_TCP_ADDR", "2001:DB8::"));
  }

  @Test
  void theTutorialsMyNginxService() {
    // "Connecting Applications with Services": my-nginx on port 80, protocol defaulted.
    Map<String, String> env = ServiceEnvVars.fromServices(List.of(service("default", "my-nginx", "10.0.162.149",
        port("", 80, ""))));
    assertThat(env).contains(entry("MY_NGINX_SERVICE_HOST", "10.0.162.149"), entry("MY_NGINX_SERVICE_PORT", "80"),
        entry("MY_NGINX_PORT", "tcp://10.0.162.149:80"), entry("MY_NGINX_PORT_80_TCP_PROTO", "tcp"));
  }

  private static final List<Service> CLUSTER = List.of(
      service("default", "kubernetes", "10.96.0.1", port("https", 443, "TCP")),
      service("default", "web", "10.96.0.20", port("", 80, "TCP")),
      service("shop", "cart", "10.96.0.30", port("http", 8080, "TCP")),
      service("shop", "headless", "None", port("", 80, "TCP")),
      service("shop", "external", "", port("", 80, "TCP")),
      service("other", "db", "10.96.0.40", port("", 5432, "TCP")));

  @Test
  void aPodSeesItsNamespacesServicesAndTheKubernetesServiceOnly() {
    Map<String, String> env = ServiceEnvVars.forPod("shop", true, CLUSTER);
    assertThat(env).containsEntry("KUBERNETES_SERVICE_HOST", "10.96.0.1").containsEntry("KUBERNETES_SERVICE_PORT", "443")
        .containsEntry("KUBERNETES_SERVICE_PORT_HTTPS", "443").containsEntry("KUBERNETES_PORT", "tcp://10.96.0.1:443")
        .containsEntry("CART_SERVICE_HOST", "10.96.0.30").containsEntry("CART_SERVICE_PORT_HTTP", "8080");
    assertThat(env.keySet()).noneMatch(k -> k.startsWith("WEB_") || k.startsWith("DB_") || k.startsWith("HEADLESS_")
        || k.startsWith("EXTERNAL_"));
  }

  @Test
  void withoutServiceLinksOnlyTheKubernetesServiceRemains() {
    Map<String, String> env = ServiceEnvVars.forPod("default", false, CLUSTER);
    assertThat(env.keySet()).isNotEmpty().allMatch(k -> k.startsWith("KUBERNETES_"));
  }

  @Test
  void aServiceNamedKubernetesInThePodsNamespaceWins() {
    List<Service> both = List.of(service("shop", "kubernetes", "10.96.0.99", port("", 80, "TCP")), CLUSTER.get(0));
    assertThat(ServiceEnvVars.forPod("shop", true, both)).containsEntry("KUBERNETES_SERVICE_HOST", "10.96.0.99");
    assertThat(ServiceEnvVars.forPod("shop", true, List.of(both.get(1), both.get(0))))
        .containsEntry("KUBERNETES_SERVICE_HOST", "10.96.0.99");
    assertThat(ServiceEnvVars.forPod("shop", false, both)).containsEntry("KUBERNETES_SERVICE_HOST", "10.96.0.1");
  }
}
