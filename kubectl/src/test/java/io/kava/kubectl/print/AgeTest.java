package io.kava.kubectl.print;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AgeTest {

  @ParameterizedTest(name = "{0}s -> {1}")
  @CsvSource({
      "0, 0s", "5, 5s", "119, 119s", "120, 2m", "182, 3m2s", "599, 9m59s", "600, 10m", "10799, 179m",
      "10800, 3h", "16200, 4h30m", "28800, 8h", "172799, 47h", "172800, 2d", "190800, 2d5h", "691200, 8d",
      "34560000, 400d", "63072000, 2y", "63936000, 2y10d", "283824000, 9y", "-1, 0s", "-5, <invalid>"})
  void formatsLikeKubectl(long seconds, String expected) {
    assertThat(Age.human(Duration.ofSeconds(seconds))).isEqualTo(expected);
  }

  @Test
  void ageOfATimestamp() {
    Instant now = Instant.parse("2024-06-01T12:00:00Z");

    assertThat(Age.since("2024-06-01T11:56:58Z", now)).isEqualTo("3m2s");
    assertThat(Age.since("2024-06-01T13:56:58+02:00", now)).isEqualTo("3m2s");
    assertThat(Age.since("", now)).isEqualTo("<unknown>");
    assertThat(Age.since("yesterday", now)).isEqualTo("<unknown>");
  }
}
