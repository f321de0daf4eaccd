package io.kava.kubelet.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.authorization.v1.SubjectAccessReview;
import io.kava.api.authorization.v1.SubjectAccessReviewStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookAuthorizerTest {
  private final List<SubjectAccessReview> asked = new ArrayList<>();
  private boolean answer = true;
  private Instant now = Instant.parse("2026-12-02T00:00:00Z");
  private final WebhookAuthorizer authorizer = new WebhookAuthorizer("n1", review -> {
    asked.add(review);
    return review.toBuilder().setStatus(SubjectAccessReviewStatus.newBuilder().setAllowed(answer)).build();
  }, Duration.ofMinutes(5), Duration.ofSeconds(30), new Clock() {
    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  });
  private final KubeletUser jane = new KubeletUser("jane", List.of("dev", "system:authenticated"));

  @Test
  void asksForTheNodeAndSubresourceOfTheRequestAsTheCaller() {
    assertThat(authorizer.allowed(jane, KubeletRequest.of("kava.kubelet.v1.KubeletStreaming/Exec"))).isTrue();
    var spec = asked.get(0).getSpec();
    assertThat(spec.getUser()).isEqualTo("jane");
    assertThat(spec.getGroupsList()).containsExactly("dev", "system:authenticated");
    assertThat(spec.getResourceAttributes().getVerb()).isEqualTo("create");
    assertThat(spec.getResourceAttributes().getResource()).isEqualTo("nodes");
    assertThat(spec.getResourceAttributes().getSubresource()).isEqualTo("proxy");
    assertThat(spec.getResourceAttributes().getName()).isEqualTo("n1");
  }

  @Test
  void mapsLogsToGetProxyAndStatsToGetStats() {
    assertThat(KubeletRequest.of("kava.kubelet.v1.KubeletStreaming/Logs")).isEqualTo(new KubeletRequest("get", "proxy"));
    assertThat(KubeletRequest.of("kava.kubelet.v1.KubeletStreaming/PortForward")).isEqualTo(new KubeletRequest("create", "proxy"));
    assertThat(KubeletRequest.of("kava.kubelet.v1.KubeletStats/Summary")).isEqualTo(new KubeletRequest("get", "stats"));
  }

  @Test
  void keepsAnAllowedAnswerFiveMinutesAndADeniedOneThirtySeconds() {
    KubeletRequest logs = KubeletRequest.of("kava.kubelet.v1.KubeletStreaming/Logs");
    authorizer.allowed(jane, logs);
    now = now.plus(Duration.ofMinutes(4));
    authorizer.allowed(jane, logs);
    assertThat(asked).hasSize(1);
    now = now.plus(Duration.ofMinutes(2));
    answer = false;
    assertThat(authorizer.allowed(jane, logs)).isFalse();
    now = now.plus(Duration.ofSeconds(20));
    assertThat(authorizer.allowed(jane, logs)).isFalse();
    assertThat(asked).hasSize(2);
    now = now.plus(Duration.ofSeconds(11));
    answer = true;
    assertThat(authorizer.allowed(jane, logs)).isTrue();
    assertThat(asked).hasSize(3);
  }
}
