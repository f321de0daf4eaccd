package io.kava.apiserver.serviceaccount;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateCrtKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Signs bound ServiceAccount tokens as upstream's JWT token generator: RS256 with the cluster's key, a kid
 * derived from the public key, claims iss, sub, aud, exp, iat, nbf, jti and "kubernetes.io".
 */
public final class TokenIssuer {
  private final RSASSASigner signer;
  private final String keyId;
  private final String issuer;
  private final Clock clock;

  public TokenIssuer(RSAPrivateCrtKey key, String issuer, Clock clock) {
    this.signer = new RSASSASigner(key);
    this.keyId = keyId(KeyFiles.publicHalf(key).getEncoded());
    this.issuer = issuer;
    this.clock = clock;
  }

  /**
   * A token valid for the lifetime; with {@code extendedTo} its exp is that far instead, and
   * "kubernetes.io".warnafter says when the lifetime ended (upstream's extended projected tokens).
   */
  public IssuedToken issue(ServiceAccountClaims claims, List<String> audiences, Duration lifetime,
      Optional<Duration> extendedTo) {
    Instant now = Instant.ofEpochSecond(clock.instant().getEpochSecond());
    Instant expiration = now.plus(lifetime);
    Instant exp = extendedTo.map(now::plus).orElse(expiration);
    Optional<Long> warnAfter = extendedTo.map(e -> expiration.getEpochSecond());
    JWTClaimsSet set = new JWTClaimsSet.Builder()
        .issuer(issuer)
        .subject(claims.subject())
        .audience(audiences)
        .expirationTime(Date.from(exp))
        .issueTime(Date.from(now))
        .notBeforeTime(Date.from(now))
        .jwtID(UUID.randomUUID().toString())
        .claim(ServiceAccountClaims.CLAIM, claims.json(warnAfter))
        .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId).build(), set);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("Failed to sign a ServiceAccount token", e);
    }
    return new IssuedToken(jwt.serialize(), expiration);
  }

  /** Upstream's keyIDFromPublicKey: base64url of the SHA-256 of the DER public key. */
  static String keyId(byte[] publicKeyDer) {
    try {
      return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(publicKeyDer));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
