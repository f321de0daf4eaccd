package io.kava.apiserver.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kava.apiserver.AdmissionConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdmissionPluginsTest {
  @Test
  void theDefaultSetIsUpstreamsInRunningOrder() {
    List<String> on = AdmissionPlugins.resolve(List.of(), List.of());

    assertThat(on).startsWith("NamespaceLifecycle", "LimitRanger", "ServiceAccount").endsWith("ResourceQuota")
        .doesNotContain("NodeRestriction", "AlwaysDeny");
    assertThat(on.indexOf("PodSecurity")).isLessThan(on.indexOf("Priority"));
  }

  @Test
  void enableAddsAndDisableTakesAway() {
    List<String> on = AdmissionPlugins.resolve(List.of("NodeRestriction"), List.of("ResourceQuota", "LimitRanger"));

    assertThat(on).contains("NodeRestriction").doesNotContain("ResourceQuota", "LimitRanger");
    assertThat(on.indexOf("NodeRestriction")).isGreaterThan(on.indexOf("ServiceAccount"));
  }

  @Test
  void nodeRestrictionRunsWithTheNodeAuthorizerUnlessDisabledByName() {
    assertThat(AdmissionConfig.defaults().running(true)).contains("NodeRestriction");
    assertThat(AdmissionConfig.defaults().running(false)).doesNotContain("NodeRestriction");
    assertThat(AdmissionConfig.of(List.of(), List.of("NodeRestriction")).running(true)).doesNotContain("NodeRestriction");
    List<String> named = AdmissionConfig.of(List.of("NodeRestriction"), List.of()).running(false);
    assertThat(named.indexOf("NodeRestriction")).isGreaterThan(named.indexOf("ServiceAccount")).isLessThan(named.indexOf("PodSecurity"));
    assertThat(AdmissionPlugins.IMPLEMENTED).contains("NodeRestriction");
  }

  @Test
  void eventRateLimitIsImplementedOffByDefaultAndRunsInUpstreamsPlace() {
    assertThat(AdmissionPlugins.IMPLEMENTED).as("no 'not implemented' warning at start").contains("EventRateLimit");
    assertThat(AdmissionPlugins.resolve(List.of(), List.of())).doesNotContain("EventRateLimit");
    List<String> on = AdmissionPlugins.resolve(List.of("EventRateLimit"), List.of());
    assertThat(on.indexOf("EventRateLimit")).isGreaterThan(on.indexOf("DefaultTolerationSeconds"))
        .isLessThan(on.indexOf("DefaultStorageClass"));
  }

  @Test
  void unknownAndOverlappingNamesAreRefusedAsUpstream() {
    assertThatThrownBy(() -> AdmissionPlugins.resolve(List.of("Quota"), List.of()))
        .hasMessage("enable-admission-plugins plugin \"Quota\" is unknown");
    assertThatThrownBy(() -> AdmissionPlugins.resolve(List.of("LimitRanger"), List.of("LimitRanger")))
        .hasMessage("[LimitRanger] in enable-admission-plugins and disable-admission-plugins overlapped");
  }
}
