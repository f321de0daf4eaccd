package io.kava.kubectl.jsonpath;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Upstream's cases from k8s.io/client-go/util/jsonpath/jsonpath_test.go, on JSON input (Go structs
 * become objects; a map prints with sorted keys, as Go's encoding/json writes it).
 */
class JsonPathTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  static JsonNode json(String text) {
    try {
      return MAPPER.readTree(text.replace('\'', '"'));
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static final JsonNode TYPES = json("""
      {'bools': [true, false, true, false], 'integers': [1, 2, 3, 4], 'floats': [1.0, 2.2, 3.3, 4.0],
       'strings': ['one', 'two', 'three', 'four'], 'interfaces': [true, 'one', 1, 1.1],
       'maps': [{'name': 'one', 'value': 1}, {'name': 'two', 'value': 2.02}, {'name': 'three', 'value': 3.03},
                {'name': 'four', 'value': 4.04}]}""");

  private static final JsonNode STORE = json("""
      {'Name': 'jsonpath',
       'Book': [{'Category': 'reference', 'Author': 'Nigel Rees', 'Title': 'Sayings of the Centurey', 'Price': 8.95},
                {'Category': 'fiction', 'Author': 'Evelyn Waugh', 'Title': 'Sword of Honour', 'Price': 12.99},
                {'Category': 'fiction', 'Author': 'Herman Melville', 'Title': 'Moby Dick', 'Price': 8.99}],
       'Bicycle': [{'Color': 'red', 'Price': 19.95, 'IsNew': true}, {'Color': 'green', 'Price': 20.01, 'IsNew': false}],
       'Labels': {'engieer': 10, 'web/html': 15, 'k8s-app': 20},
       'Employees': {'jason': 'manager', 'dan': 'clerk'}}""");

  private static final JsonNode NODES = json("""
      {'kind': 'List',
       'items': [
         {'kind': 'None', 'metadata': {'name': '127.0.0.1', 'labels': {'kubernetes.io/hostname': '127.0.0.1'}},
          'status': {'capacity': {'cpu': '4'}, 'ready': true, 'addresses': [{'type': 'LegacyHostIP', 'address': '127.0.0.1'}]}},
         {'kind': 'None', 'metadata': {'name': '127.0.0.2', 'labels': {'kubernetes.io/hostname': '127.0.0.2'}},
          'status': {'capacity': {'cpu': '8'}, 'ready': false,
                     'addresses': [{'type': 'LegacyHostIP', 'address': '127.0.0.2'}, {'type': 'another', 'address': '127.0.0.3'}]}}],
       'users': [{'name': 'myself', 'user': {}}, {'name': 'e2e', 'user': {'username': 'admin', 'password': 'secret'}}]}""");

  private static final JsonNode CONTAINERS = json("""
      {'kind': 'Pod', 'spec': {'containers': [{'name': 'fake0'}, {'name': 'fake1'}, {'name': 'fake2'}, {'name': 'fake3'}]}}""");

  private static final JsonNode SIX = json("""
      {'spec': {'containers': [{'name': 'fake0'}, {'name': 'fake1'}, {'name': 'fake2'}, {'name': 'fake3'},
                               {'name': 'fake4'}, {'name': 'fake5'}]}}""");

  private static String run(String template, JsonNode data) {
    return JsonPath.parse(template).execute(data);
  }

  private static String lenient(String template, JsonNode data) {
    return JsonPath.parse(template).allowMissingKeys(true).execute(data);
  }

  private static String error(String template, JsonNode data) {
    try {
      return "no error: " + JsonPath.parse(template).execute(data);
    } catch (JsonPathException e) {
      return e.getMessage();
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      { .bools }              | [true,false,true,false]
      { .bools[0] }           | true
      { .bools[-1] }          | false
      { .bools[0:2] }         | true false
      { .bools[:2] }          | true false
      { .bools[:4:2] }        | true true
      { .integers }           | [1,2,3,4]
      { .integers[-2] }       | 3
      { .integers[:4:2] }     | 1 3
      { .floats }             | [1,2.2,3.3,4]
      { .floats[0] }          | 1
      { .floats[-2] }         | 3.3
      { .floats[:4:2] }       | 1 3.3
      { .strings }            | ["one","two","three","four"]
      { .strings[-2] }        | three
      { .strings[:2] }        | one two
      { .interfaces }         | [true,"one",1,1.1]
      { .interfaces[-2] }     | 1
      { .interfaces[:4:2] }   | true 1
      { .maps[0] }            | {"name":"one","value":1}
      { .maps[-2] }           | {"name":"three","value":3.03}
      { .maps[::2] }          | {"name":"one","value":1} {"name":"three","value":3.03}
      { .maps[1::2] }         | {"name":"two","value":2.02} {"name":"four","value":4.04}
      """)
  void typesInput(String template, String expected) {
    assertThat(run(template, TYPES)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      hello jsonpath                                      | hello jsonpath
      `{"{"}`                                             | {
      hello {.Name}                                       | hello jsonpath
      {$.Labels.web/html}                                 | 15
      {$.Employees.jason}                                 | manager
      {$.Employees.dan}                                   | clerk
      {.Labels.k8s-app}                                   | 20
      {.Bicycle[*].Color}                                 | red green
      {.Book[*].Author}                                   | Nigel Rees Evelyn Waugh Herman Melville
      `{range .Bicycle[*]}{ "{" }{ @.* }{ "} " }{end}`    | `{red 19.95 true} {green 20.01 false} `
      {..Price}                                           | 8.95 12.99 8.99 19.95 20.01
      {...Price}                                          | 8.95 12.99 8.99 19.95 20.01
      {.Bicycle}                                          | [{"Color":"red","IsNew":true,"Price":19.95},{"Color":"green","IsNew":false,"Price":20.01}]
      `{range .Bicycle[*]}{ @ }{ " " }{end}`              | `{"Color":"red","IsNew":true,"Price":19.95} {"Color":"green","IsNew":false,"Price":20.01} `
      {.Book[-1:]}                                        | {"Author":"Herman Melville","Category":"fiction","Price":8.99,"Title":"Moby Dick"}
      {..Book[2]}                                         | {"Author":"Herman Melville","Category":"fiction","Price":8.99,"Title":"Moby Dick"}
      {.Bicycle[?(@.IsNew==true)]}                        | {"Color":"red","IsNew":true,"Price":19.95}
      {.Bicycle[?(@.Color=~'.*ed.*')]}                    | {"Color":"red","IsNew":true,"Price":19.95}
      {.Bicycle[?(@.Color=~'^g.*en.*')]}                  | {"Color":"green","IsNew":false,"Price":20.01}
      {.Bicycle[?(@.Color=~'.*e.*')].Color}               | red green
      """)
  void structInput(String template, String expected) {
    assertThat(run(template, STORE)).isEqualTo(expected);
  }

  @Test
  void structInputWithoutData() {
    assertThat(run("{..}", json("[1, 2, 3]"))).isEqualTo("[1,2,3]");
    assertThat(run("{[?(@<5)]}", json("[2, 6, 3, 7]"))).isEqualTo("2 3");
    assertThat(run("{[1,3,4]}", json("[0, 1, 2, 3, 4]"))).isEqualTo("1 3 4");
    assertThat(run("{[0:2]}", json("['Monday', 'Tudesday']"))).isEqualTo("Monday Tudesday");
  }

  @Test
  void missingKeysPrintNothingWhenAllowed() {
    assertThat(lenient("{.hello}", STORE)).isEmpty();
    assertThat(lenient("before-{.hello}after", STORE)).isEqualTo("before-after");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      {hello}                            | unrecognized identifier hello
      {.hello}                           | hello is not found
      {.Labels[0]}                       | map[string]interface {} is not array or slice
      {.Book[?(@.Price<>10)]}            | unrecognized filter operator <>
      {range .Labels.*}{@}{end}{end}     | not in range, nothing to end
      {............................Price} | invalid multiple recursive descent
      {.Bicycle[?(@.IsNew=~'.*ue')]}     | =~ only matches strings
      {.Bicycle[?(@.Price=~'.*95')]}     | =~ only matches strings
      """)
  void failures(String template, String message) {
    assertThat(error(template, STORE)).isEqualTo(message);
  }

  @Test
  void jsonInput() {
    JsonNode points = json("""
        [{'id': 'i1', 'x': 4, 'y': -5}, {'id': 'i2', 'x': -2, 'y': -5, 'z': 1}, {'id': 'i3', 'x': 8, 'y': 3},
         {'id': 'i4', 'x': -6, 'y': -1}, {'id': 'i5', 'x': 0, 'y': 2, 'z': 1}, {'id': 'i6', 'x': 1, 'y': 4}]""");
    assertThat(run("{[?(@.z)].id}", points)).isEqualTo("i2 i5");
    assertThat(run("{[0]['id']}", points)).isEqualTo("i1");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      `{range .items[*]}{.metadata.name}, {end}{.kind}`                        | `127.0.0.1, 127.0.0.2, List`
      `{range .items[*]}{.metadata.name}{"\\t"}{end}`                          | `127.0.0.1\t127.0.0.2\t`
      {.items[*].status.addresses[*].address}                                  | 127.0.0.1 127.0.0.2 127.0.0.3
      `{range .items[*]}{range .status.addresses[*]}{.address}, {end}{end}`   | `127.0.0.1, 127.0.0.2, 127.0.0.3, `
      {.items[*].metadata.name}                                                | 127.0.0.1 127.0.0.2
      `{.items[*]['metadata.name', 'status.capacity']}`                        | `127.0.0.1 127.0.0.2 {"cpu":"4"} {"cpu":"8"}`
      `{range .items[*]}[{.metadata.name}, {.status.capacity}] {end}`         | `[127.0.0.1, {"cpu":"4"}] [127.0.0.2, {"cpu":"8"}] `
      `{.users[?(@.name=="e2e")].user.password}`                               | secret
      {.items[0].metadata.labels.kubernetes\\.io/hostname}                     | 127.0.0.1
      `{.items[?(@.metadata.labels.kubernetes\\.io/hostname=="127.0.0.1")].kind}` | None
      {.items[?(@..ready==true)].metadata.name}                                | 127.0.0.1
      """)
  void kubernetes(String template, String expected) {
    assertThat(run(template.replace("\\\\", "\\"), NODES)).isEqualTo(expected.replace("\\t", "\t"));
  }

  @Test
  void recursiveNameFindsEveryName() {
    String[] names = run("{..name}", NODES).split(" ");
    Arrays.sort(names);
    assertThat(names).containsExactly("127.0.0.1", "127.0.0.2", "e2e", "myself");
  }

  @Test
  void emptyRanges() {
    JsonNode empty = json("{'items': []}");
    assertThat(lenient("{range .items[*]}{.metadata.name}{end}", empty)).isEmpty();
    assertThat(lenient("{range .items[*]}{.metadata.name}{\":\"}{range @.spec.containers[*]}{.name}{\",\"}{end}{\"+\"}{end}",
        empty)).isEmpty();
  }

  @Test
  void nestedRanges() {
    JsonNode data = json("""
        {'items': [
          {'metadata': {'name': 'pod1'}, 'spec': {'containers': [
            {'name': 'foo', 'another': [{'name': 'value1'}, {'name': 'value2'}]},
            {'name': 'bar', 'another': [{'name': 'value1'}, {'name': 'value2'}]}]}},
          {'metadata': {'name': 'pod2'}, 'spec': {'containers': [
            {'name': 'baz', 'another': [{'name': 'value1'}, {'name': 'value2'}]}]}}]}""");
    assertThat(run("{range .items[*]}{.metadata.name}{\":\"}{range @.spec.containers[*]}{.name}{\",\"}{end}{\"+\"}{end}",
        data)).isEqualTo("pod1:foo,bar,+pod2:baz,+");
    assertThat(run("{range .items[*]}{.metadata.name}{\"~\"}{range @.spec.containers[*]}{.name}{\":\"}"
        + "{range @.another[*]}{.name}{\",\"}{end}{\"+\"}{end}{\"#\"}{end}", data))
        .isEqualTo("pod1~foo:value1,value2,+bar:value1,value2,+#pod2~baz:value1,value2,+#");
    assertThat(run("{range .items[*]}{.metadata.name}{\"\\t\"}{range @.spec.containers[*]}{.name}{\" \"}{end}"
        + "{\"\\t\"}{range @.spec.containers[*]}{.name}{\" \"}{end}{\"\\n\"}{end}", data))
        .isEqualTo("pod1\tfoo bar \tfoo bar \npod2\tbaz \tbaz \n");
  }

  @Test
  void filterToleratesItemsMissingTheFieldOnlyWhenMissingKeysAreAllowed() {
    JsonNode data = json("""
        {'kind': 'List', 'items': [
          {'kind': 'Pod', 'metadata': {'name': 'pod1', 'annotations': {'color': 'blue'}}},
          {'kind': 'Pod', 'metadata': {'name': 'pod2'}},
          {'kind': 'Pod', 'metadata': {'name': 'pod3', 'annotations': {'color': 'green'}}},
          {'kind': 'Pod', 'metadata': {'name': 'pod4', 'annotations': {'color': 'blue'}}}]}""");
    String template = "{.items[?(@.metadata.annotations.color==\"blue\")].metadata.name}";
    assertThat(lenient(template, data)).isEqualTo("pod1 pod4");
    assertThatThrownBy(() -> run(template, data)).isInstanceOf(JsonPathException.class);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      {.spec.containers[0].name}      | fake0
      {.spec.containers[0:0].name}    | ''
      {.spec.containers[0:-1].name}   | fake0 fake1 fake2
      {.spec.containers[-1:0].name}   | starting index 3 is greater than ending index 0
      {.spec.containers[-1].name}     | fake3
      {.spec.containers[-1:].name}    | fake3
      {.spec.containers[-2].name}     | fake2
      {.spec.containers[-2:].name}    | fake2 fake3
      {.spec.containers[-3].name}     | fake1
      {.spec.containers[-4].name}     | fake0
      {.spec.containers[-4:].name}    | fake0 fake1 fake2 fake3
      {.spec.containers[-5].name}     | array index out of bounds: index -5, length 4
      {.spec.containers[5:5].name}    | ''
      {.spec.containers[-5:-5].name}  | ''
      {.spec.containers[3:1].name}    | starting index 3 is greater than ending index 1
      {.spec.containers[-1:-2].name}  | starting index 3 is greater than ending index 2
      """)
  void negativeIndex(String template, String expected) {
    assertThat(error(template, CONTAINERS)).isIn(expected, "no error: " + expected);
  }

  @Test
  void rangeOverRunningPodsSkipsAnItemWithoutStatus() {
    JsonNode data = json("""
        {'kind': 'List', 'items': [
          {'kind': 'Pod', 'metadata': {'name': 'pod1'}, 'status': {'phase': 'Running'}},
          {'kind': 'Pod', 'metadata': {'name': 'pod2'}, 'status': {'phase': 'Running'}},
          {'kind': 'Pod', 'metadata': {'name': 'pod3'}, 'status': {'phase': 'Running'}},
          {'resourceVersion': ''}]}""");
    assertThat(lenient("{range .items[?(.status.phase==\"Running\")]}{.metadata.name}{\" is Running\\n\"}{end}", data))
        .isEqualTo("pod1 is Running\npod2 is Running\npod3 is Running\n");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      {.spec.containers[0:].name}     | fake0 fake1 fake2 fake3 fake4 fake5
      {.spec.containers[0:6:].name}   | fake0 fake1 fake2 fake3 fake4 fake5
      {.spec.containers[0:6:1].name}  | fake0 fake1 fake2 fake3 fake4 fake5
      {.spec.containers[0:6:0].name}  | step must be > 0
      {.spec.containers[0:6:-1].name} | step must be > 0
      {.spec.containers[1:4:2].name}  | fake1 fake3
      {.spec.containers[1:4:3].name}  | fake1
      {.spec.containers[1:4:4].name}  | fake1
      {.spec.containers[0:6:2].name}  | fake0 fake2 fake4
      {.spec.containers[0:6:3].name}  | fake0 fake3
      {.spec.containers[0:6:5].name}  | fake0 fake5
      {.spec.containers[0:6:6].name}  | fake0
      """)
  void step(String template, String expected) {
    assertThat(error(template, SIX)).isIn(expected, "no error: " + expected);
  }

  @Test
  void parseErrorsNameTheProblem() {
    assertThatThrownBy(() -> JsonPath.parse("{.items[}")).hasMessage("unclosed array expect ]");
    assertThatThrownBy(() -> JsonPath.parse("{.items")).hasMessage("unclosed action");
    assertThatThrownBy(() -> JsonPath.parse("{.a[?(@.b==\"x)]}")).hasMessage("unclosed action");
    assertThatThrownBy(() -> JsonPath.parse("{.a[?(@.b==\"x)]")).hasMessage("unclosed action");
  }

  @Test
  void theWholeObjectAndRelaxedExpressions() {
    JsonNode pod = json("{'metadata': {'name': 'web'}}");
    assertThat(run("{.}", pod)).isEqualTo("{\"metadata\":{\"name\":\"web\"}}");
    assertThat(JsonPath.parseRelaxed(".metadata.name").execute(pod)).isEqualTo("web");
    assertThat(JsonPath.parseRelaxed("{.metadata.name}").execute(pod)).isEqualTo("web");
    assertThat(JsonPath.parseRelaxed("metadata.name").execute(pod)).isEqualTo("web");
  }
}
