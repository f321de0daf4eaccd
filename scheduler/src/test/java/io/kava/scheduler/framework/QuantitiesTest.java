package io.kava.scheduler.framework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuantitiesTest {
  @ParameterizedTest(name = "{0}: milli {1}, value {2}")
  @CsvSource({
      "100m, 100, 1",
      "1, 1000, 1",
      "1.5, 1500, 2",
      "2500m, 2500, 3",
      "128Mi, 134217728000, 134217728",
      "1Gi, 1073741824000, 1073741824",
      "1k, 1000000, 1000",
      "1M, 1000000000, 1000000",
      "1e3, 1000000, 1000",
      "0.1, 100, 1",
      "1u, 1, 1",
      "0, 0, 0",
  })
  void parsesLikeUpstreamRoundingUp(String text, long milli, long value) {
    assertThat(Quantities.milliValue(text)).isEqualTo(milli);
    assertThat(Quantities.value(text)).isEqualTo(value);
  }

  @Test
  void rejectsWhatIsNotAQuantity() {
    assertThatThrownBy(() -> Quantities.value("lots")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Quantities.value("1Qi")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Quantities.value("")).isInstanceOf(IllegalArgumentException.class);
  }
}
