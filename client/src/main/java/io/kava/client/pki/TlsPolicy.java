package io.kava.client.pki;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLException;

/**
 * Which TLS versions and cipher suites a server accepts: upstream's {@code --tls-min-version} and
 * {@code --tls-cipher-suites} (k8s.io/component-base/cli/flag), shared by the API server and the kubelet.
 *
 * <p>Suites are IANA names, the ones Go's crypto/tls knows (what upstream accepts; anything else is
 * upstream's "not supported or doesn't exist"), and each must also be one the JVM's TLS (gRPC's Netty
 * provider) can negotiate, else it could never be chosen and the flag would lie. The list governs TLS 1.2;
 * TLS 1.3 always offers its three AEAD suites, as Go's crypto/tls (which does not let them be chosen) and
 * BoringSSL (gRPC's provider here, the same) do: TLS 1.3 names are accepted and change nothing. An empty
 * list keeps gRPC's HTTP/2 default (AEAD suites only).
 */
public record TlsPolicy(List<String> cipherSuites, String minVersion) {
  public static final String CIPHER_SUITES_FLAG = "--tls-cipher-suites";
  public static final String MIN_VERSION_FLAG = "--tls-min-version";
  public static final String DEFAULT_MIN_VERSION = "VersionTLS12";

  /** TLS 1.3's suites, always on in Go and BoringSSL (neither lets a server choose among them). */
  static final List<String> TLS13_SUITES = List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");

  /** Go's tls.CipherSuites() and tls.InsecureCipherSuites(): the names upstream's flag accepts. */
  private static final Set<String> GO_SUITES = Set.of(
      "TLS_RSA_WITH_AES_128_CBC_SHA", "TLS_RSA_WITH_AES_256_CBC_SHA", "TLS_RSA_WITH_AES_128_GCM_SHA256",
      "TLS_RSA_WITH_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
      "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
      // insecure, still accepted upstream (the JVM has disabled most of them)
      "TLS_RSA_WITH_RC4_128_SHA", "TLS_RSA_WITH_3DES_EDE_CBC_SHA", "TLS_RSA_WITH_AES_128_CBC_SHA256",
      "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA", "TLS_ECDHE_RSA_WITH_RC4_128_SHA", "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA",
      "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256");

  /** Go's pre-1.14 names of the ChaCha20 suites, which upstream still takes. */
  private static final Map<String, String> GO_ALIASES = Map.of(
      "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");

  public TlsPolicy {
    cipherSuites = List.copyOf(cipherSuites);
  }

  /** Upstream's defaults: every suite gRPC allows, TLS 1.2 and 1.3. */
  public static TlsPolicy defaults() {
    return new TlsPolicy(List.of(), DEFAULT_MIN_VERSION);
  }

  /**
   * The flags' values, checked: each suite must be one upstream knows and the JVM has, the version
   * VersionTLS12 or VersionTLS13; otherwise an IllegalArgumentException whose message names the flag and value.
   */
  public static TlsPolicy parse(List<String> suites, String minVersion) {
    String version = minVersion == null || minVersion.isBlank() ? DEFAULT_MIN_VERSION : minVersion.trim();
    protocolsOf(version);
    Set<String> names = new LinkedHashSet<>();
    for (String given : suites) {
      String name = given.trim();
      String iana = GO_ALIASES.getOrDefault(name, name);
      if (!GO_SUITES.contains(iana)) {
        throw new IllegalArgumentException(CIPHER_SUITES_FLAG + ": cipher suite \"" + name + "\" not supported or doesn't exist");
      }
      if (!JvmSuites.AVAILABLE.contains(iana)) {
        throw new IllegalArgumentException(CIPHER_SUITES_FLAG + ": cipher suite \"" + name
            + "\" is not available in this JVM's TLS (" + JvmSuites.PROVIDER + "); it could never be negotiated");
      }
      names.add(iana);
    }
    return new TlsPolicy(List.copyOf(names), version);
  }

  /** A comma-separated --tls-cipher-suites value (empty: none given). */
  public static TlsPolicy parse(String suitesCsv, String minVersion) {
    List<String> suites = suitesCsv == null || suitesCsv.isBlank() ? List.of() : List.of(suitesCsv.split(",", -1));
    return parse(suites, minVersion);
  }

  /**
   * The JSSE protocol names a server with this policy enables. A list of TLS 1.3 suites only leaves TLS 1.2
   * no suite, as in Go; BoringSSL would fall back to its own TLS 1.2 defaults instead, so TLS 1.2 is off.
   */
  public List<String> protocols() {
    if (!cipherSuites.isEmpty() && TLS13_SUITES.containsAll(cipherSuites)) {
      return List.of("TLSv1.3");
    }
    return protocolsOf(minVersion);
  }

  /** The suites the server enables, in the JVM's names: the given TLS 1.2 ones and every TLS 1.3 one the JVM has. */
  public List<String> enabledSuites() {
    List<String> enabled = new ArrayList<>(cipherSuites.stream().filter(s -> !TLS13_SUITES.contains(s)).toList());
    TLS13_SUITES.stream().filter(JvmSuites.AVAILABLE::contains).forEach(enabled::add);
    return enabled;
  }

  /** Restricts a builder gRPC has configured ({@link GrpcSslContexts#configure}) to this policy. */
  SslContextBuilder applyTo(SslContextBuilder builder) {
    if (!cipherSuites.isEmpty()) {
      builder.ciphers(enabledSuites(), SupportedCipherSuiteFilter.INSTANCE);
    }
    return builder.protocols(protocols());
  }

  private static List<String> protocolsOf(String version) {
    return switch (version) {
      case "VersionTLS12" -> List.of("TLSv1.3", "TLSv1.2");
      case "VersionTLS13" -> List.of("TLSv1.3");
      case "VersionTLS10", "VersionTLS11" -> throw new IllegalArgumentException(MIN_VERSION_FLAG + ": \"" + version
          + "\" is not supported: the JVM disables TLS 1.0 and 1.1 (VersionTLS12 or VersionTLS13)");
      default -> throw new IllegalArgumentException(MIN_VERSION_FLAG + ": unknown tls version \"" + version
          + "\" (VersionTLS12 or VersionTLS13)");
    };
  }

  /** The suites the TLS provider gRPC's servers use can negotiate, asked once (a client context needs no key). */
  private static final class JvmSuites {
    static final String PROVIDER;
    static final Set<String> AVAILABLE;

    static {
      try {
        SslContext probe = GrpcSslContexts.configure(SslContextBuilder.forClient())
            .ciphers(List.copyOf(GO_SUITES), SupportedCipherSuiteFilter.INSTANCE)
            .protocols("TLSv1.3", "TLSv1.2").build();
        AVAILABLE = Set.copyOf(probe.cipherSuites());
        PROVIDER = probe.getClass().getSimpleName().contains("OpenSsl") ? "OpenSSL (netty-tcnative)" : "JDK";
      } catch (SSLException e) {
        throw new PkiException("Could not set up TLS", e);
      }
    }
  }
}
