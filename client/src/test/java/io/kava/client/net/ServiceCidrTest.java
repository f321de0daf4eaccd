package io.kava.client.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ServiceCidrTest {

  @Test
  void namesWellKnownAddressesOfTheDefaultRange() {
    ServiceCidr cidr = ServiceCidr.parse("10.96.0.0/16");
    assertThat(cidr.address(1)).as("the kubernetes Service").isEqualTo("10.96.0.1");
    assertThat(cidr.address(10)).as("kube-dns").isEqualTo("10.96.0.10");
    assertThat(cidr.address(65535)).isEqualTo("10.96.255.255");
    assertThat(cidr.size()).isEqualTo(65536);
    assertThat(cidr.offsetOf("10.96.1.0")).isEqualTo(256);
  }

  @Test
  void containsOnlyAddressesOfTheRange() {
    ServiceCidr cidr = ServiceCidr.parse("10.200.7.0/24");
    assertThat(cidr.contains("10.200.7.0")).isTrue();
    assertThat(cidr.contains("10.200.7.255")).isTrue();
    assertThat(cidr.contains("10.200.8.0")).isFalse();
    assertThat(cidr.contains("10.200.6.255")).isFalse();
    assertThat(cidr.contains("not-an-ip")).isFalse();
    assertThat(cidr.contains("10.200.7.256")).isFalse();
  }

  @Test
  void dropsHostBitsAndRefusesBadText() {
    assertThat(ServiceCidr.parse("10.96.3.4/16")).hasToString("10.96.0.0/16").isEqualTo(ServiceCidr.parse("10.96.0.0/16"));
    assertThatThrownBy(() -> ServiceCidr.parse("10.96.0.0")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ServiceCidr.parse("10.96.0.0/33")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ServiceCidr.parse("10.96.0/16")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ServiceCidr.parse("10.96.0.0/24").address(256)).isInstanceOf(IllegalArgumentException.class);
  }
}
