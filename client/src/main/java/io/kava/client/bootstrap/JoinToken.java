package io.kava.client.bootstrap;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The token an agent joins with, in k3s's secure form {@code K10<CA hash>::<id>.<secret>}: the SHA-256 of
 * the cluster CA certificate's DER (hex, as kubeadm's --discovery-token-ca-cert-hash without its
 * "sha256:") pins the server before the bootstrap token {@code <id>.<secret>} is sent to it.
 */
public record JoinToken(String caHash, BootstrapTokens.Token token) {
  public static final String PREFIX = "K10";
  public static final String SHAPE = "K10<64 hex digits: sha256 of the cluster CA>::<6 characters [a-z0-9]>.<16 characters [a-z0-9]>";
  private static final Pattern FORM = Pattern.compile("\\AK10([0-9a-fA-F]{64})::(.*)\\z");

  /** Parses a join token; a bad one is an {@link IllegalArgumentException} naming the expected shape. */
  public static JoinToken parse(String text) {
    var m = FORM.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("the token is not a join token: expected " + SHAPE);
    }
    BootstrapTokens.Token token = BootstrapTokens.parse(m.group(2)).orElseThrow(() -> new IllegalArgumentException(
        "the token's bootstrap part \"" + redact(m.group(2)) + "\" is not <id>.<secret>: expected " + SHAPE));
    return new JoinToken(m.group(1).toLowerCase(java.util.Locale.ROOT), token);
  }

  /** The id of a bootstrap part, the secret hidden, for messages. */
  private static String redact(String part) {
    int dot = part.indexOf('.');
    return dot < 0 ? "..." : part.substring(0, dot) + ".<hidden>";
  }

  public static JoinToken of(X509Certificate ca, BootstrapTokens.Token token) {
    return new JoinToken(caHash(ca), token);
  }

  /** The hex SHA-256 of the certificate's DER encoding. */
  public static String caHash(X509Certificate certificate) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException("Could not hash the certificate", e);
    }
  }

  @Override
  public String toString() {
    return PREFIX + caHash + "::" + token;
  }
}
