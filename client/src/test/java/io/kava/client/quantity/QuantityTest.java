package io.kava.client.quantity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class QuantityTest {

  @ParameterizedTest(name = "{0} prints as {1}")
  @CsvSource({
      "0, 0", "500m, 500m", "1, 1", "1.5, 1500m", "0.1, 100m", "128Mi, 128Mi", "1Gi, 1Gi", "1.5Gi, 1536Mi",
      "2k, 2k", "1e3, 1e3", "1E3, 1e3", "100M, 100M", "1000, 1k", "1000m, 1", "1500e3, 1500e3", "12e6, 12e6",
      "1024, 1024", "1024Ki, 1Mi", "0.5Ki, 512", "-1Gi, -1Gi", "+5, 5", "1n, 1n", "0.0000000001, 1n",
      "1.5Ki, 1536", "2048Ki, 2Mi", "10Mi, 10Mi", "3, 3", "100u, 100u", "1., 1", ".5, 500m", "00012, 12"})
  void printsCanonicalFormAsUpstream(String in, String out) {
    assertThat(Quantity.parse(in).toString()).isEqualTo(out);
  }

  @ParameterizedTest(name = "{0} is {1} milli")
  @CsvSource({"500m, 500", "1, 1000", "1.5, 1500", "0.0001, 1", "2k, 2000000", "100n, 1", "-1, -1000"})
  void milliValueRoundsUp(String in, long milli) {
    assertThat(Quantity.parse(in).milliValue()).isEqualTo(milli);
  }

  @ParameterizedTest(name = "{0} is {1} bytes")
  @CsvSource({"128Mi, 134217728", "1Gi, 1073741824", "100M, 100000000", "1e3, 1000", "1.5, 2", "1Ki, 1024"})
  void bytesValueRoundsUp(String in, long bytes) {
    assertThat(Quantity.parse(in).bytesValue()).isEqualTo(bytes);
  }

  @ParameterizedTest(name = "\"{0}\" is refused")
  @ValueSource(strings = {"", "abc", "1.1.M", "1+1.0M", "1i", "1Mb", "1 Gi", "--1", "e3", "1e", "1eb", ".", "1ki"})
  void malformedQuantitiesAreRefusedWithAReason(String in) {
    assertThatThrownBy(() -> Quantity.parse(in))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageMatching("quantities must match.*|unable to parse.*");
  }

  @Test
  void suffixErrorNamesTheSuffix() {
    assertThatThrownBy(() -> Quantity.parse("1Mk")).hasMessage("unable to parse quantity's suffix");
    assertThatThrownBy(() -> Quantity.parse("abc")).hasMessageContaining("regular expression");
  }

  @Test
  void comparesByAmountWhateverTheFormat() {
    assertThat(Quantity.parse("1000m")).isEqualTo(Quantity.parse("1"));
    assertThat(Quantity.parse("1Ki")).isEqualByComparingTo(Quantity.parse("1024"));
    assertThat(Quantity.parse("500m")).isLessThan(Quantity.parse("1"));
    assertThat(Quantity.parse("1Gi")).isGreaterThan(Quantity.parse("1G"));
    assertThat(Quantity.parse("1000m").hashCode()).isEqualTo(Quantity.parse("1").hashCode());
  }

  @Test
  void validateAnswersTheReasonOrNull() {
    assertThat(Quantity.validate("100Mi")).isNull();
    assertThat(Quantity.validate("x")).contains("regular expression");
    assertThat(Quantity.parseOrNull("x")).isNull();
  }

  @Test
  void arithmeticKeepsTheFormat() {
    assertThat(Quantity.parse("500m").add(Quantity.parse("1")).toString()).isEqualTo("1500m");
    assertThat(Quantity.parse("1Gi").subtract(Quantity.parse("512Mi")).toString()).isEqualTo("512Mi");
    assertThat(Quantity.ofMillis(250).toString()).isEqualTo("250m");
    assertThat(Quantity.ofBytes(2048).toString()).isEqualTo("2Ki");
  }
}
