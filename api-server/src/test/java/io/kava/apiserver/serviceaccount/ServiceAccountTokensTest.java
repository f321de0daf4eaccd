package io.kava.apiserver.serviceaccount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.SignedJWT;
import io.kava.api.authentication.v1.BoundObjectReference;
import io.kava.api.authentication.v1.TokenRequest;
import io.kava.api.authentication.v1.TokenRequestSpec;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodSpec;
import io.kava.api.core.v1.ServiceAccount;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.apiserver.auth.AuthenticationException;
import io.kava.apiserver.auth.Credentials;
import io.kava.apiserver.auth.UserInfo;
import io.kava.apiserver.errors.ApiError;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServiceAccountTokensTest {
  private static final KeyPair KEYS = KeyFiles.generate();
  private static final String ISSUER = "https://kubernetes.default.svc.cluster.local";
  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

  private final Map<String, ServiceAccount> accounts = new HashMap<>();
  private final Map<String, Pod> pods = new HashMap<>();
  private final BoundObjects objects = new BoundObjects() {
    @Override
    public Optional<ServiceAccount> serviceAccount(String namespace, String name) {
      return Optional.ofNullable(accounts.get(namespace + "/" + name));
    }

    @Override
    public Optional<Pod> pod(String namespace, String name) {
      return Optional.ofNullable(pods.get(namespace + "/" + name));
    }
  };

  ServiceAccountTokensTest() {
    accounts.put("ns/default", ServiceAccount.newBuilder().setMetadata(meta("default", "sa-uid")).build());
    pods.put("ns/web", Pod.newBuilder().setMetadata(meta("web", "pod-uid"))
        .setSpec(PodSpec.newBuilder().setServiceAccountName("default")).build());
  }

  private static ObjectMeta meta(String name, String uid) {
    return ObjectMeta.newBuilder().setNamespace("ns").setName(name).setUid(uid).build();
  }

  private TokenRequests requests(Clock clock) {
    return new TokenRequests(new TokenIssuer((RSAPrivateCrtKey) KEYS.getPrivate(), ISSUER, clock), objects,
        List.of(ISSUER), Optional.of(Duration.ofDays(365)), clock);
  }

  private ServiceAccountAuthenticator authenticator(Clock clock) {
    return new ServiceAccountAuthenticator(List.of((RSAPublicKey) KEYS.getPublic()), ISSUER, List.of(ISSUER), objects, clock);
  }

  private static Clock at(Instant instant) {
    return Clock.fixed(instant, ZoneOffset.UTC);
  }

  private static TokenRequest boundToWeb() {
    return TokenRequest.newBuilder().setSpec(TokenRequestSpec.newBuilder()
        .setBoundObjectRef(BoundObjectReference.newBuilder().setKind("Pod").setName("web"))).build();
  }

  private String token(TokenRequest request) {
    return requests(at(NOW)).create("ns", "default", request, false).getStatus().getToken();
  }

  private static Credentials bearer(String token) {
    return new Credentials(Optional.of(token), List.of());
  }

  @Test
  void aBoundTokenCarriesUpstreamsClaims() throws Exception {
    TokenRequest out = requests(at(NOW)).create("ns", "default", boundToWeb(), false);
    var claims = SignedJWT.parse(out.getStatus().getToken()).getJWTClaimsSet();
    assertThat(claims.getIssuer()).isEqualTo(ISSUER);
    assertThat(claims.getSubject()).isEqualTo("system:serviceaccount:ns:default");
    assertThat(claims.getAudience()).containsExactly(ISSUER);
    assertThat(claims.getIssueTime().toInstant()).isEqualTo(NOW);
    assertThat(claims.getNotBeforeTime().toInstant()).isEqualTo(NOW);
    assertThat(claims.getExpirationTime().toInstant()).isEqualTo(NOW.plusSeconds(3600));
    assertThat(claims.getJSONObjectClaim("kubernetes.io")).isEqualTo(Map.of("namespace", "ns",
        "serviceaccount", Map.of("name", "default", "uid", "sa-uid"), "pod", Map.of("name", "web", "uid", "pod-uid")));
    assertThat(out.getSpec().getExpirationSeconds()).isEqualTo(3600);
    assertThat(out.getSpec().getBoundObjectRef().getUid()).isEqualTo("pod-uid");
    assertThat(out.getStatus().getExpirationTimestamp()).isEqualTo("2026-12-01T13:00:00Z");
  }

  @Test
  void theProjectedTokensLifetimeIsExtendedWithWarnAfter() throws Exception {
    TokenRequest request = boundToWeb().toBuilder().setSpec(boundToWeb().getSpec().toBuilder().setExpirationSeconds(3607)).build();
    TokenRequest out = requests(at(NOW)).create("ns", "default", request, false);
    var claims = SignedJWT.parse(out.getStatus().getToken()).getJWTClaimsSet();
    assertThat(claims.getExpirationTime().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(365)));
    assertThat(claims.getJSONObjectClaim("kubernetes.io")).containsEntry("warnafter", NOW.plusSeconds(3607).getEpochSecond());
    assertThat(out.getStatus().getExpirationTimestamp()).isEqualTo("2026-12-01T13:00:07Z");
  }

  @Test
  void aShortExpirationIsAFieldError() {
    TokenRequest request = TokenRequest.newBuilder().setSpec(TokenRequestSpec.newBuilder().setExpirationSeconds(599)).build();
    assertThatThrownBy(() -> requests(at(NOW)).create("ns", "default", request, false))
        .isInstanceOf(ApiError.class).hasMessageContaining("spec.expirationSeconds")
        .hasMessageContaining("may not specify a duration less than 10 minutes");
  }

  @Test
  void aTokenForAMissingServiceAccountOrPodIsNotFound() {
    assertThatThrownBy(() -> requests(at(NOW)).create("ns", "builder", TokenRequest.getDefaultInstance(), false))
        .isInstanceOf(ApiError.class).hasMessageContaining("serviceaccounts \"builder\" not found");
    pods.clear();
    assertThatThrownBy(() -> requests(at(NOW)).create("ns", "default", boundToWeb(), false))
        .isInstanceOf(ApiError.class).hasMessageContaining("pods \"web\" not found");
  }

  @Test
  void aValidTokenAuthenticatesAsItsServiceAccount() {
    UserInfo user = authenticator(at(NOW.plusSeconds(60))).authenticate(bearer(token(boundToWeb()))).orElseThrow();
    assertThat(user.name()).isEqualTo("system:serviceaccount:ns:default");
    assertThat(user.uid()).isEqualTo("sa-uid");
    assertThat(user.groups()).containsExactly("system:serviceaccounts", "system:serviceaccounts:ns");
    assertThat(user.extra()).containsEntry("authentication.kubernetes.io/pod-name", List.of("web"))
        .containsEntry("authentication.kubernetes.io/pod-uid", List.of("pod-uid"));
  }

  @Test
  void anotherKindOfTokenIsNotItsBusiness() {
    assertThat(authenticator(at(NOW)).authenticate(bearer("static-token-123"))).isEmpty();
    assertThat(authenticator(at(NOW)).authenticate(Credentials.none())).isEmpty();
  }

  @Test
  void anExpiredTokenIsRefused() {
    String token = token(boundToWeb());
    assertThatThrownBy(() -> authenticator(at(NOW.plusSeconds(3600))).authenticate(bearer(token)))
        .isInstanceOf(AuthenticationException.class).hasMessage("service account token has expired");
  }

  @Test
  void aTokenForAnotherAudienceIsRefused() {
    String token = token(boundToWeb().toBuilder().setSpec(boundToWeb().getSpec().toBuilder().addAudiences("vault")).build());
    assertThatThrownBy(() -> authenticator(at(NOW)).authenticate(bearer(token)))
        .isInstanceOf(AuthenticationException.class).hasMessageContaining("token audiences [vault] is invalid");
  }

  @Test
  void aTokenSignedWithAnotherKeyIsRefused() {
    String token = new TokenIssuer((RSAPrivateCrtKey) KeyFiles.generate().getPrivate(), ISSUER, at(NOW))
        .issue(new ServiceAccountClaims("ns", "default", "sa-uid", Optional.empty()), List.of(ISSUER),
            Duration.ofHours(1), Optional.empty()).token();
    assertThatThrownBy(() -> authenticator(at(NOW)).authenticate(bearer(token)))
        .isInstanceOf(AuthenticationException.class).hasMessage("service account token signature is invalid");
  }

  @Test
  void aTokenDiesWithItsServiceAccount() {
    String token = token(boundToWeb());
    accounts.clear();
    assertThatThrownBy(() -> authenticator(at(NOW)).authenticate(bearer(token)))
        .isInstanceOf(AuthenticationException.class).hasMessage("serviceaccounts \"default\" not found");
  }

  @Test
  void aTokenDiesWithItsPod() {
    String token = token(boundToWeb());
    pods.clear();
    assertThatThrownBy(() -> authenticator(at(NOW)).authenticate(bearer(token)))
        .isInstanceOf(AuthenticationException.class).hasMessage("pods \"web\" not found");
  }

  @Test
  void aRecreatedServiceAccountOrPodDoesNotInheritTokens() {
    String token = token(boundToWeb());
    accounts.put("ns/default", ServiceAccount.newBuilder().setMetadata(meta("default", "new-sa")).build());
    assertThatThrownBy(() -> authenticator(at(NOW)).authenticate(bearer(token)))
        .isInstanceOf(AuthenticationException.class).hasMessage("service account UID (new-sa) does not match claim (sa-uid)");
    accounts.put("ns/default", ServiceAccount.newBuilder().setMetadata(meta("default", "sa-uid")).build());
    pods.put("ns/web", Pod.newBuilder().setMetadata(meta("web", "new-pod")).build());
    assertThatThrownBy(() -> authenticator(at(NOW)).authenticate(bearer(token)))
        .isInstanceOf(AuthenticationException.class).hasMessage("pod UID (new-pod) does not match claim (pod-uid)");
  }
}
