package io.kava.kubelet.auth;

import io.kava.client.AccessReviewClient;
import io.kava.client.flags.DurationConverter;
import io.kava.client.flags.TlsPolicyOptions;
import io.kava.client.pki.TlsPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The kubelet's flags for serving its API securely (issue 12), upstream's names, kept together as a mixin. */
public final class ServingOptions {
  @Option(names = "--tls-cert-file", description = "Serving certificate (PEM) of the kubelet's API; with --tls-private-key-file it is TLS only")
  Path tlsCertFile;

  @Option(names = "--tls-private-key-file", description = "Private key of --tls-cert-file")
  Path tlsPrivateKeyFile;

  @Option(names = "--client-ca-file", description = "CA bundle a caller's client certificate must be signed by; CN user, O groups")
  Path clientCaFile;

  @Option(names = "--anonymous-auth", defaultValue = "true", arity = "1",
      description = "Let callers without a client certificate in as system:anonymous (then the authorizer decides); false: refuse them (with --client-ca-file at the handshake, else Unauthorized)")
  boolean anonymousAuth;

  // CIS 4.2.11 (issue 12), upstream's flag: the serving certificate through a kubelet-serving CSR.
  @Option(names = "--rotate-server-certificates", defaultValue = "false", arity = "0..1",
      description = "Request the serving certificate through a CertificateSigningRequest (signer"
          + " kubernetes.io/kubelet-serving, names: --node-name and --node-ip), keep it in --cert-dir, serve it and"
          + " renew it before it expires; until the first is issued the --tls-cert-file pair is served, if any")
  boolean rotateServerCertificates;

  @Option(names = "--authorization-mode", defaultValue = "AlwaysAllow",
      description = "AlwaysAllow, or Webhook: each caller is authorized by a SubjectAccessReview on nodes/proxy (logs, exec, attach, port-forward) or nodes/stats")
  String authorizationMode;

  @Option(names = "--authorization-webhook-cache-authorized-ttl", defaultValue = "5m", converter = DurationConverter.class,
      description = "How long an allowed answer of the webhook is kept")
  Duration authorizedTtl;

  @Option(names = "--authorization-webhook-cache-unauthorized-ttl", defaultValue = "30s", converter = DurationConverter.class,
      description = "How long a denied answer of the webhook is kept")
  Duration unauthorizedTtl;

  /** --tls-cipher-suites and --tls-min-version of the kubelet's API, as upstream's (CIS 4.2.12). */
  @CommandLine.Mixin
  TlsPolicyOptions tlsPolicy = new TlsPolicyOptions();

  /** The checked --tls-cipher-suites and --tls-min-version; a bad value is a usage error naming the flag. */
  public TlsPolicy tlsPolicy(CommandLine.Model.CommandSpec spec) {
    return tlsPolicy.policy(spec.commandLine());
  }

  public boolean rotateServerCertificates() {
    return rotateServerCertificates;
  }

  /** The --tls-cert-file pair, or null when not given. */
  public io.kava.client.pki.IssuedCertificate certificateFiles(CommandLine.Model.CommandSpec spec) {
    if ((tlsCertFile == null) != (tlsPrivateKeyFile == null)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--tls-cert-file and --tls-private-key-file go together");
    }
    return tlsCertFile == null ? null : io.kava.client.pki.IssuedCertificate.read(tlsCertFile, tlsPrivateKeyFile);
  }

  public KubeletServing serving(CommandLine.Model.CommandSpec spec, String nodeName, AccessReviewClient reviews) {
    return serving(spec, nodeName, reviews, null);
  }

  /** {@code rotating}: the serving certificate of --rotate-server-certificates, or null to serve the files' pair. */
  public KubeletServing serving(CommandLine.Model.CommandSpec spec, String nodeName, AccessReviewClient reviews,
      java.util.function.Supplier<io.kava.client.pki.IssuedCertificate> rotating) {
    if ((tlsCertFile == null) != (tlsPrivateKeyFile == null)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--tls-cert-file and --tls-private-key-file go together");
    }
    if (clientCaFile != null && tlsCertFile == null && rotating == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--client-ca-file needs --tls-cert-file and"
          + " --tls-private-key-file, or --rotate-server-certificates");
    }
    KubeletAuthorizer authorizer = switch (authorizationMode) {
      case "AlwaysAllow" -> KubeletAuthorizer.ALWAYS_ALLOW;
      case "Webhook" -> WebhookAuthorizer.of(nodeName, reviews, authorizedTtl, unauthorizedTtl);
      default -> throw new CommandLine.ParameterException(spec.commandLine(),
          "--authorization-mode: unknown authorization mode \"" + authorizationMode + "\" (AlwaysAllow or Webhook)");
    };
    if (rotating != null) {
      return new KubeletServing(Optional.of(KubeletServing.rotatingTls(rotating, clientCaFile, anonymousAuth,
          tlsPolicy(spec))), authorizer,
          anonymousAuth);
    }
    return new KubeletServing(tlsCertFile == null ? Optional.empty()
        : Optional.of(KubeletServing.tls(tlsCertFile, tlsPrivateKeyFile, clientCaFile, anonymousAuth, tlsPolicy(spec))), authorizer, anonymousAuth);
  }
}
