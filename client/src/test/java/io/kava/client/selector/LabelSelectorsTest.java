package io.kava.client.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kava.api.meta.v1.LabelSelector;
import io.kava.api.meta.v1.LabelSelectorRequirement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LabelSelectorsTest {
  private static final Map<String, String> WEB = Map.of("app", "web", "tier", "front", "env", "prod", "size", "5");

  @Test
  void parsesEveryOperatorOfTheStringSyntax() {
    Selector s = LabelSelectors.parse("a=b,c!=d,e in (x,y),f notin (z),g,!h");
    assertThat(s.requirements()).extracting(Requirement::operator).containsExactly(
        Operator.EQUALS, Operator.NOT_EQUALS, Operator.IN, Operator.NOT_IN, Operator.EXISTS, Operator.DOES_NOT_EXIST);
    assertThat(s.matches(Map.of("a", "b", "e", "x", "g", ""))).isTrue();
    assertThat(s.matches(Map.of("a", "b", "c", "d", "e", "x", "g", ""))).isFalse();
    assertThat(s.matches(Map.of("a", "b", "e", "x", "f", "z", "g", ""))).isFalse();
    assertThat(s.matches(Map.of("a", "b", "e", "x", "g", "", "h", "1"))).isFalse();
    assertThat(s.matches(Map.of("a", "b", "e", "q", "g", ""))).isFalse();
  }

  @Test
  void printsBackSortedByKeyWithSortedValues() {
    assertThat(LabelSelectors.parse(" !h , g,f notin (z),e in (y, x),c!=d,a=b").toString())
        .isEqualTo("a=b,c!=d,e in (x,y),f notin (z),g,!h");
    assertThat(LabelSelectors.parse("a==b").toString()).isEqualTo("a==b");
    String printed = LabelSelectors.parse("x>3,y<10").toString();
    assertThat(printed).isEqualTo("x>3,y<10");
    assertThat(LabelSelectors.parse(printed)).isEqualTo(LabelSelectors.parse("y<10,x>3"));
  }

  @Test
  void matchesAsUpstream() {
    assertThat(LabelSelectors.parse("app=web").matches(WEB)).isTrue();
    assertThat(LabelSelectors.parse("app!=db").matches(WEB)).isTrue();
    assertThat(LabelSelectors.parse("missing!=x").matches(WEB)).isTrue();
    assertThat(LabelSelectors.parse("missing notin (x)").matches(WEB)).isTrue();
    assertThat(LabelSelectors.parse("missing in (x)").matches(WEB)).isFalse();
    assertThat(LabelSelectors.parse("size>4,size<6").matches(WEB)).isTrue();
    assertThat(LabelSelectors.parse("app>4").matches(WEB)).isFalse();
    assertThat(LabelSelectors.parse("").matches(WEB)).isTrue();
    assertThat(LabelSelectors.parse("a=").matches(Map.of("a", ""))).isTrue();
    assertThat(LabelSelectors.parse("env in (prod, staging),tier").matches(WEB)).isTrue();
  }

  @ParameterizedTest(name = "\"{0}\" is refused")
  @ValueSource(strings = {"a=b,", ",a", "a b", "a in x", "a in (x", "=b", "a=b=c", "a in (x y)", "x>a",
      "bad key!=x", "a=b c", "-a=b", "a=-b-", "a/b/c=d", "!"})
  void malformedSelectorsAreRefused(String text) {
    assertThatThrownBy(() -> LabelSelectors.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void errorSaysWhatWasFoundAndExpected() {
    assertThatThrownBy(() -> LabelSelectors.parse("a=b,"))
        .hasMessage("unable to parse requirement: found '', expected: identifier after ','");
    assertThatThrownBy(() -> LabelSelectors.parse("Bad_Key-=x")).hasMessageContaining("name part must consist");
  }

  @Test
  void convertsObjectSelectors() {
    LabelSelector proto = LabelSelector.newBuilder().putMatchLabels("app", "web")
        .addMatchExpressions(LabelSelectorRequirement.newBuilder().setKey("env").setOperator("In").addValues("prod").addValues("dev"))
        .addMatchExpressions(LabelSelectorRequirement.newBuilder().setKey("canary").setOperator("DoesNotExist"))
        .build();
    Selector s = LabelSelectors.fromProto(proto);
    assertThat(s.toString()).isEqualTo("app=web,!canary,env in (dev,prod)".replace("app=web,!canary", "app=web,!canary"));
    assertThat(s.matches(WEB)).isTrue();
    assertThat(LabelSelectors.fromProto(null).matches(WEB)).isFalse();
    assertThat(LabelSelectors.fromProto(LabelSelector.getDefaultInstance()).matches(WEB)).isTrue();
    assertThat(LabelSelectors.fromMap(Map.of("app", "web")).matches(WEB)).isTrue();
    assertThat(LabelSelectors.fromMap(Map.of("app", "db")).matches(WEB)).isFalse();
  }

  @Test
  void refusesBadObjectSelectors() {
    assertThatThrownBy(() -> LabelSelectors.fromProto(LabelSelector.newBuilder()
        .addMatchExpressions(LabelSelectorRequirement.newBuilder().setKey("a").setOperator("in").addValues("x")).build()))
        .hasMessage("\"in\" is not a valid label selector operator");
    assertThatThrownBy(() -> LabelSelectors.fromProto(LabelSelector.newBuilder()
        .addMatchExpressions(LabelSelectorRequirement.newBuilder().setKey("a").setOperator("In")).build()))
        .hasMessageContaining("values set can't be empty");
    assertThatThrownBy(() -> LabelSelectors.fromProto(LabelSelector.newBuilder()
        .addMatchExpressions(LabelSelectorRequirement.newBuilder().setKey("a").setOperator("Exists").addValues("x")).build()))
        .hasMessageContaining("values set must be empty");
  }
}
