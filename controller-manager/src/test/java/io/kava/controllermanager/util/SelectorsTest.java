package io.kava.controllermanager.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kava.api.meta.v1.LabelSelector;
import io.kava.api.meta.v1.LabelSelectorRequirement;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SelectorsTest {
  private static LabelSelector expression(String key, String op, String... values) {
    return LabelSelector.newBuilder().addMatchExpressions(LabelSelectorRequirement.newBuilder()
        .setKey(key).setOperator(op).addAllValues(java.util.List.of(values))).build();
  }

  @Test
  void matchLabelsNeedEveryPair() {
    LabelSelector s = LabelSelector.newBuilder().putMatchLabels("app", "web").putMatchLabels("tier", "fe").build();
    assertThat(Selectors.matches(s, Map.of("app", "web", "tier", "fe", "x", "y"))).isTrue();
    assertThat(Selectors.matches(s, Map.of("app", "web"))).isFalse();
    assertThat(Selectors.matches(s, Map.of("app", "web", "tier", "be"))).isFalse();
  }

  @Test
  void expressionsFollowUpstreamSemantics() {
    assertThat(Selectors.matches(expression("env", "In", "a", "b"), Map.of("env", "b"))).isTrue();
    assertThat(Selectors.matches(expression("env", "In", "a"), Map.of())).isFalse();
    assertThat(Selectors.matches(expression("env", "NotIn", "a"), Map.of())).isTrue();
    assertThat(Selectors.matches(expression("env", "NotIn", "a"), Map.of("env", "a"))).isFalse();
    assertThat(Selectors.matches(expression("env", "Exists"), Map.of("env", ""))).isTrue();
    assertThat(Selectors.matches(expression("env", "DoesNotExist"), Map.of("env", ""))).isFalse();
  }

  @Test
  void emptySelectorMatchesEverythingButIsReportedEmpty() {
    LabelSelector empty = LabelSelector.getDefaultInstance();
    assertThat(Selectors.isEmpty(empty)).isTrue();
    assertThat(Selectors.matches(empty, Map.of("a", "b"))).isTrue();
  }

  @Test
  void invalidSelectorsSayWhatIsWrong() {
    assertThatThrownBy(() -> Selectors.validate(expression("env", "Near", "a")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"Near\"");
    assertThatThrownBy(() -> Selectors.validate(expression("env", "In")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("values set can't be empty");
    assertThatThrownBy(() -> Selectors.matches(expression("env", "In"), Map.of("env", "a")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
