package io.kava.controllermanager.clientbuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.kava.api.authentication.v1.TokenRequest;
import io.kava.api.authentication.v1.TokenRequestStatus;
import io.kava.client.ApiException;
import io.kava.client.Times;
import io.kava.client.auth.TokenSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceAccountTokenTest {
  private static final Instant START = Instant.parse("2026-12-03T10:00:00Z");
  private Instant now = START;
  private final Clock clock = new Clock() {
    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  };
  private final List<String> asked = new ArrayList<>();
  private RuntimeException failure;

  private TokenRequest issue(String serviceAccount) {
    asked.add(serviceAccount);
    if (failure != null) {
      throw failure;
    }
    return TokenRequest.newBuilder().setStatus(TokenRequestStatus.newBuilder().setToken("token-" + asked.size())
        .setExpirationTimestamp(Times.format(now.plus(Duration.ofHours(1))))).build();
  }

  private final ServiceAccountToken token = new ServiceAccountToken("job-controller", this::issue, clock);

  @Test
  void aOneHourTokenIsKeptFor48MinutesThenAskedForAgain() throws Exception {
    assertThat(token.token()).isEqualTo("token-1");
    now = START.plus(Duration.ofMinutes(47));
    assertThat(token.token()).isEqualTo("token-1");
    now = START.plus(Duration.ofMinutes(48));
    assertThat(token.token()).isEqualTo("token-2");
    assertThat(asked).containsExactly("job-controller", "job-controller");
  }

  @Test
  void aFailedRefreshKeepsTheValidTokenAndTriesAgainTenSecondsLater() throws Exception {
    token.token();
    failure = ApiException.from(Status.UNAVAILABLE.withDescription("down").asRuntimeException());
    now = START.plus(Duration.ofMinutes(50));

    assertThat(token.token()).isEqualTo("token-1");
    assertThat(token.token()).isEqualTo("token-1");
    assertThat(asked).hasSize(2);

    now = now.plus(ServiceAccountToken.RETRY);
    failure = null;
    assertThat(token.token()).isEqualTo("token-3");
  }

  @Test
  void withoutAValidTokenTheFailureReachesTheCaller() throws Exception {
    token.token();
    failure = ApiException.from(Status.UNAVAILABLE.withDescription("down").asRuntimeException());
    now = START.plus(Duration.ofHours(1)).plusSeconds(1);

    assertThatThrownBy(token::token).isInstanceOf(TokenSource.TokenUnavailableException.class)
        .hasMessage("could not get a token of ServiceAccount kube-system/job-controller: the API server is unreachable: down");
  }

  @Test
  void aRefusedTokenIsDroppedAndTheNextCallAsksForANewOne() throws Exception {
    token.token();
    token.refused();

    assertThat(token.token()).isEqualTo("token-2");
  }
}
