package io.kava.apiserver.validation;

import static io.kava.apiserver.validation.ValidationTest.errors;
import static io.kava.apiserver.validation.ValidationTest.updateErrors;
import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.discovery.v1.Endpoint;
import io.kava.api.discovery.v1.EndpointConditions;
import io.kava.api.discovery.v1.EndpointPort;
import io.kava.api.discovery.v1.EndpointSlice;
import io.kava.apiserver.testing.Fixtures;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Upstream's ValidateEndpointSlice: each error names its field path and reason. */
class DiscoveryValidationTest {

  static EndpointSlice slice() {
    return EndpointSlice.newBuilder()
        .setMetadata(Fixtures.meta("default", "web-abcde").toBuilder().putLabels("kubernetes.io/service-name", "web"))
        .setAddressType("IPv4")
        .addEndpoints(Endpoint.newBuilder().addAddresses("10.244.0.5").setNodeName("node-1")
            .setConditions(EndpointConditions.newBuilder().setReady(true)))
        .addPorts(EndpointPort.newBuilder().setName("http").setPort(80).setProtocol("TCP"))
        .build();
  }

  private static EndpointSlice slice(UnaryOperator<EndpointSlice.Builder> change) {
    return change.apply(slice().toBuilder()).build();
  }

  @Test
  void aWellFormedSliceIsValid() {
    assertThat(errors(slice())).isEmpty();
    assertThat(errors(slice(s -> s.setAddressType("FQDN").setEndpoints(0, Endpoint.newBuilder().addAddresses("db.example.com")))))
        .isEmpty();
    assertThat(errors(slice(s -> s.setAddressType("IPv6").setEndpoints(0, Endpoint.newBuilder().addAddresses("fd00::5")))))
        .isEmpty();
  }

  @Test
  void addressTypeIsRequiredKnownAndImmutable() {
    assertThat(errors(slice(s -> s.clearAddressType()))).containsExactly("addressType FieldValueRequired");
    assertThat(errors(slice(s -> s.setAddressType("IPv5")))).containsExactly("addressType FieldValueNotSupported");
    assertThat(updateErrors(slice(s -> s.setAddressType("IPv6").clearEndpoints()), slice()))
        .containsExactly("addressType FieldValueInvalid");
  }

  @Test
  void addressesMatchTheAddressType() {
    assertThat(errors(slice(s -> s.setEndpoints(0, Endpoint.newBuilder()))))
        .containsExactly("endpoints[0].addresses FieldValueRequired");
    assertThat(errors(slice(s -> s.setEndpoints(0, Endpoint.newBuilder().addAddresses("fd00::5")))))
        .containsExactly("endpoints[0].addresses[0] FieldValueInvalid");
    assertThat(errors(slice(s -> s.setEndpoints(0, Endpoint.newBuilder().addAddresses("10.0.0.300")))))
        .containsExactly("endpoints[0].addresses[0] FieldValueInvalid");
    assertThat(errors(slice(s -> s.setAddressType("FQDN").setEndpoints(0, Endpoint.newBuilder().addAddresses("Not_A_Name")))))
        .containsExactly("endpoints[0].addresses[0] FieldValueInvalid");
  }

  @Test
  void endpointHostnameAndNodeNameAreNames() {
    assertThat(errors(slice(s -> s.setEndpoints(0, s.getEndpoints(0).toBuilder().setHostname("Bad.Host")))))
        .containsExactly("endpoints[0].hostname FieldValueInvalid");
    assertThat(errors(slice(s -> s.setEndpoints(0, s.getEndpoints(0).toBuilder().setNodeName("Node_1")))))
        .containsExactly("endpoints[0].nodeName FieldValueInvalid");
  }

  @Test
  void tooManyEndpoints() {
    EndpointSlice.Builder big = slice().toBuilder().clearEndpoints();
    for (int i = 0; i < 1001; i++) {
      big.addEndpoints(Endpoint.newBuilder().addAddresses("10.1." + (i / 250) + "." + (i % 250 + 1)));
    }
    assertThat(errors(big.build())).containsExactly("endpoints FieldValueTooMany");
  }

  @Test
  void portsHaveUniqueValidNamesNumbersAndKnownProtocols() {
    assertThat(errors(slice(s -> s.addPorts(EndpointPort.newBuilder().setName("http").setPort(81)))))
        .containsExactly("ports[1].name FieldValueDuplicate");
    assertThat(errors(slice(s -> s.addPorts(EndpointPort.newBuilder().setName("Bad_Name").setPort(81)))))
        .containsExactly("ports[1].name FieldValueInvalid");
    assertThat(errors(slice(s -> s.setPorts(0, EndpointPort.newBuilder().setName("http").setPort(0)))))
        .containsExactly("ports[0].port FieldValueInvalid");
    assertThat(errors(slice(s -> s.setPorts(0, EndpointPort.newBuilder().setName("http").setPort(80).setProtocol("HTTP")))))
        .containsExactly("ports[0].protocol FieldValueNotSupported");
    assertThat(errors(slice(s -> s.addPorts(EndpointPort.newBuilder().setName("dns").setPort(53).setProtocol("UDP")))))
        .isEmpty();
  }
}
