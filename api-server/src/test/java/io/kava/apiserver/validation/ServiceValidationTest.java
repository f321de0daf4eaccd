package io.kava.apiserver.validation;

import static io.kava.apiserver.validation.ValidationTest.errors;
import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.ClientIPConfig;
import io.kava.api.core.v1.Service;
import io.kava.api.core.v1.ServicePort;
import io.kava.api.core.v1.ServiceSpec;
import io.kava.api.core.v1.SessionAffinityConfig;
import io.kava.api.meta.v1.IntOrString;
import io.kava.apiserver.defaulting.Defaults;
import io.kava.apiserver.testing.Fixtures;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Issue 6's "Bad input" for Services: each a field error naming the path. */
class ServiceValidationTest {

  private static Service svc(UnaryOperator<ServiceSpec.Builder> change) {
    Service s = Fixtures.service("default", "s");
    return s.toBuilder().setSpec(change.apply(s.getSpec().toBuilder())).build();
  }

  private static ServicePort.Builder port(String name, int port) {
    return ServicePort.newBuilder().setName(name).setPort(port);
  }

  @Test
  void duplicatePortsAndPortNames() {
    assertThat(errors(svc(s -> s.clearPorts().addPorts(port("a", 80)).addPorts(port("b", 80)))))
        .containsExactly("spec.ports[1] FieldValueDuplicate");
    assertThat(errors(svc(s -> s.clearPorts().addPorts(port("a", 80)).addPorts(port("b", 80).setProtocol("UDP")))))
        .as("one port number over TCP and UDP").isEmpty();
    assertThat(errors(svc(s -> s.clearPorts().addPorts(port("a", 80)).addPorts(port("a", 81)))))
        .containsExactly("spec.ports[1].name FieldValueDuplicate");
  }

  @Test
  void portsOutOfRangeAndUnknownProtocols() {
    assertThat(errors(svc(s -> s.setPorts(0, port("", 70000).setTargetPort(IntOrString.newBuilder().setIntVal(8080))))))
        .containsExactly("spec.ports[0].port FieldValueInvalid");
    assertThat(errors(svc(s -> s.setPorts(0, port("", 80).setProtocol("HTTP")))))
        .containsExactly("spec.ports[0].protocol FieldValueNotSupported");
    assertThat(errors(svc(s -> s.setPorts(0, port("", 80).setProtocol("SCTP"))))).isEmpty();
  }

  @Test
  void nodePortsOnlyOnNodePortServicesWithinPortNumbersAndNotTwiceForOneProtocol() {
    assertThat(errors(svc(s -> s.setPorts(0, port("", 80).setNodePort(30080)))))
        .containsExactly("spec.ports[0].nodePort FieldValueForbidden");
    assertThat(errors(svc(s -> s.setType("NodePort").setPorts(0, port("", 80).setNodePort(70000)))))
        .containsExactly("spec.ports[0].nodePort FieldValueInvalid");
    assertThat(errors(svc(s -> s.setType("NodePort").clearPorts()
        .addPorts(port("a", 80).setNodePort(30080)).addPorts(port("b", 81).setNodePort(30080)))))
        .containsExactly("spec.ports[1].nodePort FieldValueDuplicate");
    assertThat(errors(svc(s -> s.setType("NodePort").clearPorts()
        .addPorts(port("a", 53).setNodePort(30053).setProtocol("UDP")).addPorts(port("b", 53).setNodePort(30053)))))
        .as("one node port for TCP and UDP").isEmpty();
  }

  @Test
  void externalNameServicesHaveNoSelectorAndNoClusterIp() {
    Service external = svc(s -> s.setType("ExternalName").setExternalName("db.example.com"));
    assertThat(errors(external)).containsExactly("spec.selector FieldValueForbidden");
    assertThat(errors(external.toBuilder().setSpec(external.getSpec().toBuilder().clearSelector().setClusterIp("10.96.0.5")).build()))
        .containsExactly("spec.clusterIP FieldValueForbidden");
    assertThat(errors(external.toBuilder().setSpec(external.getSpec().toBuilder().clearSelector()).build())).isEmpty();
  }

  @Test
  void clientIpAffinityDefaultsItsTimeoutAndChecksIt() {
    Service affinity = Defaults.service(svc(s -> s.setSessionAffinity("ClientIP")));
    assertThat(affinity.getSpec().getSessionAffinityConfig().getClientIp().getTimeoutSeconds()).isEqualTo(10800);
    assertThat(errors(affinity)).isEmpty();
    for (int bad : new int[] {0, -5, 86401}) {
      assertThat(errors(svc(s -> s.setSessionAffinity("ClientIP").setSessionAffinityConfig(SessionAffinityConfig.newBuilder()
          .setClientIp(ClientIPConfig.newBuilder().setTimeoutSeconds(bad))))))
          .as("timeout %d", bad).containsExactly("spec.sessionAffinityConfig.clientIP.timeoutSeconds FieldValueInvalid");
    }
    assertThat(errors(svc(s -> s.setSessionAffinity("None").setSessionAffinityConfig(SessionAffinityConfig.newBuilder()
        .setClientIp(ClientIPConfig.newBuilder().setTimeoutSeconds(60))))))
        .containsExactly("spec.sessionAffinityConfig FieldValueForbidden");
    assertThat(errors(svc(s -> s.setSessionAffinity("Sticky")))).containsExactly("spec.sessionAffinity FieldValueNotSupported");
  }

  @Test
  void defaultsAsUpstreamOnASingleStackCluster() {
    Service nodePort = Defaults.service(svc(s -> s.setType("NodePort").setPublishNotReadyAddresses(true)));
    assertThat(nodePort.getSpec().getExternalTrafficPolicy()).isEqualTo("Cluster");
    assertThat(nodePort.getSpec().getIpFamiliesList()).containsExactly("IPv4");
    assertThat(nodePort.getSpec().getIpFamilyPolicy()).isEqualTo("SingleStack");
    assertThat(nodePort.getSpec().getPublishNotReadyAddresses()).isTrue();
    assertThat(errors(nodePort)).isEmpty();
    Service clusterIp = Defaults.service(svc(s -> s));
    assertThat(clusterIp.getSpec().getExternalTrafficPolicy()).isEmpty();
    assertThat(clusterIp.getSpec().getSessionAffinity()).isEqualTo("None");
    assertThat(clusterIp.getSpec().hasSessionAffinityConfig()).isFalse();
  }

  @Test
  void onlyIpv4SingleStack() {
    assertThat(errors(svc(s -> s.addIpFamilies("IPv6")))).containsExactly("spec.ipFamilies[0] FieldValueInvalid");
    assertThat(errors(svc(s -> s.setIpFamilyPolicy("RequireDualStack")))).containsExactly("spec.ipFamilyPolicy FieldValueInvalid");
    assertThat(errors(svc(s -> s.setClusterIp("10.96.0.5").addClusterIps("10.96.0.6"))))
        .containsExactly("spec.clusterIPs FieldValueInvalid");
    assertThat(errors(svc(s -> s.addClusterIps("10.96.0.6")))).as("clusterIP follows clusterIPs").isEmpty();
  }
}
