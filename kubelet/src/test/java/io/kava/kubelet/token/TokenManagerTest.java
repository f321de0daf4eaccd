package io.kava.kubelet.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.kava.api.authentication.v1.BoundObjectReference;
import io.kava.api.authentication.v1.TokenRequest;
import io.kava.api.authentication.v1.TokenRequestSpec;
import io.kava.client.ApiException;
import io.kava.client.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Upstream's token manager rules: cached until 80 % of the lifetime or 24 h, kept while a refresh fails, dropped with its pod. */
class TokenManagerTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
  private final FakeTokenSource source = new FakeTokenSource(clock);
  /** No jitter: the thresholds are exact. */
  private final TokenManager tokens = new TokenManager(source, clock, () -> 0.0);

  private static TokenRequest request(String podUid, long expirationSeconds) {
    return TokenRequest.newBuilder().setSpec(TokenRequestSpec.newBuilder().setExpirationSeconds(expirationSeconds)
        .setBoundObjectRef(BoundObjectReference.newBuilder().setKind("Pod").setName("web").setUid(podUid))).build();
  }

  private String token(String podUid, long expirationSeconds) {
    return tokens.get("team", "default", request(podUid, expirationSeconds)).getStatus().getToken();
  }

  @Test
  void aTokenIsReusedUntil80PercentOfItsLifetimeHasPassed() {
    assertThat(token("uid-1", 3607)).isEqualTo("team/default/token-1");
    long refreshAfter = 3607 - 3607 * 20 / 100; // upstream's integer 20 %
    clock.advance(Duration.ofSeconds(refreshAfter));
    assertThat(token("uid-1", 3607)).as("at 80 %%").isEqualTo("team/default/token-1");
    clock.advance(Duration.ofSeconds(1));
    assertThat(token("uid-1", 3607)).as("past 80 %%").isEqualTo("team/default/token-2");
    assertThat(source.count()).isEqualTo(2);
  }

  @Test
  void aLongLivedTokenIsRefreshedAfter24Hours() {
    long week = Duration.ofDays(7).toSeconds();
    token("uid-1", week);
    clock.advance(Duration.ofHours(24).minusSeconds(1));
    assertThat(token("uid-1", week)).isEqualTo("team/default/token-1");
    clock.advance(Duration.ofSeconds(2));
    assertThat(token("uid-1", week)).isEqualTo("team/default/token-2");
  }

  @Test
  void theJitterRefreshesUpTo10SecondsEarly() {
    TokenManager jittery = new TokenManager(source, clock, () -> 0.99);
    jittery.get("team", "default", request("uid-1", 1000));
    clock.advance(Duration.ofSeconds(800 - 9 + 1));
    assertThat(jittery.get("team", "default", request("uid-1", 1000)).getStatus().getToken()).endsWith("token-2");
  }

  @Test
  void eachPodAndExpiryHasItsOwnTokenAndAPodsTokensGoWithIt() {
    token("uid-1", 3607);
    token("uid-2", 3607);
    token("uid-1", 7200);
    token("uid-1", 3607);
    assertThat(source.count()).isEqualTo(3);
    tokens.forgetPod("uid-1");
    assertThat(tokens.size()).isEqualTo(1);
    token("uid-1", 3607);
    assertThat(source.count()).isEqualTo(4);
  }

  @Test
  void aFailedRefreshKeepsTheValidTokenButNotAnExpiredOne() {
    token("uid-1", 1000);
    clock.advance(Duration.ofSeconds(900));
    source.failWith = Status.Code.UNAVAILABLE;
    assertThat(token("uid-1", 1000)).as("still valid").isEqualTo("team/default/token-1");
    clock.advance(Duration.ofSeconds(101));
    assertThatThrownBy(() -> token("uid-1", 1000)).isInstanceOf(ApiException.class);
    assertThatThrownBy(() -> token("uid-2", 1000)).as("nothing cached").isInstanceOf(ApiException.class);
  }

  @Test
  void cleanUpDropsExpiredTokens() {
    token("uid-1", 1000);
    token("uid-2", 5000);
    clock.advance(Duration.ofSeconds(1001));
    tokens.cleanUp();
    assertThat(tokens.size()).isEqualTo(1);
  }
}
