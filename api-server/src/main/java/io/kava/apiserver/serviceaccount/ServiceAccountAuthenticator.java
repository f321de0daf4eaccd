package io.kava.apiserver.serviceaccount;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.ServiceAccount;
import io.kava.apiserver.auth.AuthenticationException;
import io.kava.apiserver.auth.Authenticator;
import io.kava.apiserver.auth.Credentials;
import io.kava.apiserver.auth.UserInfo;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Upstream's ServiceAccount token authenticator for bound tokens: a JWT whose issuer is this cluster's is
 * checked for signature, audience, expiry, and that its ServiceAccount and bound pod still exist with
 * the uids it names. Any other bearer token is not its kind.
 */
public final class ServiceAccountAuthenticator implements Authenticator {
  public static final String SERVICE_ACCOUNTS_GROUP = "system:serviceaccounts";
  public static final String POD_NAME_EXTRA = "authentication.kubernetes.io/pod-name";
  public static final String POD_UID_EXTRA = "authentication.kubernetes.io/pod-uid";
  public static final String CREDENTIAL_ID_EXTRA = "authentication.kubernetes.io/credential-id";

  private final List<RSASSAVerifier> verifiers;
  private final String issuer;
  private final List<String> audiences;
  private final BoundObjects objects;
  private final Clock clock;

  public ServiceAccountAuthenticator(List<RSAPublicKey> keys, String issuer, List<String> audiences,
      BoundObjects objects, Clock clock) {
    this.verifiers = keys.stream().map(RSASSAVerifier::new).toList();
    this.issuer = issuer;
    this.audiences = List.copyOf(audiences);
    this.objects = objects;
    this.clock = clock;
  }

  @Override
  public Optional<UserInfo> authenticate(Credentials credentials) {
    if (credentials.bearerToken().isEmpty()) {
      return Optional.empty();
    }
    SignedJWT jwt;
    JWTClaimsSet claims;
    try {
      jwt = SignedJWT.parse(credentials.bearerToken().get());
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      return Optional.empty();
    }
    if (!issuer.equals(claims.getIssuer())) {
      return Optional.empty();
    }
    verifySignature(jwt);
    checkTimes(claims);
    checkAudience(claims.getAudience());
    ServiceAccountClaims sa = ServiceAccountClaims.from(claims.getClaim(ServiceAccountClaims.CLAIM))
        .orElseThrow(() -> new AuthenticationException("service account token claims are malformed"));
    if (!sa.subject().equals(claims.getSubject())) {
      throw new AuthenticationException("service account token subject does not match its claims");
    }
    checkStillBound(sa);
    return Optional.of(user(sa, claims.getJWTID()));
  }

  private void verifySignature(SignedJWT jwt) {
    if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
      throw new AuthenticationException("service account token is not signed with RS256");
    }
    for (RSASSAVerifier verifier : verifiers) {
      try {
        if (jwt.verify(verifier)) {
          return;
        }
      } catch (JOSEException e) {
        // Try the next key.
      }
    }
    throw new AuthenticationException("service account token signature is invalid");
  }

  private void checkTimes(JWTClaimsSet claims) {
    Instant now = clock.instant();
    Date exp = claims.getExpirationTime();
    if (exp == null || !now.isBefore(exp.toInstant())) {
      throw new AuthenticationException("service account token has expired");
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && now.isBefore(nbf.toInstant())) {
      throw new AuthenticationException("service account token is not valid yet");
    }
  }

  private void checkAudience(List<String> tokenAudiences) {
    if (Collections.disjoint(tokenAudiences, audiences)) {
      throw new AuthenticationException("token audiences " + tokenAudiences
          + " is invalid for the target audiences " + audiences);
    }
  }

  /** Upstream's validator: a token dies with its ServiceAccount or pod, and with a recreated one. */
  private void checkStillBound(ServiceAccountClaims sa) {
    ServiceAccount account = objects.serviceAccount(sa.namespace(), sa.serviceAccountName())
        .orElseThrow(() -> new AuthenticationException("serviceaccounts \"" + sa.serviceAccountName() + "\" not found"));
    if (!account.getMetadata().getUid().equals(sa.serviceAccountUid())) {
      throw new AuthenticationException("service account UID (" + account.getMetadata().getUid()
          + ") does not match claim (" + sa.serviceAccountUid() + ")");
    }
    if (sa.pod().isPresent()) {
      ServiceAccountClaims.Ref ref = sa.pod().get();
      Pod pod = objects.pod(sa.namespace(), ref.name())
          .orElseThrow(() -> new AuthenticationException("pods \"" + ref.name() + "\" not found"));
      if (!pod.getMetadata().getUid().equals(ref.uid())) {
        throw new AuthenticationException("pod UID (" + pod.getMetadata().getUid() + ") does not match claim (" + ref.uid() + ")");
      }
    }
  }

  private static UserInfo user(ServiceAccountClaims sa, String jti) {
    Map<String, List<String>> extra = new LinkedHashMap<>();
    sa.pod().ifPresent(pod -> {
      extra.put(POD_NAME_EXTRA, List.of(pod.name()));
      extra.put(POD_UID_EXTRA, List.of(pod.uid()));
    });
    if (jti != null) {
      extra.put(CREDENTIAL_ID_EXTRA, List.of("JTI=" + jti));
    }
    List<String> groups = new ArrayList<>(List.of(SERVICE_ACCOUNTS_GROUP, SERVICE_ACCOUNTS_GROUP + ":" + sa.namespace()));
    return new UserInfo(sa.subject(), sa.serviceAccountUid(), groups, extra);
  }
}
