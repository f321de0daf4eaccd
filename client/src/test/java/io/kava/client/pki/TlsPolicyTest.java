package io.kava.client.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TlsPolicyTest {
  @Test
  void defaultsAreUpstreamsTls12AndGrpcsSuites() {
    TlsPolicy policy = TlsPolicy.parse(List.of(), null);
    assertThat(policy).isEqualTo(TlsPolicy.defaults());
    assertThat(policy.minVersion()).isEqualTo("VersionTLS12");
    assertThat(policy.protocols()).containsExactly("TLSv1.3", "TLSv1.2");
    assertThat(policy.cipherSuites()).isEmpty();
  }

  @Test
  void takesACommaSeparatedListOfIanaNamesAndTls13() {
    TlsPolicy policy = TlsPolicy.parse("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_AES_128_GCM_SHA256", "VersionTLS13");
    assertThat(policy.cipherSuites()).containsExactly("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_AES_128_GCM_SHA256");
    assertThat(policy.protocols()).containsExactly("TLSv1.3");
  }

  @Test
  void goesByGosOldChachaNamesAsUpstreamDoes() {
    assertThat(TlsPolicy.parse("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305", "").cipherSuites())
        .containsExactly("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");
  }

  @Test
  void tls13KeepsAllItsSuitesWhateverTheListSaysAsGoDoes() {
    assertThat(TlsPolicy.parse("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "").enabledSuites())
        .startsWith("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256").contains("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384");
    assertThat(TlsPolicy.parse("TLS_AES_256_GCM_SHA384", "").enabledSuites())
        .containsExactlyInAnyOrder("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");
    // Only TLS 1.3 suites named: TLS 1.2 has none left, so it is off (Go refuses such a handshake too).
    assertThat(TlsPolicy.parse("TLS_AES_256_GCM_SHA384", "VersionTLS12").protocols()).containsExactly("TLSv1.3");
  }

  @Test
  void anUnknownSuiteIsUpstreamsErrorNamingTheFlag() {
    assertThatThrownBy(() -> TlsPolicy.parse("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_BOGUS", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--tls-cipher-suites: cipher suite \"TLS_BOGUS\" not supported or doesn't exist");
    // Suites Go never had (export, NULL, DHE) are unknown to upstream too.
    assertThatThrownBy(() -> TlsPolicy.parse("TLS_RSA_WITH_NULL_SHA", "")).hasMessageContaining("\"TLS_RSA_WITH_NULL_SHA\" not supported");
    assertThatThrownBy(() -> TlsPolicy.parse("TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "")).hasMessageContaining("not supported");
    assertThatThrownBy(() -> TlsPolicy.parse("TLS_AES_128_GCM_SHA256,", "")).hasMessage("--tls-cipher-suites: cipher suite \"\" not supported or doesn't exist");
  }

  @Test
  void anInsecureSuiteTheJvmHasDisabledIsRefused() {
    assertThatThrownBy(() -> TlsPolicy.parse("TLS_RSA_WITH_RC4_128_SHA", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--tls-cipher-suites: cipher suite \"TLS_RSA_WITH_RC4_128_SHA\" is not available in this JVM's TLS");
    assertThatThrownBy(() -> TlsPolicy.parse("TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA", ""))
        .hasMessageContaining("is not available in this JVM's TLS");
  }

  @Test
  void everyStrongSuiteOfTheCisListThatDeployUsesIsAvailable() {
    String deployList = "TLS_AES_128_GCM_SHA256,TLS_AES_256_GCM_SHA384,TLS_CHACHA20_POLY1305_SHA256,"
        + "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,"
        + "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,"
        + "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256";
    assertThat(TlsPolicy.parse(deployList, "VersionTLS12").cipherSuites()).hasSize(9);
    // deploy/cluster.sh's kubelet list: kube-bench 4.2.12's, with Go's old ChaCha20 names.
    String kubeletList = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,"
        + "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305,"
        + "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384";
    assertThat(TlsPolicy.parse(kubeletList, "VersionTLS12").cipherSuites()).hasSize(6);
  }

  @Test
  void versionsBelowTls12AndUnknownOnesAreRefusedNamingTheFlag() {
    assertThatThrownBy(() -> TlsPolicy.parse("", "VersionTLS11"))
        .hasMessage("--tls-min-version: \"VersionTLS11\" is not supported: the JVM disables TLS 1.0 and 1.1 (VersionTLS12 or VersionTLS13)");
    assertThatThrownBy(() -> TlsPolicy.parse("", "TLS1.2"))
        .hasMessage("--tls-min-version: unknown tls version \"TLS1.2\" (VersionTLS12 or VersionTLS13)");
  }
}
