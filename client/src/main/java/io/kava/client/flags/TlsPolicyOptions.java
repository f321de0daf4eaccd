package io.kava.client.flags;

import io.kava.client.pki.TlsPolicy;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Upstream's {@code --tls-cipher-suites} and {@code --tls-min-version} of kube-apiserver and the kubelet
 * ({@code @Mixin TlsPolicyOptions tlsPolicy}); {@link TlsPolicy} checks the values (CIS 1.2.29, 4.2.12).
 */
public final class TlsPolicyOptions {
  @Option(names = TlsPolicy.CIPHER_SUITES_FLAG, split = ",", paramLabel = "SUITE",
      description = "Comma-separated IANA cipher suite names the server accepts (TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,"
          + " TLS_AES_128_GCM_SHA256, ...); none: every AEAD suite gRPC allows; a list without TLS 1.3 suites keeps all of TLS 1.3's, as upstream")
  List<String> cipherSuites = new ArrayList<>();

  @Option(names = TlsPolicy.MIN_VERSION_FLAG, defaultValue = TlsPolicy.DEFAULT_MIN_VERSION,
      description = "Minimum TLS version the server accepts: VersionTLS12 or VersionTLS13")
  String minVersion;

  /** The checked policy; a bad value is a usage error naming the flag and the value. */
  public TlsPolicy policy(CommandLine commandLine) {
    try {
      return TlsPolicy.parse(cipherSuites, minVersion);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(commandLine, e.getMessage());
    }
  }
}
